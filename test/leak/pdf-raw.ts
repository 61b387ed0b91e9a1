/**
 * What a PDF carries besides its page text: outline titles, link URIs, and every string in the
 * raw objects once decompressed (qpdf --qdf), decoded from PDF string syntax. A name can hide
 * in any of them without showing on a page.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { withTempFile } from '../support/extract.js';

const run = promisify(execFile);

export interface PdfObjects {
  outline: string[];
  uris: string[];
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : null);

/** Outline titles and link URIs, from qpdf's JSON view of the object graph. */
export async function pdfObjects(bytes: Uint8Array): Promise<PdfObjects> {
  const { stdout } = await withTempFile(bytes, '.pdf', (path) => run('qpdf', ['--json=2', '--json-key=qpdf', path], { maxBuffer: 256 * 1024 * 1024 }));
  const json = JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: unknown }>] };
  const outline: string[] = [];
  const uris: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const dict = node as Record<string, unknown>;
    const title = text(dict['/Title']);
    // Outline items have a parent or siblings; the document information dictionary has neither.
    if (title !== null && ('/Parent' in dict || '/Next' in dict || '/Prev' in dict || '/Dest' in dict)) outline.push(title);
    // Link actions are often objects of their own: any dictionary with a /URI is one.
    const uri = text(dict['/URI']);
    if (uri !== null) uris.push(uri);
    Object.values(dict).forEach(visit);
  };
  Object.values(json.qpdf[1]).forEach((o) => visit(o.value));
  return { outline, uris };
}

/** Decodes a PDF literal string body: escapes, octal codes; UTF-16BE when it starts with a BOM. */
function literal(body: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') { bytes.push(c.charCodeAt(0) & 0xff); continue; }
    const n = body[++i] ?? '';
    const esc: Record<string, number> = { n: 10, r: 13, t: 9, b: 8, f: 12, '(': 40, ')': 41, '\\': 92 };
    if (n in esc) bytes.push(esc[n]!);
    else if (/[0-7]/.test(n)) {
      let oct = n;
      while (oct.length < 3 && /[0-7]/.test(body[i + 1] ?? '')) oct += body[++i];
      bytes.push(parseInt(oct, 8) & 0xff);
    } else if (n === '\r' || n === '\n') continue;
    else bytes.push(n.charCodeAt(0) & 0xff);
  }
  return decodeBytes(bytes);
}

function decodeBytes(bytes: number[]): string {
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    let s = '';
    for (let i = 2; i + 1 < bytes.length; i += 2) s += String.fromCharCode((bytes[i]! << 8) | bytes[i + 1]!);
    return s;
  }
  const buf = Buffer.from(bytes);
  const utf8 = buf.toString('utf8');
  return utf8.includes('\uFFFD') ? buf.toString('latin1') : utf8;
}

/** Every string of the decompressed file: literal and hex strings decoded, plus readable lines (XMP). */
export async function pdfRawStrings(bytes: Uint8Array): Promise<string> {
  const raw = await withTempFile(bytes, '.pdf', async (path, dir) => {
    const out = join(dir, 'qdf.pdf');
    try {
      await run('qpdf', ['--qdf', '--object-streams=disable', path, out], { maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      // qpdf exits 3 on warnings and still writes the file.
      if ((error as { code?: number }).code !== 3) throw error;
    }
    return readFile(out);
  });
  const latin = raw.toString('latin1');
  const found: string[] = [];
  for (const m of latin.matchAll(/\((?:\\[\s\S]|[^\\()])*\)/g)) found.push(literal(m[0].slice(1, -1)));
  // Hex strings that are text start with a byte order mark; the rest are glyph ids of page text.
  for (const m of latin.matchAll(/<(FEFF[0-9A-Fa-f\s]*)>/gi)) {
    const hex = m[1]!.replace(/\s+/g, '');
    if (hex.length % 2 === 0) found.push(decodeBytes(hex.match(/../g)!.map((h) => parseInt(h, 16))));
  }
  // Metadata streams (XMP) are UTF-8 text; binary streams (fonts) are dropped line by line.
  for (const line of raw.toString('utf8').split('\n')) {
    if (line.length > 0 && line.length < 4000 && !/[\u0000-\u0008\u000E-\u001F\uFFFD]/.test(line)) found.push(line);
  }
  return found.join('\n');
}
