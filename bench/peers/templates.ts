/**
 * The peers' templates (issue 19): DOCX templates for Carbone and for docxtemplater that lay out
 * the bench's finished content (bench/floor.ts `floorContent`) as one generic document — a
 * paragraph per block with its style (Title, Heading 1–3, list paragraph, body), its runs (bold,
 * italic, link text) and its note markers.
 *
 * Both are built at bench time on a skeleton the `docx` library writes with the floor's own
 * settings (styles, numbering, running header, "Page X of Y" footer), so the three documents share
 * their page set-up; only word/document.xml, word/footnotes.xml and the header's text are
 * replaced by template markup.
 *
 * - Carbone: real Word footnotes. Its markers work inside XML attributes too, so the paragraph
 *   style, list numbering, run formatting and the footnote ids come from the data, and a loop in
 *   word/footnotes.xml writes one <w:footnote> per note.
 * - docxtemplater: its free modules have no footnotes (nor attributes from data), so markers are
 *   superscript numbers and the notes are numbered paragraphs at the end of the document; one
 *   paragraph variant per block kind, chosen by a condition (paragraphLoop drops the tag paragraphs).
 *
 * Links are link-styled text in both (neither free template engine writes a link relationship
 * per run); a note with several paragraphs is one paragraph here (every note in the bench has one).
 */
import JSZip from 'jszip';
import { floorDocx, type FloorContent, type FloorRun } from '../floor.js';

export interface PeerRun {
  text: string;
  /** Carbone: attribute values. */
  bold: boolean;
  italic: boolean;
  charStyle: 'Hyperlink' | 'DefaultParagraphFont';
  /** The note number, or '' when the run is text (Carbone hides the reference run on ''). */
  note: number | '';
  /** docxtemplater: exactly one of these is true. */
  plain: boolean; strong: boolean; emphasis: boolean; strongEmphasis: boolean; link: boolean; isNote: boolean;
}

export interface PeerBlock {
  style: string;
  numId: number;
  pageBreak: boolean;
  runs: PeerRun[];
  /** docxtemplater: exactly one kind flag is true. */
  title: boolean; h1: boolean; h2: boolean; h3: boolean; body: boolean; bullet: boolean; number: boolean; pageBreakKind: boolean;
}

export interface PeerData {
  header: string;
  blocks: PeerBlock[];
  notes: Array<{ id: number; runs: PeerRun[] }>;
}

/** Numbering ids of the skeleton's bullet and numbered lists (as the floor's docx writes them). */
interface Skeleton { zip: Buffer; bulletNumId: number; numberNumId: number }

function peerRun(r: FloorRun): PeerRun {
  const none = { plain: false, strong: false, emphasis: false, strongEmphasis: false, link: false, isNote: false };
  if ('note' in r) return { text: '', bold: false, italic: false, charStyle: 'DefaultParagraphFont', note: r.note, ...none, isNote: true };
  const bold = r.bold === true, italic = r.italic === true, link = r.href !== undefined;
  const variant = link ? 'link' : bold && italic ? 'strongEmphasis' : bold ? 'strong' : italic ? 'emphasis' : 'plain';
  return { text: r.text, bold, italic, charStyle: link ? 'Hyperlink' : 'DefaultParagraphFont', note: '', ...none, [variant]: true };
}

/** The template data for a content (built once, outside any timing, as the floor's input is). */
export function peerData(content: FloorContent, skeleton: Pick<Skeleton, 'bulletNumId' | 'numberNumId'>): PeerData {
  const kinds = { title: false, h1: false, h2: false, h3: false, body: false, bullet: false, number: false, pageBreakKind: false };
  const blocks = content.blocks.map((b): PeerBlock => {
    const kind = b.kind === 'page-break' ? 'pageBreakKind' : b.kind === 'p' ? (b.style === 'title' ? 'title' : 'body') : b.kind;
    const style = { title: 'Title', h1: 'Heading1', h2: 'Heading2', h3: 'Heading3', bullet: 'ListParagraph', number: 'ListParagraph', body: 'Normal', pageBreakKind: 'Normal' }[kind];
    const numId = kind === 'bullet' ? skeleton.bulletNumId : kind === 'number' ? skeleton.numberNumId : 0;
    return { style, numId, pageBreak: kind === 'pageBreakKind', runs: b.runs.map(peerRun), ...kinds, [kind]: true };
  });
  const notes = content.notes.map((paragraphs, i) => ({
    id: i + 1,
    runs: paragraphs.flatMap((runs, p) => [...(p > 0 ? [peerRun({ text: ' ' })] : []), ...runs.map(peerRun)]),
  }));
  return { header: content.header ?? '', blocks, notes };
}

// ---------------------------------------------------------------- skeleton

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function skeleton(content: FloorContent): Promise<Skeleton> {
  const zip = await floorDocx({
    ...content,
    blocks: [{ kind: 'bullet', style: 'body', list: 1, runs: [{ text: 'b' }] }, { kind: 'number', style: 'body', list: 2, runs: [{ text: 'n' }] }],
    notes: [],
  });
  const doc = await (await JSZip.loadAsync(zip)).file('word/document.xml')!.async('string');
  const ids = [...doc.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => Number(m[1]));
  if (ids.length !== 2) throw new Error(`skeleton: expected 2 list paragraphs, found ${ids.length}`);
  return { zip, bulletNumId: ids[0]!, numberNumId: ids[1]! };
}

/** Replaces the skeleton's body, adds template footnotes and puts a marker in the header. */
async function fill(s: Skeleton, content: FloorContent, body: string, footnotes: string, headerMarker: string): Promise<Buffer> {
  const zip = await JSZip.loadAsync(s.zip);
  const doc = await zip.file('word/document.xml')!.async('string');
  const start = doc.indexOf('<w:body>') + '<w:body>'.length;
  const end = doc.lastIndexOf('<w:sectPr');
  zip.file('word/document.xml', doc.slice(0, start) + body + doc.slice(end));
  const notes = await zip.file('word/footnotes.xml')!.async('string');
  zip.file('word/footnotes.xml', notes.replace('</w:footnotes>', `${footnotes}</w:footnotes>`));
  if (content.header) {
    for (const name of Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n))) {
      const header = await zip.file(name)!.async('string');
      zip.file(name, header.replace(`>${esc(content.header)}<`, `>${headerMarker}<`));
    }
  }
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

const t = (text: string) => `<w:r><w:t xml:space="preserve">${text}</w:t></w:r>`;
const NOTE_REF = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>';

// ---------------------------------------------------------------- Carbone

/** A run loop over `path` (Carbone: every nesting level iterates with [i], the next item is [i+1]). */
function carboneRuns(path: string, withNotes: boolean): string {
  const r = `${path}[i]`;
  const text = `<w:r><w:rPr><w:rStyle w:val="{${r}.charStyle}"/><w:b w:val="{${r}.bold}"/><w:i w:val="{${r}.italic}"/></w:rPr><w:t xml:space="preserve">{${r}.text}</w:t></w:r>`;
  // The reference run is hidden (removed) for text runs, whose note is ''.
  const note = withNotes ? `${t(`{${r}.note:ifEM():hideBegin}`)}${NOTE_REF}<w:footnoteReference w:id="{${r}.note}"/></w:r>${t(`{${r}.note:hideEnd}`)}` : '';
  return `${text}${note}${t(`{${path}[i+1].text}`)}`;
}

export async function carboneTemplate(content: FloorContent): Promise<{ template: Buffer; data: PeerData }> {
  const s = await skeleton(content);
  const b = 'd.blocks[i]';
  const body =
    `<w:p><w:pPr><w:pStyle w:val="{${b}.style}"/><w:pageBreakBefore w:val="{${b}.pageBreak}"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{${b}.numId}"/></w:numPr></w:pPr>` +
    `${carboneRuns(`${b}.runs`, true)}</w:p>` +
    `<w:p>${t('{d.blocks[i+1].style}')}</w:p>`;
  const n = 'd.notes[i]';
  const footnotes =
    `<w:footnote w:id="{${n}.id}"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>${NOTE_REF}<w:footnoteRef/></w:r>${t(' ')}${carboneRuns(`${n}.runs`, false)}</w:p></w:footnote>` +
    `<w:footnote w:id="{d.notes[i+1].id}"><w:p>${t('{d.notes[i+1].id}')}</w:p></w:footnote>`;
  return { template: await fill(s, content, body, footnotes, '{d.header}'), data: peerData(content, s) };
}

// ---------------------------------------------------------------- docxtemplater

const dxtRuns = () =>
  t('{#runs}{#plain}') + t('{text}') +
  t('{/plain}{#strong}') + `<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>` +
  t('{/strong}{#emphasis}') + `<w:r><w:rPr><w:i/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>` +
  t('{/emphasis}{#strongEmphasis}') + `<w:r><w:rPr><w:b/><w:i/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>` +
  t('{/strongEmphasis}{#link}') + `<w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>` +
  t('{/link}{#isNote}') + `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:t>{note}</w:t></w:r>` +
  t('{/isNote}{/runs}');

export async function docxtemplaterTemplate(content: FloorContent): Promise<{ template: Buffer; data: PeerData }> {
  const s = await skeleton(content);
  const p = (text: string) => `<w:p>${t(text)}</w:p>`;
  const numPr = (id: number) => `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${id}"/></w:numPr>`;
  const variants: Array<[string, string]> = [
    ['title', '<w:pStyle w:val="Title"/>'], ['h1', '<w:pStyle w:val="Heading1"/>'], ['h2', '<w:pStyle w:val="Heading2"/>'],
    ['h3', '<w:pStyle w:val="Heading3"/>'], ['body', ''], ['bullet', `<w:pStyle w:val="ListParagraph"/>${numPr(s.bulletNumId)}`],
    ['number', `<w:pStyle w:val="ListParagraph"/>${numPr(s.numberNumId)}`], ['pageBreakKind', '<w:pageBreakBefore/>'],
  ];
  const body =
    p('{#blocks}') +
    variants.map(([flag, pPr]) => `${p(`{#${flag}}`)}<w:p><w:pPr>${pPr}</w:pPr>${dxtRuns()}</w:p>${p(`{/${flag}}`)}`).join('') +
    p('{/blocks}') +
    // The notes, numbered, after the text: no footnotes without a paid module.
    p('{#notes}') + `<w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>${t('{id}. ')}${dxtRuns()}</w:p>` + p('{/notes}');
  return { template: await fill(s, content, body, '', '{header}'), data: peerData(content, s) };
}
