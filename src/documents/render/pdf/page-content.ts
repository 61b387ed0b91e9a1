/**
 * Page content streams written as text and compressed once a page. pdfkit turns every operator
 * it is handed into a byte array of its own, joins them when the page ends and deflates the
 * result at zlib's default level: per page, thousands of small allocations and the slowest
 * deflate that buys little on text operators. Here every operator of the page (ours and pdfkit's
 * own: colours, rules, links' drawing) goes into one string list, turned into bytes and deflated
 * once, when pdfkit ends the page.
 */
import { deflateSync } from 'node:zlib';
import type { Doc } from './faces.js';

/**
 * zlib level for page content, chosen by measurement on the 200-incident briefing's pages
 * (CPU a page, deflated size a page). With glyphs as hex (pdfkit's way, 22.9 KB of operators a
 * page): level 6, zlib's default, 0.30 ms → 3.0 KB; 3: 0.125 ms → 3.6 KB; 1: 0.105 ms → 4.2 KB.
 * With glyphs as two-byte strings (lines.ts, 13.1 KB a page): 6: 0.139 ms → 2.8 KB; 3: 0.089 ms
 * → 2.9 KB; 1 and 2: 0.09 ms → 3.0–3.1 KB. Level 3: the fastest but for noise, within 4 % of 6's size.
 */
export const CONTENT_DEFLATE_LEVEL = 3;

/** pdfkit's stream object, as far as writing a finished stream into it needs. */
interface PdfStreamRef {
  compress: boolean;
  data: Record<string, unknown>;
  write(chunk: Uint8Array): void;
}

interface PdfkitInternals {
  page: { content: PdfStreamRef };
  addContent(data: string): unknown;
  flushPages(): void;
}

/** From now on the document's page content goes through one string list per page. */
export function collectPageContent(doc: Doc): void {
  const internals = doc as unknown as PdfkitInternals;
  let operators: string[] = [];
  internals.addContent = function addContent(this: unknown, data: string) {
    operators.push(data);
    return this;
  };
  // pdfkit ends the current page (and writes its content) in flushPages: before a new page, and at the end.
  const flushPages = internals.flushPages.bind(doc);
  internals.flushPages = () => {
    if (operators.length > 0) {
      const content = internals.page.content;
      // pdfkit wrote each operator followed by a newline; the same bytes, deflated here.
      operators.push('');
      const bytes = deflateSync(Buffer.from(operators.join('\n'), 'latin1'), { level: CONTENT_DEFLATE_LEVEL });
      operators = [];
      content.compress = false;
      content.data['Filter'] = 'FlateDecode';
      content.write(bytes);
    }
    flushPages();
  };
}
