/**
 * The DOCX body and notes are written as XML strings (body-xml.ts, footnotes-xml.ts) and spliced
 * into the package docx builds: what is written must be well-formed, escaped, and tied together
 * (references ↔ notes, links ↔ relationships, lists ↔ numbering) — and open in LibreOffice.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import type { DocumentModel, Inline } from '../../../../../src/documents/model/model.js';
import { renderDocx } from '../../../../../src/documents/render/docx/docx.renderer.js';
import { escapeMarkup, xmlText } from '../../../../../src/documents/render/docx/xml-escape.js';
import { readZip, writeZip, entryBytes, deflatedEntry } from '../../../../../src/documents/render/docx/zip-package.js';
import { runsXml, textRun } from '../../../../../src/documents/render/docx/runs-xml.js';
import { Hyperlinks } from '../../../../../src/documents/render/docx/part-context.js';
import { XmlBytes } from '../../../../../src/documents/render/docx/xml-bytes.js';
import { buildModel, text } from '../../../../support/model.js';
import { hasTools } from '../../../../support/tools.js';

const workDir = mkdtempSync(join(tmpdir(), 'docx-xml-writer-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function parts(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(buffer);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files)) {
    if (name.endsWith('.xml') || name.endsWith('.rels')) out[name] = await zip.file(name)!.async('string');
  }
  return out;
}

/** Throws unless `xml` is well-formed: tags nest, and no bare "<" or "&" is left in text or attributes. */
function assertWellFormed(xml: string, part: string): void {
  const stack: string[] = [];
  const body = xml.replace(/^<\?xml[^>]*\?>/, '');
  const tag = /<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(body); match; match = tag.exec(body)) {
    const between = body.slice(last, match.index);
    if (/[<>]|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(between)) throw new Error(`${part}: bad text before offset ${match.index}: ${between.slice(0, 80)}`);
    if (/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(match[3] ?? '')) throw new Error(`${part}: bad attribute at ${match.index}`);
    last = tag.lastIndex;
    if (match[4] === '/') continue;
    if (match[1] === '/') {
      const open = stack.pop();
      if (open !== match[2]) throw new Error(`${part}: </${match[2]}> closes <${open}> at ${match.index}`);
    } else stack.push(match[2]!);
  }
  if (body.slice(last).trim() !== '' || stack.length > 0) throw new Error(`${part}: unclosed ${stack.join(' > ')}`);
}

const link = (href: string, value: string): Inline => ({ type: 'link', href, text: value });

describe('DOCX XML writer: escaping', () => {
  it('escapes markup characters and keeps every other character as it is', () => {
    expect(escapeMarkup('a & b < c > d " e \' f')).toBe('a &amp; b &lt; c &gt; d &quot; e &apos; f');
    expect(xmlText('Әсем Құнанбаева — Ерлан Жолеров 😀')).toBe('Әсем Құнанбаева — Ерлан Жолеров 😀');
  });

  it('drops what XML 1.0 forbids (controls, non-characters, unpaired surrogates) and keeps surrogate pairs', () => {
    expect(xmlText('a\u0000b\u0001c\u000Bd\u001Fe\u007Ff\uFFFEg\uFFFFh')).toBe('abcdefgh');
    expect(xmlText('lone \uD800 high, lone \uDC00 low, pair \uD83D\uDE00 kept')).toBe('lone  high, lone  low, pair \uD83D\uDE00 kept');
    expect(xmlText('tab\there\r\nline')).toBe('tab here  line');
  });

  it('writes hostile text into body, notes and metadata as well-formed XML', async () => {
    const hostile = 'x & y <w:t>z</w:t> "q" \'s\' \u0001\u000B\uFFFE \uD800 \uD83D\uDE00 Ғалым Ңөұүһі ]]> &amp;';
    const model = buildModel({
      meta: { title: hostile, author: 'Bureau & "Partners" <NGO>', runningHeader: hostile },
      blocks: [
        { type: 'heading', level: 1, anchor: 'a"<&>', inlines: [text(hostile)] },
        { type: 'paragraph', style: 'quote', inlines: [link('#a"<&>', hostile), link('https://example.org/?a=1&b="2"<', hostile), { type: 'flag', text: hostile }] },
        { type: 'table', header: [[text(hostile)]], rows: [[[text(hostile)], [link('mailto:x@example.org', hostile)]]] },
        { type: 'list', ordered: true, items: [[text(hostile)]] },
      ],
      claims: [hostile],
    });
    model.notes[0]!.paragraphs = [[text(hostile), link('https://example.org/n?x=1&y=2', hostile)], [text(hostile)]];
    const all = await parts(await renderDocx(model, { embedFonts: false }));
    for (const [name, xml] of Object.entries(all)) {
      assertWellFormed(xml, name);
      expect(xml, name).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    const document = all['word/document.xml']!;
    expect(document).toContain('x &amp; y &lt;w:t&gt;z&lt;/w:t&gt; &quot;q&quot; &apos;s&apos;');
    expect(document).toContain('\uD83D\uDE00 Ғалым Ңөұүһі ]]&gt; &amp;amp;');
    expect(all['word/footnotes.xml']).toContain('x &amp; y &lt;w:t&gt;z');
    expect(all['docProps/core.xml']).toContain('<dc:creator>Bureau &amp; &quot;Partners&quot; &lt;NGO&gt;</dc:creator>');
    expect(all['word/_rels/document.xml.rels']).toContain('Target="https://example.org/?a=1&amp;b=&quot;2&quot;&lt;" TargetMode="External"');
  });
});

describe('DOCX XML writer: parts tied together', () => {
  it('gives every footnote reference its note, with the same ids, in order', async () => {
    const claims = Array.from({ length: 25 }, (_, i) => `Claim ${i + 1}`);
    const all = await parts(await renderDocx(buildModel({ claims }), { embedFonts: false }));
    const references = [...all['word/document.xml']!.matchAll(/<w:footnoteReference w:id="(\d+)"\/>/g)].map((m) => Number(m[1]));
    const notes = [...all['word/footnotes.xml']!.matchAll(/<w:footnote w:id="(\d+)">/g)].map((m) => Number(m[1]));
    expect(references).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
    expect(notes).toEqual(references);
    // Word's separators stay, from the package docx built.
    expect(all['word/footnotes.xml']).toContain('<w:footnote w:type="separator" w:id="-1">');
    expect(all['word/footnotes.xml']).toContain('Note 25: source for INC-25');
  });

  it('writes a relationship for every external link, in the part the link is in', async () => {
    const model = buildModel({
      blocks: [{ type: 'paragraph', style: 'body', inlines: [link('https://www.ohchr.org/a', 'OHCHR'), link('https://www.ohchr.org/a', 'again'), link('https://example.org/b', 'B')] }],
      claims: ['claim'],
    });
    model.notes[0]!.paragraphs = [[text('See '), link('https://example.org/note', 'the report')]];
    const all = await parts(await renderDocx(model, { embedFonts: false }));
    const check = (partXml: string, rels: string, targets: string[]) => {
      const ids = [...partXml.matchAll(/<w:hyperlink w:history="1" r:id="([^"]+)">/g)].map((m) => m[1]!);
      expect(ids.length).toBeGreaterThan(0);
      const relTargets = new Map([...rels.matchAll(/<Relationship Id="([^"]+)" Type="[^"]+\/hyperlink" Target="([^"]+)" TargetMode="External"\/>/g)].map((m) => [m[1]!, m[2]!]));
      expect(ids.map((id) => relTargets.get(id))).toEqual(targets);
    };
    check(all['word/document.xml']!, all['word/_rels/document.xml.rels']!, ['https://www.ohchr.org/a', 'https://www.ohchr.org/a', 'https://example.org/b']);
    check(all['word/footnotes.xml']!, all['word/_rels/footnotes.xml.rels']!, ['https://example.org/note']);
    // docx's own relationships are still there.
    expect(all['word/_rels/document.xml.rels']).toContain('Target="footnotes.xml"');
    expect(all['word/_rels/document.xml.rels']).toContain('Target="numbering.xml"');
  });

  it('numbers each ordered list from 1 with its own numbering instance defined in numbering.xml', async () => {
    const model = buildModel({
      blocks: [
        { type: 'list', ordered: true, items: [[text('a1')], [text('a2')]] },
        { type: 'list', ordered: false, items: [[text('bullet')]] },
        { type: 'list', ordered: true, items: [[text('b1')]] },
        { type: 'list', ordered: false, items: [[text('bullet 2')]] },
      ],
    });
    const all = await parts(await renderDocx(model, { embedFonts: false }));
    const numIdOf = (item: string) => new RegExp(`<w:numId w:val="(\\d+)"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">${item}<`).exec(all['word/document.xml']!)?.[1];
    expect(numIdOf('a1')).toBe(numIdOf('a2'));
    expect(numIdOf('b1')).not.toBe(numIdOf('a1'));
    expect(numIdOf('bullet')).toBe(numIdOf('bullet 2'));
    const numbering = all['word/numbering.xml']!;
    const abstractOf = (numId: string | undefined) => new RegExp(`<w:num w:numId="${numId}"><w:abstractNumId w:val="(\\d+)"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/>`).exec(numbering)?.[1];
    const definition = (abstractId: string | undefined) => new RegExp(`<w:abstractNum w:abstractNumId="${abstractId}"[^>]*>.*?</w:abstractNum>`, 's').exec(numbering)?.[0] ?? '';
    expect(definition(abstractOf(numIdOf('a1')))).toContain('<w:lvlText w:val="%1."/>');
    expect(abstractOf(numIdOf('b1'))).toBe(abstractOf(numIdOf('a1')));
    expect(definition(abstractOf(numIdOf('bullet')))).toContain('<w:lvlText w:val="•"/>');
  });

  it('bookmarks an anchor once, with ids unique in the document', async () => {
    const model = buildModel({
      blocks: [
        { type: 'heading', level: 2, anchor: 'one', inlines: [text('One')] },
        { type: 'paragraph', style: 'body', anchor: 'two', inlines: [text('Two'), link('#one', 'back')] },
        { type: 'heading', level: 3, anchor: 'one', inlines: [text('One again')] },
      ],
    });
    const document = (await parts(await renderDocx(model, { embedFonts: false })))['word/document.xml']!;
    const starts = [...document.matchAll(/<w:bookmarkStart w:name="([^"]+)" w:id="(\d+)"\/>/g)];
    expect(starts.map((m) => m[1])).toEqual(['a_one', 'a_two']);
    expect(new Set(starts.map((m) => m[2])).size).toBe(2);
    for (const [, , id] of starts) expect(document).toContain(`<w:bookmarkEnd w:id="${id}"/>`);
    expect(document).toContain('<w:hyperlink w:history="1" w:anchor="a_one">');
  });

  it('keeps one document\'s metadata and text out of the next, though they share a package skeleton', async () => {
    const first = buildModel({ meta: { title: 'KAZ 001 — Ill-treatment of Defender 136', subject: 'About Defender 136' }, claims: ['Defender 136 was detained.'] });
    const second = buildModel({ meta: { title: 'A second appeal', subject: 'Another subject' }, claims: ['Someone else.'] });
    await renderDocx(first, { embedFonts: false });
    const all = await parts(await renderDocx(second, { embedFonts: false }));
    expect(Object.values(all).join('\n')).not.toContain('Defender 136');
    expect(all['docProps/core.xml']).toContain('<dc:title>A second appeal</dc:title>');
    expect(all['docProps/core.xml']).toContain('<dc:subject>Another subject</dc:subject>');
  });

  it('gives each letterhead and running header its own skeleton', async () => {
    const withHeader = (runningHeader: string, name: string) => buildModel({ meta: { runningHeader, letterhead: { name, lines: ['Almaty'] } }, claims: ['x'] });
    await renderDocx(withHeader('APPEAL ONE', 'Bureau One'), { embedFonts: false });
    const all = await parts(await renderDocx(withHeader('APPEAL TWO', 'Bureau Two'), { embedFonts: false }));
    const text = Object.values(all).join('\n');
    expect(text).toContain('APPEAL TWO');
    expect(text).toContain('Bureau Two');
    expect(text).not.toContain('APPEAL ONE');
    expect(text).not.toContain('Bureau One');
  });
});

describe('DOCX XML writer: runs', () => {
  it('gives every combination of marks, on text and on links, the properties built from those marks', () => {
    const context = { bookmarks: new Map([['top', 'a_top']]), bookmarked: new Set<string>(), allowFootnotes: true, hyperlinks: new Hyperlinks(), nextBookmarkId: () => 1 };
    for (let bits = 0; bits < 8; bits++) {
      const marks = { bold: (bits & 1) !== 0, italic: (bits & 2) !== 0, underline: (bits & 4) !== 0 };
      expect(runsXml([{ type: 'text', text: 'a & b', ...marks }], context)).toBe(textRun('a & b', marks));
      const linked = textRun('see', { ...marks, underline: true, color: '1F4E9A' });
      expect(runsXml([{ type: 'link', href: '#top', text: 'see', ...marks }], context)).toBe(`<w:hyperlink w:history="1" w:anchor="a_top">${linked}</w:hyperlink>`);
      expect(runsXml([{ type: 'link', href: 'https://example.org/', text: 'see', ...marks }], context)).toBe(`<w:hyperlink w:history="1" r:id="rIdh1">${linked}</w:hyperlink>`);
      expect(runsXml([{ type: 'link', href: 'javascript:alert(1)', text: 'see', ...marks }], context)).toBe(textRun('see', marks));
    }
    expect(runsXml([{ type: 'link', href: '#nowhere', text: 'see', bold: true }], context)).toBe(textRun('see'));
    expect(runsXml([{ type: 'flag', text: 'UNSOURCED' }], context)).toBe(textRun('UNSOURCED', { bold: true, color: 'C00000', highlight: 'yellow' }));
  });

  it('keeps a part written in many pieces, over many stretches, byte for byte (Kazakh, emoji)', () => {
    const pieces = Array.from({ length: 5_000 }, (_, i) => `<w:t>${i} Әсем Құнанбаева 😀</w:t>`);
    const out = new XmlBytes();
    for (const piece of pieces) out.write(piece);
    const whole = pieces.join('');
    expect(whole.length).toBeGreaterThan(4 * 16 * 1024);
    expect(out.bytes().equals(Buffer.from(whole, 'utf8'))).toBe(true);
    expect(new XmlBytes().bytes().byteLength).toBe(0);
  });
});

describe('DOCX zip container', () => {
  it('reads back what it writes, deflated and stored', async () => {
    const body = 'Әсем '.repeat(20_000);
    const deflated = await deflatedEntry('word/document.xml', body);
    const stored = { name: '[Content_Types].xml', method: 0 as const, crc: (await deflatedEntry('x', 'abc')).crc, size: 3, data: Buffer.from('abc') };
    const entries = readZip(writeZip([stored, deflated]));
    expect(entries.map((e) => e.name)).toEqual(['[Content_Types].xml', 'word/document.xml']);
    expect(Buffer.from(entryBytes(entries[1]!)).toString('utf8')).toBe(body);
    const zip = await JSZip.loadAsync(writeZip([stored, deflated]));
    expect(await zip.file('word/document.xml')!.async('string')).toBe(body);
    expect(await zip.file('[Content_Types].xml')!.async('string')).toBe('abc');
  });
});

describe.runIf(hasTools('soffice', 'pdftotext'))('DOCX XML writer in LibreOffice', () => {
  it('opens with the escaped text, Kazakh, tables, lists, links and notes in place', async () => {
    const model: DocumentModel = buildModel({
      meta: { draft: true, runningHeader: 'URGENT APPEAL — KAZ 001' },
      blocks: [
        { type: 'heading', level: 1, anchor: 'top', inlines: [text('Summary: Әсем Құнанбаева & <Partners>')] },
        { type: 'paragraph', style: 'body', inlines: [text('Quotes "double" and \'single\', bad\u0001char, emoji \uD83D\uDE00'), link('https://www.ohchr.org/en', ' OHCHR link'), link('#top', ' back to top')] },
        { type: 'list', ordered: true, items: [[text('first item')], [text('second item')]] },
        { type: 'table', header: [[text('Date')], [text('Event')]], rows: [[[text('3 May')], [text('Ғалым detained')]]] },
      ],
      claims: ['Ерлан Жолеров was detained on 3 May.'],
    });
    model.notes[0]!.paragraphs = [[text('Source: report & <annex>, '), link('https://example.org/report', 'example.org/report')]];
    const docxPath = join(workDir, 'writer.docx');
    writeFileSync(docxPath, await renderDocx(model));
    const profile = pathToFileURL(join(workDir, 'lo-profile')).href;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, docxPath], { stdio: 'pipe', timeout: 110_000 });
    const pdfText = execFileSync('pdftotext', ['-layout', join(workDir, 'writer.pdf'), '-']).toString('utf8');
    expect(pdfText).toContain('Summary: Әсем Құнанбаева & <Partners>');
    expect(pdfText).toContain('Quotes "double" and \'single\', badchar');
    expect(pdfText).toContain('OHCHR link');
    expect(pdfText).toMatch(/1\.\s+first item/);
    expect(pdfText).toMatch(/2\.\s+second item/);
    expect(pdfText).toMatch(/3 May\s+Ғалым detained/);
    expect(pdfText).toContain('Ерлан Жолеров was detained on 3 May.');
    expect(pdfText).toContain('Source: report & <annex>, example.org/report');
    expect(pdfText).toContain('DRAFT — NOT FOR SUBMISSION');
    expect(pdfText).toContain('Page 1 of 1');
    expect(pdfText).not.toContain('\uFFFD');
    // The links resolve in LibreOffice (its PDF export leaves them out; its HTML export keeps them).
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'html', '--outdir', workDir, docxPath], { stdio: 'pipe', timeout: 110_000 });
    const html = readFileSync(join(workDir, 'writer.html'), 'utf8');
    expect(html).toMatch(/<a href="https:\/\/www\.ohchr\.org\/en"[^>]*>(?:<[^>]+>)*\s*OHCHR link/);
    expect(html).toMatch(/<a href="https:\/\/example\.org\/report"[^>]*>(?:<[^>]+>)*example\.org\/report/);
    expect(html).toMatch(/<a href="#a_top"[^>]*>(?:<[^>]+>)*\s*back to top/);
  }, 240_000);
});
