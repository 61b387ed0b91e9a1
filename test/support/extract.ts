/**
 * Reads generated files the way a recipient's tools do, independently of our renderers:
 * DOCX through its XML parts (jszip), PDF through poppler (pdftotext, pdfinfo, pdffonts) and
 * qpdf, and DOCX → PDF through LibreOffice. Every external tool runs with execFile (no shell).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Parser } from 'htmlparser2';
import JSZip from 'jszip';

const run = promisify(execFile);

/** Whitespace-insensitive comparisons: PDF lines wrap anywhere a space was (and inside long URLs). */
export const squash = (text: string): string => text.replace(/\s+/g, ' ').trim();
export const strip = (text: string): string => text.replace(/\s+/g, '');

/** Runs `work` with the bytes written to a private temporary file, then removes it. */
export async function withTempFile<T>(bytes: Uint8Array, suffix: string, work: (path: string, dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'extract-'));
  try {
    const path = join(dir, `file${suffix}`);
    await writeFile(path, bytes);
    return await work(path, dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- DOCX

export interface DocxParagraph {
  /** Text with runs joined as Word shows them (tabs and breaks as spaces). */
  text: string;
  style: string | null;
  /** A list item (has w:numPr): the annex and numbered lists. */
  numbered: boolean;
  /** Footnote references, each at the position (in `strip(text)`) where it stands. */
  refs: Array<{ id: number; at: number }>;
}

export interface DocxContent {
  /** Every part of the package, as text (binary parts too, as latin1, so nothing escapes a search). */
  parts: Map<string, string>;
  paragraphs: DocxParagraph[];
  /** Footnote id → its text (separator footnotes left out). */
  footnotes: Map<number, string>;
  /** Text of each header part, e.g. the DRAFT banner. */
  headers: string[];
  footers: string[];
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The XML with tags removed and entities decoded: what a search of a part's text should see. */
export function xmlToText(xml: string): string {
  return xml
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
      e.startsWith('#x') || e.startsWith('#X') ? String.fromCodePoint(parseInt(e.slice(2), 16))
        : e.startsWith('#') ? String.fromCodePoint(Number(e.slice(1)))
          : XML_ENTITIES[e] ?? m);
}

/** Attribute values too (hyperlink targets, bookmark names, watermark text), decoded. */
export function xmlAttributeValues(xml: string): string[] {
  return [...xml.matchAll(/="([^"]*)"/g)].map((m) => xmlToText(m[1] ?? ''));
}

/** Paragraphs of a WordprocessingML part, with footnote references placed in the text. */
function wordParagraphs(xml: string): Array<DocxParagraph & { footnoteId: number | null }> {
  const out: Array<DocxParagraph & { footnoteId: number | null }> = [];
  let current: (DocxParagraph & { footnoteId: number | null }) | null = null;
  let inText = false;
  let footnoteId: number | null = null;
  const parser = new Parser({
    onopentag(name, attribs) {
      if (name === 'w:footnote') footnoteId = Number(attribs['w:id']);
      else if (name === 'w:p') current = { text: '', style: null, numbered: false, refs: [], footnoteId };
      else if (!current) return;
      else if (name === 'w:pstyle' || name === 'w:pStyle') current.style = attribs['w:val'] ?? null;
      else if (name === 'w:numpr' || name === 'w:numPr') current.numbered = true;
      else if (name === 'w:t') inText = true;
      else if (name === 'w:tab' || name === 'w:br') current.text += ' ';
      else if (name === 'w:footnotereference' || name === 'w:footnoteReference') {
        current.refs.push({ id: Number(attribs['w:id']), at: strip(current.text).length });
      }
    },
    ontext(text) {
      if (inText && current) current.text += text;
    },
    onclosetag(name) {
      if (name === 'w:t') inText = false;
      else if (name === 'w:p' && current) {
        out.push(current);
        current = null;
      } else if (name === 'w:footnote') footnoteId = null;
    },
  }, { xmlMode: true, decodeEntities: true });
  parser.write(xml);
  parser.end();
  return out;
}

export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(bytes);
  const parts = new Map<string, string>();
  for (const [path, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const data = await entry.async('nodebuffer');
    parts.set(path, /\.(xml|rels)$/.test(path) ? data.toString('utf8') : data.toString('latin1'));
  }
  const documentXml = parts.get('word/document.xml');
  if (documentXml === undefined) throw new Error('not a DOCX: word/document.xml is missing');
  const footnotes = new Map<number, string>();
  for (const p of wordParagraphs(parts.get('word/footnotes.xml') ?? '')) {
    if (p.footnoteId === null || p.footnoteId <= 0) continue;
    const before = footnotes.get(p.footnoteId);
    footnotes.set(p.footnoteId, squash(before === undefined ? p.text : `${before} ${p.text}`));
  }
  const partsLike = (re: RegExp) => [...parts].filter(([path]) => re.test(path)).map(([, xml]) => squash(wordParagraphs(xml).map((p) => p.text).join(' ')));
  return {
    parts,
    paragraphs: wordParagraphs(documentXml).map(({ footnoteId: _, ...p }) => ({ ...p, text: squash(p.text) })),
    footnotes,
    headers: partsLike(/^word\/header\d*\.xml$/),
    footers: partsLike(/^word\/footer\d*\.xml$/),
  };
}

// ---------------------------------------------------------------- PDF

/** pdftotext's text of each page (form feeds split pages). `layout` keeps note numbers beside their notes. */
export async function pdfPages(bytes: Uint8Array, options: { layout?: boolean; nodiag?: boolean; first?: number; last?: number } = {}): Promise<string[]> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const args = [...(options.layout ? ['-layout'] : []), ...(options.nodiag ? ['-nodiag'] : []), ...(options.first ? ['-f', String(options.first)] : []), ...(options.last ? ['-l', String(options.last)] : []), '-enc', 'UTF-8', path, '-'];
    const { stdout } = await run('pdftotext', args, { maxBuffer: 64 * 1024 * 1024 });
    const pages = stdout.split('\f');
    return pages.slice(0, -1);
  });
}

/** pdftotext of one page only (pages count from 1). */
export async function pdfPageText(bytes: Uint8Array, page: number): Promise<string> {
  return (await pdfPages(bytes, { first: page, last: page })).join('');
}

/** pdfinfo's fields (Title, Author, Subject, Keywords, Pages, …) and the XMP metadata, if any. */
export async function pdfInfo(bytes: Uint8Array): Promise<{ fields: Record<string, string>; xmp: string }> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', path]);
    const fields: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const m = /^([^:]+):\s*(.*)$/.exec(line);
      if (m) fields[m[1]!.trim()] = m[2]!.trim();
    }
    const xmp = (await run('pdfinfo', ['-meta', path])).stdout;
    return { fields, xmp };
  });
}

export interface PdfFont { name: string; type: string; embedded: boolean; subset: boolean; unicode: boolean }

/** pdffonts' table: which fonts are used and whether each is embedded. */
export async function pdfFonts(bytes: Uint8Array): Promise<PdfFont[]> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const { stdout } = await run('pdffonts', [path]);
    const lines = stdout.split('\n');
    const rule = lines[1] ?? '';
    // Columns are fixed-width; the rule line of dashes shows where each starts.
    const columns = [...rule.matchAll(/-+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    return lines.slice(2).filter((l) => l.trim() !== '').map((line) => {
      const cell = (i: number) => line.slice(columns[i]!.start, i + 1 < columns.length ? columns[i + 1]!.start : undefined).trim();
      return { name: cell(0), type: cell(1), embedded: cell(3) === 'yes', subset: cell(4) === 'yes', unicode: cell(5) === 'yes' };
    });
  });
}

/** `qpdf --check`: exit status 0 means a structurally sound file (2 = errors, 3 = warnings). */
export async function qpdfCheck(bytes: Uint8Array): Promise<{ ok: boolean; output: string }> {
  return withTempFile(bytes, '.pdf', async (path) => {
    try {
      const { stdout, stderr } = await run('qpdf', ['--check', path]);
      return { ok: true, output: stdout + stderr };
    } catch (error) {
      const e = error as { stdout?: string; stderr?: string; code?: number };
      return { ok: false, output: `exit ${e.code}: ${e.stdout ?? ''}${e.stderr ?? ''}` };
    }
  });
}

export interface PdfContent {
  pages: string[];
  /** Body text of all pages (notes, running header, page numbers and draft banner left out), squashed. */
  body: string;
  /** Note number → its text ("Title, date, place. Source, …" or "Ibid."), squashed. */
  notes: Map<number, string>;
  /** Note markers found in the body in order, each at its position in `strip(body)` and on its page (from 1). */
  markers: Array<{ number: number; at: number; page: number }>;
  /** The page (from 1) on which each note starts. */
  notePages: Map<number, number>;
}

const NOTE_START = /^\s?(\d{1,4})\s+(\S.*)$/;
const PAGE_FOOTER = /^\s*Page \d+ of \d+\s*$/;

/**
 * The note numbers that open a note on each page: numerals at the left margin set in the notes'
 * size (8 pt: a word box about 9.3 pt high, where body text is 12.2, small print 9.9 and
 * markers 7.6). A body line may open with a number too ("14 February 2018, Astana.").
 */
async function noteLabels(bytes: Uint8Array): Promise<Array<Set<number>>> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const { stdout } = await run('pdftotext', ['-bbox', path, '-'], { maxBuffer: 256 * 1024 * 1024 });
    return stdout.split('<page ').slice(1).map((page) => {
      const words = [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(\d{1,4})<\/word>/g)];
      const left = Math.min(...[...page.matchAll(/<word xMin="([\d.]+)"/g)].map((m) => Number(m[1])));
      return new Set(words
        .filter((m) => Math.abs(Number(m[1]) - left) < 1 && Number(m[3]) - Number(m[2]) > 8.9 && Number(m[3]) - Number(m[2]) < 9.6)
        .map((m) => Number(m[4])));
    });
  });
}

/**
 * Splits each page into body and page-foot notes. In pdftotext's layout mode a note's number
 * stays on the line of its first words ("12   Kazakhstan: …"); a line opening with a number
 * is a note where that number is one of the page's note labels (noteLabels). Body markers are the
 * superscript numbers glued to the end of a word ("home.)3"), found in sequence 1, 2, 3 … so
 * that a year or a count in the text cannot pass for one.
 */
export async function readPdf(bytes: Uint8Array, options: { ignoreLines?: string[] } = {}): Promise<PdfContent> {
  // -nodiag: a draft's big diagonal DRAFT would otherwise be spliced into the lines it crosses.
  const [pages, labels] = await Promise.all([pdfPages(bytes, { layout: true, nodiag: true }), noteLabels(bytes)]);
  const ignore = new Set(['DRAFT — NOT FOR SUBMISSION', ...(options.ignoreLines ?? [])].map(squash));
  const bodyLines: string[] = [];
  /** Where each page's body starts in `strip(body)`, to tell a marker's page. */
  const pageStarts: number[] = [];
  let bodyLength = 0;
  const notes = new Map<number, string>();
  const notePages = new Map<number, number>();
  for (const [index, page] of pages.entries()) {
    pageStarts.push(bodyLength);
    let current: number | null = null;
    const lines = page.split('\n');
    // The notes sit together at the foot of the page: the first of them is the lowest line opening
    // with the page's first note number (a body line above may open with the same number).
    const first = Math.min(...(labels[index] ?? []));
    const zone = lines.findLastIndex((line) => Number(NOTE_START.exec(line)?.[1]) === first);
    for (const [at, line] of lines.entries()) {
      if (PAGE_FOOTER.test(line)) {
        current = null;
        continue;
      }
      const start = NOTE_START.exec(line);
      if (start && zone >= 0 && at >= zone && labels[index]!.has(Number(start[1])) && !notes.has(Number(start[1]))) {
        current = Number(start[1]);
        notes.set(current, start[2]!);
        notePages.set(current, index + 1);
        continue;
      }
      if (current !== null) {
        notes.set(current, `${notes.get(current)} ${line}`);
        continue;
      }
      if (ignore.has(squash(line))) continue;
      bodyLines.push(line);
      bodyLength += strip(line).length;
    }
  }
  for (const [n, text] of notes) notes.set(n, squash(text));
  const body = squash(bodyLines.join('\n'));
  const markers: PdfContent['markers'] = [];
  let offset = 0;
  let next = 1;
  // A section number ("2.1") opening a heading line or following "section" is not a word with a
  // marker; "2018.16" elsewhere is the year and note 16.
  const sectionNumbers = new Set<number>();
  let wordIndex = 0;
  for (const line of bodyLines) {
    const words = squash(line).split(' ').filter(Boolean);
    if (words.length > 0 && /^\d+(?:\.\d+)+$/.test(words[0]!)) sectionNumbers.add(wordIndex);
    wordIndex += words.length;
  }
  const bodyWords = body.split(' ');
  for (const [index, word] of bodyWords.entries()) {
    const isSection = /^\d+(?:\.\d+)+$/.test(word) && (sectionNumbers.has(index) || bodyWords[index - 1] === 'section');
    const m = isSection ? null : /[^\d](\d{1,4})$/.exec(word);
    if (m && Number(m[1]) === next) {
      const at = offset + word.length - m[1]!.length;
      markers.push({ number: next, at, page: pageStarts.filter((start) => start <= at).length });
      next++;
    }
    offset += word.length;
  }
  return { pages, body, notes, markers, notePages };
}

/** Every object of a PDF as qpdf's JSON (version 2) shows it: dictionaries, strings as "u:…". */
async function pdfObjects(bytes: Uint8Array): Promise<unknown[]> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const { stdout } = await run('qpdf', ['--json=2', '--json-key=qpdf', path], { maxBuffer: 256 * 1024 * 1024 });
    const json = JSON.parse(stdout) as { qpdf: [unknown, Record<string, { value?: unknown }>] };
    return Object.values(json.qpdf[1]).map((object) => object.value);
  });
}

function walk(node: unknown, visit: (value: unknown) => void): void {
  visit(node);
  if (Array.isArray(node)) node.forEach((item) => walk(item, visit));
  else if (typeof node === 'object' && node !== null) for (const v of Object.values(node)) walk(v, visit);
}

export interface PdfStructure {
  /** Internal links: the named destination each link annotation goes to. */
  linkTargets: string[];
  /** External links (URIs). */
  uris: string[];
  /** Named destinations that exist. */
  destinations: Set<string>;
  /** Every text string in the file outside content streams: outline titles, metadata, URIs, names. */
  strings: string[];
}

/** Links, destinations and strings of a PDF, from its object graph (not from its rendered text). */
export async function pdfStructure(bytes: Uint8Array): Promise<PdfStructure> {
  const objects = await pdfObjects(bytes);
  const text = (v: unknown) => (typeof v === 'string' && v.startsWith('u:') ? v.slice(2) : null);
  const linkTargets: string[] = [];
  const uris: string[] = [];
  const destinations = new Set<string>();
  const strings: string[] = [];
  walk(objects, (value) => {
    const t = text(value);
    if (t !== null) strings.push(t);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
    const dict = value as Record<string, unknown>;
    if (dict['/Subtype'] === '/Link') {
      const dest = text(dict['/Dest']);
      if (dest !== null) linkTargets.push(dest);
      const uri = text((dict['/A'] as Record<string, unknown> | undefined)?.['/URI']);
      if (uri !== null) uris.push(uri);
    }
    const names = dict['/Names'];
    if (Array.isArray(names)) names.forEach((n, i) => { if (i % 2 === 0 && text(n) !== null) destinations.add(text(n)!); });
  });
  return { linkTargets, uris, destinations, strings };
}

// ---------------------------------------------------------------- LibreOffice

/**
 * DOCX → PDF with LibreOffice, as a recipient opening the file would. A private profile per call
 * lets several conversions run at once without fighting over one user installation.
 */
export async function convertWithLibreOffice(docx: Uint8Array): Promise<Buffer> {
  const profile = join(tmpdir(), `lo-${randomBytes(8).toString('hex')}`);
  try {
    return await withTempFile(docx, '.docx', async (path, dir) => {
      await run('soffice', [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, path], { timeout: 100_000 });
      return readFile(join(dir, 'file.pdf'));
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- How a page looks

export interface WordBox { text: string; xMin: number; yMin: number; xMax: number; yMax: number }

/** The words of one page with their boxes (points from the top left), as pdftotext -bbox sees them. */
export async function pageWords(bytes: Uint8Array, page: number): Promise<WordBox[]> {
  return withTempFile(bytes, '.pdf', async (path) => {
    const { stdout } = await run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), path, '-'], { maxBuffer: 64 * 1024 * 1024 });
    return [...stdout.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
      text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'"),
      xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]), yMax: Number(m[4]),
    }));
  });
}

/**
 * The ink colour inside a box of a page (points): the average of its pixels that are not near
 * white, drawn at 72 dpi so that a point is a pixel. [r, g, b], or null when the box is blank.
 */
export async function inkColour(bytes: Uint8Array, page: number, box: Pick<WordBox, 'xMin' | 'yMin' | 'xMax' | 'yMax'>): Promise<[number, number, number] | null> {
  return withTempFile(bytes, '.pdf', async (path, dir) => {
    await run('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-singlefile', path, join(dir, 'page')]);
    const ppm = await readFile(join(dir, 'page.ppm'));
    // P6 header: "P6\n<width> <height>\n255\n", then RGB bytes.
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.subarray(0, 40).toString('latin1'))!;
    const width = Number(header[1]);
    const offset = header[0].length;
    const sum: [number, number, number] = [0, 0, 0];
    let n = 0;
    for (let y = Math.ceil(box.yMin); y < Math.floor(box.yMax); y++) {
      for (let x = Math.ceil(box.xMin); x < Math.floor(box.xMax); x++) {
        const at = offset + 3 * (y * width + x);
        const [r, g, b] = [ppm[at]!, ppm[at + 1]!, ppm[at + 2]!];
        if (r + g + b > 600) continue; // paper and anti-aliased edges
        sum[0] += r; sum[1] += g; sum[2] += b; n++;
      }
    }
    return n === 0 ? null : [Math.round(sum[0] / n), Math.round(sum[1] / n), Math.round(sum[2] / n)];
  });
}
