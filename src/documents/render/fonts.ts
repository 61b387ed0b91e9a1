/**
 * The DejaVu Sans faces both renderers embed. DejaVu covers Latin, Cyrillic and the Kazakh
 * letters (ә ғ қ ң ө ұ ү һ і) that Word's and PDF's standard fonts lack.
 *
 * The TTF files are read once per process and shared: renderers run per request and must not
 * pay for disk reads (and PDF must not re-parse fonts per table cell).
 *
 * For PDF the faces are also parsed once per process (each render worker has its own): pdfkit
 * takes a parsed fontkit font in place of bytes, and then neither re-parses the TTF nor
 * re-decodes its layout tables (GSUB/GPOS, ~15 ms a face) for every document.
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

/** A parsed font as pdfkit accepts it in place of the file's bytes (a fontkit font). */
export interface ParsedFont {
  layout(text: string, features?: unknown): unknown;
  readonly postscriptName: string;
}

export type ParsedFaces = Record<keyof FontFaces, ParsedFont>;

let parsed: ParsedFaces | undefined;
let parses = 0;

/** How many faces this process has parsed (4 once, then never again): the bench checks it. */
export const fontParses = (): number => parses;

/** The four faces parsed with the fontkit that pdfkit itself uses, once per process. */
export function parsedSansFaces(): ParsedFaces {
  if (parsed === undefined) {
    // Resolved from pdfkit's own location: the same fontkit, whatever npm hoisted.
    const require = createRequire(createRequire(import.meta.url).resolve('pdfkit'));
    const fontkit = require('fontkit') as { create(data: Uint8Array): ParsedFont };
    const faces = sansFaces();
    const parse = (data: Buffer) => {
      parses++;
      return fontkit.create(data);
    };
    parsed = { regular: parse(faces.regular), bold: parse(faces.bold), italic: parse(faces.italic), boldItalic: parse(faces.boldItalic) };
  }
  return parsed;
}
