import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDocx } from '../../../../../src/documents/render/docx/docx.renderer.js';
import { buildModel, text } from '../../../../support/model.js';
import { hasTools } from '../../../../support/tools.js';

const workDir = mkdtempSync(join(tmpdir(), 'docx-renderer-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

async function unzip(buffer: Buffer): Promise<JSZip> {
  return JSZip.loadAsync(buffer);
}

async function part(zip: JSZip, path: string): Promise<string> {
  const file = zip.file(path);
  if (file === null) throw new Error(`missing part ${path}`);
  return file.async('string');
}

describe('renderDocx', () => {
  it('writes a real Word footnote for every citation', async () => {
    const model = buildModel({ claims: ['He was detained on 3 May.', 'His lawyer was denied access.', 'He was detained on 3 May again.'] });
    const zip = await unzip(await renderDocx(model));
    const footnotes = await part(zip, 'word/footnotes.xml');
    const document = await part(zip, 'word/document.xml');
    for (const note of model.notes) expect(footnotes).toContain(`Note ${note.number}: source for ${note.incidentKey}`);
    expect(document.match(/<w:footnoteReference /g)).toHaveLength(3);
    for (const n of [1, 2, 3]) expect(document).toContain(`<w:footnoteReference w:id="${n}"/>`);
    expect(document).toContain('His lawyer was denied access.');
  });

  it('writes title, subject, author, keywords and language into the core properties', async () => {
    const zip = await unzip(await renderDocx(buildModel({ meta: { language: 'kk-KZ', author: 'Bureau & Partners' } })));
    const core = await part(zip, 'docProps/core.xml');
    expect(core).toContain('<dc:title>Communication on Kazakhstan</dc:title>');
    expect(core).toContain('<dc:subject>Arbitrary detention of peaceful protesters</dc:subject>');
    expect(core).toContain('<dc:creator>Bureau &amp; Partners</dc:creator>');
    expect(core).toContain('<cp:lastModifiedBy>Bureau &amp; Partners</cp:lastModifiedBy>');
    expect(core).toContain('<cp:keywords>Kazakhstan, detention</cp:keywords>');
    expect(core).toContain('<dc:language>kk-KZ</dc:language>');
  });

  it('keeps Cyrillic and Kazakh text as Unicode and embeds DejaVu Sans', async () => {
    const zip = await unzip(await renderDocx(buildModel({ claims: ['Әсем Құнанбаева Ғалым Ңөұүһі'] })));
    expect(await part(zip, 'word/document.xml')).toContain('Әсем Құнанбаева Ғалым Ңөұүһі');
    expect(await part(zip, 'word/fontTable.xml')).toContain('DejaVu Sans');
    expect(Object.keys(zip.files).filter((name) => name.startsWith('word/fonts/'))).toHaveLength(4);
  });

  it('can name a common font instead of embedding DejaVu, keeping the text Unicode', async () => {
    const zip = await unzip(await renderDocx(buildModel({ claims: ['Әсем Құнанбаева Ғалым Ңөұүһі'] }), { embedFonts: false }));
    expect(await part(zip, 'word/document.xml')).toContain('Әсем Құнанбаева Ғалым Ңөұүһі');
    expect(await part(zip, 'word/styles.xml')).toContain('w:ascii="Arial"');
    expect(Object.keys(zip.files).some((name) => name.startsWith('word/fonts/'))).toBe(false);
  });

  // How fast is `npm run bench`'s question; here, that 1000 notes all arrive, in order.
  it('renders 1000 citations as 1000 footnotes', async () => {
    const claims = Array.from({ length: 1000 }, (_, i) => `Claim ${i + 1}: Ғалым was detained and held without a lawyer.`);
    const zip = await unzip(await renderDocx(buildModel({ claims }), { embedFonts: false }));
    const footnotes = await part(zip, 'word/footnotes.xml');
    expect(footnotes.match(/<w:footnote w:id="\d+">/g)).toHaveLength(1000);
    expect(footnotes).toContain('Note 1000: source for INC-1000');
    const references = (await part(zip, 'word/document.xml')).match(/<w:footnoteReference w:id="(\d+)"\/>/g) ?? [];
    expect(references).toHaveLength(1000);
    expect(references.map((r) => Number(/\d+/.exec(r)![0]))).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1));
  });

  it('marks a draft on every page through the header, and shows the running header', async () => {
    const zip = await unzip(await renderDocx(buildModel({ meta: { draft: true, runningHeader: 'URGENT APPEAL — KAZ 001/0318' }, claims: ['x'] })));
    const headers = await Promise.all(Object.keys(zip.files).filter((name) => /^word\/header\d+\.xml$/.test(name)).map((name) => part(zip, name)));
    expect(headers.join('')).toContain('DRAFT — NOT FOR SUBMISSION');
    expect(headers.join('')).toContain('URGENT APPEAL — KAZ 001/0318');
    const document = await part(zip, 'word/document.xml');
    expect(document).toMatch(/<w:headerReference w:type="default"/);
  });

  it('has no DRAFT marking when the document is final', async () => {
    const zip = await unzip(await renderDocx(buildModel({ claims: ['x'] })));
    const all = await Promise.all(Object.keys(zip.files).filter((name) => name.endsWith('.xml')).map((name) => part(zip, name)));
    expect(all.join('')).not.toContain('DRAFT');
  });

  it('numbers pages as "Page X of Y" in the footer', async () => {
    const zip = await unzip(await renderDocx(buildModel({ claims: ['x'] })));
    const footers = await Promise.all(Object.keys(zip.files).filter((name) => /^word\/footer\d+\.xml$/.test(name)).map((name) => part(zip, name)));
    const footer = footers.join('');
    expect(footer).toContain('Page ');
    expect(footer).toMatch(/PAGE/);
    expect(footer).toMatch(/NUMPAGES/);
  });

  it('bookmarks anchored headings, links to them internally, and links out externally', async () => {
    const model = buildModel({
      blocks: [
        { type: 'heading', level: 1, anchor: 'annex 1', inlines: [text('Annex')] },
        {
          type: 'paragraph', style: 'body', inlines: [
            { type: 'link', href: '#annex 1', text: 'see annex' },
            text(' and '),
            { type: 'link', href: 'https://www.ohchr.org/en/special-procedures', text: 'OHCHR' },
            text(' and '),
            { type: 'link', href: '#missing', text: 'a dead link' },
          ],
        },
      ],
    });
    const zip = await unzip(await renderDocx(model));
    const document = await part(zip, 'word/document.xml');
    const bookmark = /<w:bookmarkStart [^>]*w:name="([^"]+)"/.exec(document)?.[1];
    expect(bookmark).toMatch(/^[A-Za-z][A-Za-z0-9_]{0,39}$/);
    expect(document).toContain(`w:anchor="${bookmark}"`);
    expect(document).not.toContain('w:anchor="a_missing"');
    expect(document).toContain('a dead link');
    const rels = await part(zip, 'word/_rels/document.xml.rels');
    expect(rels).toContain('Target="https://www.ohchr.org/en/special-procedures" TargetMode="External"');
  });

  it('renders lists with numbering, tables with borders, page breaks and flags', async () => {
    const model = buildModel({
      blocks: [
        { type: 'list', ordered: true, items: [[text('first')], [text('second')]] },
        { type: 'list', ordered: false, items: [[text('bullet')]] },
        { type: 'table', header: [[text('Date')], [text('Event')]], rows: [[[text('3 May')], [text('Detention')]]] },
        { type: 'page-break' },
        { type: 'paragraph', style: 'urgent', inlines: [text('Claim '), { type: 'flag', text: 'UNSOURCED' }] },
      ],
    });
    const zip = await unzip(await renderDocx(model));
    const document = await part(zip, 'word/document.xml');
    const numbering = await part(zip, 'word/numbering.xml');
    expect(numbering).toContain('w:val="decimal"');
    // The PDF's small bullet, not docx's default "●" (a large disc in LibreOffice).
    expect(numbering).toMatch(/<w:numFmt w:val="bullet"\/><w:lvlText w:val="•"\/>/);
    // Header cells bold in their runs, as in the PDF (a paragraph's run properties bold only its mark).
    expect(document).toMatch(/<w:r><w:rPr><w:b\/><w:bCs\/><\/w:rPr><w:t[^>]*>Date<\/w:t><\/w:r>/);
    expect(document.match(/<w:numPr>/g)?.length).toBeGreaterThanOrEqual(3);
    expect(document).toContain('<w:tbl>');
    expect(document).toMatch(/<w:tblBorders>.*<w:insideH w:val="single"/s);
    expect(document).toContain('<w:tblHeader/>');
    expect(document).toContain('<w:br w:type="page"/>');
    const flagRun = /<w:r><w:rPr>((?:(?!<\/w:rPr>).)*)<\/w:rPr><w:t[^>]*>UNSOURCED<\/w:t>/.exec(document)?.[1] ?? '';
    expect(flagRun).toContain('<w:b/>');
    expect(flagRun).toContain('<w:color w:val="C00000"/>');
    expect(flagRun).toContain('<w:highlight w:val="yellow"/>');
    expect(document).toContain('w:val="Urgent"');
  });

  it('gives the title the headings\' blue and every line spacing an explicit rule (LibreOffice read a missing one as exact)', async () => {
    const styles = await part(await unzip(await renderDocx(buildModel({}))), 'word/styles.xml');
    const title = /<w:style w:type="paragraph" w:styleId="Title">.*?<\/w:style>/s.exec(styles)?.[0] ?? '';
    expect(title).toContain('<w:color w:val="1F3864"/>');
    expect(title).toMatch(/<w:spacing [^>]*w:lineRule="auto"/);
    for (const spacing of styles.match(/<w:spacing [^>]*w:line="\d+"[^>]*>/g) ?? []) expect(spacing).toContain('w:lineRule=');
  });

    it('never writes control characters into the XML', async () => {
    const model = buildModel({ claims: ['bad\u000Bchar\u0001s\uFFFE here'] });
    const document = await part(await unzip(await renderDocx(model)), 'word/document.xml');
    expect(document).toContain('badchars here');
    expect(document).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE]/);
  });

  it('refuses a citation that has no note', async () => {
    const model = buildModel({ claims: ['x'] });
    model.notes = [];
    await expect(renderDocx(model)).rejects.toThrow(/no note/);
  });

  it.runIf(hasTools('soffice', 'pdftotext'))('opens in LibreOffice with footnotes in place', async () => {
    const model = buildModel({
      meta: { draft: true, runningHeader: 'URGENT APPEAL' },
      blocks: [{ type: 'heading', level: 1, inlines: [text('Summary Әсем Құнанбаева')] }],
      claims: ['Ғалым Ңөұүһі was detained on 3 May.', 'His lawyer was denied access.'],
    });
    const docxPath = join(workDir, 'appeal.docx');
    writeFileSync(docxPath, await renderDocx(model));
    // A private profile, so parallel runs (or a desktop LibreOffice) cannot lock us out.
    const profile = pathToFileURL(join(workDir, 'lo-profile')).href;
    execFileSync('soffice', [`-env:UserInstallation=${profile}`, '--headless', '--convert-to', 'pdf', '--outdir', workDir, docxPath], { stdio: 'pipe', timeout: 50_000 });
    const pdfText = execFileSync('pdftotext', ['-layout', join(workDir, 'appeal.pdf'), '-']).toString('utf8');
    expect(pdfText).toContain('Summary Әсем Құнанбаева');
    expect(pdfText).toContain('Ғалым Ңөұүһі was detained on 3 May.');
    expect(pdfText).toContain('Note 1: source for INC-1');
    expect(pdfText).toContain('Note 2: source for INC-2');
    expect(pdfText).toContain('DRAFT — NOT FOR SUBMISSION');
    expect(pdfText).toContain('Page 1 of 1');
    expect(pdfText).not.toContain('\uFFFD');
    expect(readFileSync(join(workDir, 'appeal.pdf')).length).toBeGreaterThan(1000);
  });
});
