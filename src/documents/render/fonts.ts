/**
 * The DejaVu Sans faces both renderers embed. DejaVu covers Latin, Cyrillic and the Kazakh
 * letters (ә ғ қ ң ө ұ ү һ і) that Word's and PDF's standard fonts lack.
 *
 * The TTF files are read once per process and shared: renderers run per request and must not
 * pay for disk reads (and PDF must not re-parse fonts per table cell).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const SANS_FAMILY = 'DejaVu Sans';

export interface FontFaces {
  regular: Buffer;
  bold: Buffer;
  italic: Buffer;
  boldItalic: Buffer;
}

const FILES: Record<keyof FontFaces, string> = {
  regular: 'DejaVuSans.ttf',
  bold: 'DejaVuSans-Bold.ttf',
  italic: 'DejaVuSans-Oblique.ttf',
  boldItalic: 'DejaVuSans-BoldOblique.ttf',
};

let cached: FontFaces | undefined;

function fontDirectory(): string {
  // The package has no "main"; resolve its package.json to find the ttf folder wherever npm put it.
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** The four DejaVu Sans faces, loaded on first use and cached for the life of the process. */
export function sansFaces(): FontFaces {
  if (cached === undefined) {
    const directory = fontDirectory();
    cached = {
      regular: readFileSync(join(directory, FILES.regular)),
      bold: readFileSync(join(directory, FILES.bold)),
      italic: readFileSync(join(directory, FILES.italic)),
      boldItalic: readFileSync(join(directory, FILES.boldItalic)),
    };
  }
  return cached;
}
