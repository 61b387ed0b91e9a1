/**
 * The peer bench (issue 19) compares us with Carbone and docxtemplater on the same content: these
 * tests hold the peers' templates to that — the same headings, paragraph texts, run formatting and
 * (Carbone) the same footnotes as the content they are given.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { FloorContent, FloorRun } from '../../../../bench/floor.js';
import { carboneRender, docxtemplaterRender, loadCarbone } from '../../../../bench/peers/producers.js';
import { carboneTemplate, docxtemplaterTemplate } from '../../../../bench/peers/templates.js';

const content: FloorContent = {
  title: 'Key issues', subject: 'Briefing', author: 'The organisation', header: 'Briefing — not for publication',
  blocks: [
    { kind: 'p', style: 'title', runs: [{ text: 'Key issues for the Dialogue' }] },
    { kind: 'h1', style: 'body', runs: [{ text: 'Summary' }] },
    { kind: 'p', style: 'body', runs: [{ text: 'January 2016, Astana.', bold: true }, { text: ' Police detained Ардақ Сейғалов & two others <outside> the court.' }, { note: 1 }, { text: ' He was released.' }, { note: 2 }] },
    { kind: 'bullet', style: 'body', list: 1, runs: [{ text: 'Freedom of assembly', bold: true }, { text: ': 22 incidents (' }, { text: 'section 1' }, { text: ').' }] },
    { kind: 'page-break', style: 'body', runs: [] },
    { kind: 'h2', style: 'body', runs: [{ text: '1. Freedom of peaceful assembly' }] },
    { kind: 'h3', style: 'body', runs: [{ text: '1.1 Detention' }] },
    { kind: 'number', style: 'body', list: 2, runs: [{ text: 'Release everyone detained.' }, { note: 3 }] },
    { kind: 'number', style: 'body', list: 2, runs: [{ text: 'Drop the charges.' }] },
  ],
  notes: [
    [[{ text: 'Detention in Astana', italic: true }, { text: ', January 2016. Report, ' }, { text: 'https://news.example.kz/1', href: 'https://news.example.kz/1' }, { text: '.' }]],
    [[{ text: 'Confidential source (interview, January 2016).' }]],
    [[{ text: 'Recommendation of the ' }, { text: 'Special Rapporteur', bold: true, italic: true }, { text: '.' }]],
  ],
};

const text = (runs: readonly FloorRun[]) => runs.map((r) => ('note' in r ? '' : r.text)).join('');
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

interface Para { style: string; text: string; boldText: string; noteRefs: string[]; pageBreak: boolean }
function paragraphs(xml: string): Para[] {
  return [...xml.matchAll(/<w:p\b[^>]*>([\s\S]*?)<\/w:p>/g)].map(([, p]) => {
    const runs = [...p!.matchAll(/<w:r\b[^>]*>([\s\S]*?)<\/w:r>/g)].map(([, r]) => ({
      bold: /<w:b(?: w:val="(?:true|1|on)")?\/>/.test(r!),
      text: decode([...r!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')),
    }));
    return {
      style: /<w:pStyle w:val="([^"]*)"/.exec(p!)?.[1] ?? 'Normal',
      text: runs.map((r) => r.text).join(''),
      boldText: runs.filter((r) => r.bold).map((r) => r.text).join(''),
      noteRefs: [...p!.matchAll(/<w:footnoteReference w:id="([^"]*)"\/>/g)].map((m) => m[1]!),
      pageBreak: /<w:pageBreakBefore(?: w:val="(?:true|1|on)")?\/>/.test(p!),
    };
  });
}

async function parts(docx: Buffer) {
  const zip = await JSZip.loadAsync(docx);
  const read = (name: string) => zip.file(name)!.async('string');
  const document = await read('word/document.xml');
  const body = document.slice(document.indexOf('<w:body>'), document.lastIndexOf('<w:sectPr'));
  const footnotes = [...(await read('word/footnotes.xml')).matchAll(/<w:footnote w:id="(\d+)">([\s\S]*?)<\/w:footnote>/g)]
    .filter(([, id]) => Number(id) > 0).map(([, id, xml]) => ({ id, text: paragraphs(xml!).map((p) => p.text).join('').trim() }));
  const headers = await Promise.all(Object.keys(zip.files).filter((n) => /^word\/header\d*\.xml$/.test(n)).map(read));
  return { paragraphs: paragraphs(body).filter((p) => p.text !== '' || p.pageBreak || p.noteRefs.length > 0), footnotes, headers: headers.join('') };
}

const STYLE = { h1: 'Heading1', h2: 'Heading2', h3: 'Heading3', bullet: 'ListParagraph', number: 'ListParagraph' } as const;
const expectedStyle = (b: FloorContent['blocks'][number]) => (b.kind === 'p' ? (b.style === 'title' ? 'Title' : 'Normal') : b.kind === 'page-break' ? 'Normal' : STYLE[b.kind]);
const boldText = (runs: readonly FloorRun[]) => runs.map((r) => ('note' in r || !r.bold ? '' : r.text)).join('');

const dir = mkdtempSync(join(tmpdir(), 'peer-templates-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the peer templates lay out the content they are given', () => {
  it('Carbone: the same paragraphs, styles, bold runs, header and real footnotes', async () => {
    const { template, data } = await carboneTemplate(content);
    const path = join(dir, 'carbone.docx');
    writeFileSync(path, template);
    const out = await parts(await carboneRender(await loadCarbone(join(dir, 'carbone')), path, data));

    expect(out.paragraphs.map((p) => p.text)).toEqual(content.blocks.map((b) => text(b.runs)));
    expect(out.paragraphs.map((p) => p.style)).toEqual(content.blocks.map(expectedStyle));
    expect(out.paragraphs.map((p) => p.boldText)).toEqual(content.blocks.map((b) => boldText(b.runs)));
    expect(out.paragraphs.map((p) => p.pageBreak)).toEqual(content.blocks.map((b) => b.kind === 'page-break'));
    expect(out.paragraphs.flatMap((p) => p.noteRefs)).toEqual(['1', '2', '3']);
    expect(out.footnotes).toEqual(content.notes.map((n, i) => ({ id: String(i + 1), text: n.map(text).join(' ') })));
    expect(out.headers).toContain('Briefing — not for publication');
  });

  it('docxtemplater: the same paragraphs, styles and bold runs; the notes numbered after the text (no footnotes)', async () => {
    const { template, data } = await docxtemplaterTemplate(content);
    const out = await parts(docxtemplaterRender(template, data));
    const notes = content.notes.map((n, i) => `${i + 1}. ${n.map(text).join(' ')}`);
    // Note markers are superscript numbers in the text.
    const withMarkers = (runs: readonly FloorRun[]) => runs.map((r) => ('note' in r ? String(r.note) : r.text)).join('');

    expect(out.paragraphs.map((p) => p.text)).toEqual([...content.blocks.map((b) => withMarkers(b.runs)), ...notes]);
    expect(out.paragraphs.slice(0, content.blocks.length).map((p) => p.style)).toEqual(content.blocks.map(expectedStyle));
    expect(out.paragraphs.slice(0, content.blocks.length).map((p) => p.boldText)).toEqual(content.blocks.map((b) => boldText(b.runs)));
    expect(out.paragraphs.map((p) => p.pageBreak)).toEqual([...content.blocks.map((b) => b.kind === 'page-break'), ...notes.map(() => false)]);
    expect(out.footnotes).toEqual([]);
    expect(out.headers).toContain('Briefing — not for publication');
  });
});
