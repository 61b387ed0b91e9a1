import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../../../src/documents/model/model.js';
import { renderPdf } from '../../../../../src/documents/render/pdf/pdf.renderer.js';
import { ModelBuilder, text } from '../../../../support/model.js';
import { hasTools } from '../../../../support/tools.js';

// Missing tools skip these with a warning locally and fail the run in CI (support/tools.ts).
const hasPoppler = hasTools('pdftotext', 'pdffonts', 'pdfinfo');
const hasQpdf = hasTools('qpdf');
const workDir = mkdtempSync(join(tmpdir(), 'pdf-renderer-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const KAZAKH = 'Әсем Құнанбаева Ғалым Ңөұүһі';

async function writePdf(name: string, model: DocumentModel): Promise<{ path: string; bytes: Buffer }> {
  const bytes = await renderPdf(model);
  const path = join(workDir, `${name}.pdf`);
  writeFileSync(path, bytes);
  return { path, bytes };
}

/** The text of each page, as pdftotext extracts it (pages are separated by form feeds). */
function pageTexts(path: string): string[] {
  const all = execFileSync('pdftotext', ['-layout', path, '-']).toString('utf8');
  return all.split('\f').slice(0, -1);
}

/** The layout output spreads text into columns; compare with single spaces. */
const squash = (value: string): string => value.replace(/\s+/g, ' ');

/** Every object of the PDF, as qpdf's JSON (version 2) shows them. */
function qpdfObjects(path: string): unknown[] {
  const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=qpdf', path]).toString('utf8')) as {
    qpdf: [unknown, Record<string, { value?: unknown }>];
  };
  return Object.values(json.qpdf[1]).map((object) => object.value);
}

/** All values of `key` anywhere inside the objects. */
function valuesOfKey(node: unknown, key: string, found: unknown[] = []): unknown[] {
  if (Array.isArray(node)) node.forEach((item) => valuesOfKey(item, key, found));
  else if (typeof node === 'object' && node !== null) {
    for (const [name, value] of Object.entries(node)) {
      if (name === key) found.push(value);
      valuesOfKey(value, key, found);
    }
  }
  return found;
}

describe('renderPdf: a small appeal', () => {
  let pdf: { path: string; bytes: Buffer };
  const model = new ModelBuilder({ runningHeader: 'URGENT APPEAL — KAZ 001/0318/OBS 025' })
    .block({ type: 'paragraph', style: 'title', inlines: [text('Urgent appeal')] })
    .heading(1, 'Summary', 'summary')
    .claim(`${KAZAKH} was detained on 3 May.`)
    .heading(2, 'Facts')
    .claim('His lawyer was denied access.')
    .block({
      type: 'paragraph', style: 'body', inlines: [
        text('Read the '), { type: 'link', href: 'https://www.ohchr.org/en/special-procedures', text: 'OHCHR page' },
        text(', go back to the '), { type: 'link', href: '#summary', text: 'summary' },
        text(' — '), { type: 'flag', text: 'UNSOURCED' },
      ],
    })
    .block({ type: 'list', ordered: true, items: [[text('First demand')], [text('Second demand')]] })
    .block({ type: 'list', ordered: false, items: [[text('A bullet point')]] })
    .block({ type: 'table', header: [[text('Date')], [text('Event')]], rows: [[[text('3 May 2024')], [text('Detention in Almaty')]]] })
    .heading(1, 'Annex')
    .build();

  beforeAll(async () => {
    pdf = await writePdf('small', model);
  });

  it('is a PDF that qpdf finds no errors in', () => {
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (!hasQpdf) return;
    const check = spawnSync('qpdf', ['--check', pdf.path]);
    expect(check.status, check.stdout.toString() + check.stderr.toString()).toBe(0);
  });

  it.runIf(hasPoppler)('contains body text, note text and Cyrillic/Kazakh text intact', () => {
    const all = pageTexts(pdf.path).join('\n');
    expect(all).toContain(`${KAZAKH} was detained on 3 May.`);
    expect(all).toContain('His lawyer was denied access.');
    expect(all).toContain('Note 1: source for INC-1');
    expect(all).toContain('Note 2: source for INC-2');
    expect(squash(all)).toContain('Read the OHCHR page, go back to the summary — UNSOURCED');
    expect(all).toContain('First demand');
    expect(all).toContain('Detention in Almaty');
    expect(all).not.toContain('\uFFFD');
  });

  it.runIf(hasPoppler)('embeds DejaVu and no other font', () => {
    const rows = execFileSync('pdffonts', [pdf.path]).toString('utf8').trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((row) => /DejaVuSans/.test(row))).toBe(true);
    for (const row of rows) {
      expect(row).toMatch(/DejaVuSans/);
      expect(row.split(/\s+/).slice(-5, -4)[0]).toBe('yes'); // the "emb" column
    }
  });

  it.runIf(hasPoppler)('carries title, author, subject, keywords and creator', () => {
    const info = execFileSync('pdfinfo', [pdf.path]).toString('utf8');
    expect(info).toMatch(/^Title:\s+Communication on Kazakhstan$/m);
    expect(info).toMatch(/^Author:\s+Human Rights Bureau$/m);
    expect(info).toMatch(/^Subject:\s+Arbitrary detention of peaceful protesters$/m);
    expect(info).toMatch(/^Keywords:\s+Kazakhstan, detention$/m);
    expect(info).toMatch(/^Creator:\s+advocacy-docs$/m);
    expect(pdf.bytes.toString('latin1')).toMatch(/\/Lang \(en-GB\)/);
    expect(pdf.bytes.toString('latin1')).toMatch(/\/DisplayDocTitle true/);
  });

  it('has an outline and link annotations that point at named destinations', () => {
    const raw = pdf.bytes.toString('latin1');
    expect(raw).toContain('/Outlines');
    expect(raw).toMatch(/\/Subtype \/Link/);
    expect(raw).toMatch(/\/Dest \(note:1\)/);
    expect(raw).toMatch(/\/Dest \(noteref:1\)/);
    expect(raw).toMatch(/\/Dest \(anchor:summary\)/);
    expect(raw).toContain('/URI (https://www.ohchr.org/en/special-procedures)');
  });

  it.runIf(hasQpdf)('nests h2 under h1 in the outline', () => {
    const json = JSON.parse(execFileSync('qpdf', ['--json=2', '--json-key=outlines', pdf.path]).toString('utf8')) as {
      outlines: Array<{ title: string; kids: Array<{ title: string }> }>;
    };
    expect(json.outlines.map((item) => [item.title, item.kids.map((kid) => kid.title)])).toEqual([
      ['Summary', ['Facts']],
      ['Annex', []],
    ]);
  });

  it.runIf(hasQpdf)('resolves every internal link to a named destination that exists', () => {
    const objects = qpdfObjects(pdf.path);
    const links = objects.filter((value): value is Record<string, unknown> =>
      typeof value === 'object' && value !== null && (value as Record<string, unknown>)['/Subtype'] === '/Link');
    const linkTargets = links.flatMap((link) => (typeof link['/Dest'] === 'string' ? [link['/Dest'].replace(/^u:/, '')] : []));
    expect(linkTargets).toEqual(expect.arrayContaining(['note:1', 'note:2', 'noteref:1', 'noteref:2', 'anchor:summary']));
    const names = new Set(valuesOfKey(objects, '/Names')
      .flatMap((entries) => (Array.isArray(entries) ? entries : []))
      .filter((entry): entry is string => typeof entry === 'string')
      .map((entry) => entry.replace(/^u:/, '')));
    for (const target of linkTargets) expect(names, `destination ${target}`).toContain(target);
  });

  it.runIf(hasPoppler)('prints the running header and "Page X of Y" and no DRAFT on a final document', () => {
    const pages = pageTexts(pdf.path);
    pages.forEach((page, i) => {
      expect(page).toContain('URGENT APPEAL — KAZ 001/0318/OBS 025');
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).not.toContain('DRAFT');
    });
  });
});

describe('renderPdf: footnotes at the foot of the page', () => {
  it.runIf(hasPoppler)('puts every note on the page where its marker is', async () => {
    const builder = new ModelBuilder();
    const longNote = (n: number): string => `Note ${n}: interview with the family in Almaty, court record 2-${n}/2024, `.repeat(4);
    for (let n = 1; n <= 80; n++) builder.claim(`Claim-${n}-marker sentence about the detention.`, longNote(n));
    const { path } = await writePdf('notes', builder.build());
    const pages = pageTexts(path).map(squash);
    expect(pages.length).toBeGreaterThan(3);
    for (let n = 1; n <= 80; n++) {
      const claimPage = pages.findIndex((page) => page.includes(`Claim-${n}-marker`));
      const notePage = pages.findIndex((page) => page.includes(`Note ${n}: interview`));
      expect(claimPage, `claim ${n}`).toBeGreaterThanOrEqual(0);
      expect(notePage, `note ${n} should be on the page of its marker`).toBe(claimPage);
    }
  });

  it.runIf(hasPoppler)('continues a note too long for one page on the next page', async () => {
    const words = Array.from({ length: 1500 }, (_, i) => `w${i}`).join(' ');
    const model = new ModelBuilder().claim('A claim with an enormous note.', `Start of note. ${words} End of note.`).claim('A later claim.').build();
    const { path } = await writePdf('long-note', model);
    const pages = pageTexts(path).map(squash);
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pages[0]).toContain('A claim with an enormous note.');
    expect(pages[0]).toContain('Start of note.');
    const all = pages.join(' ');
    expect(all).toContain('End of note.');
    for (const probe of ['w0 ', 'w700 ', 'w1499 ']) expect(all).toContain(probe);
    expect(all).toContain('Note 2: source for INC-2');
  });
});

describe('renderPdf: pages', () => {
  it.runIf(hasPoppler)('stamps DRAFT on every page of a draft', async () => {
    const builder = new ModelBuilder({ draft: true });
    for (let n = 1; n <= 120; n++) builder.claim(`Claim ${n} about the events of 3 May.`);
    const { path } = await writePdf('draft', builder.build());
    const pages = pageTexts(path);
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => expect(page, `page ${i + 1}`).toContain('DRAFT'));
  });

  it.runIf(hasPoppler)('repeats a table header on every page the table spans', async () => {
    const rows = Array.from({ length: 150 }, (_, i) => [[text(`Row-${i}`)], [text(`Detention reported in district ${i}`)]]);
    const model = new ModelBuilder().block({ type: 'table', header: [[text('Date-col')], [text('Event-col')]], rows }).build();
    const { path } = await writePdf('table', model);
    const pages = pageTexts(path);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) expect(page).toContain('Date-col');
    const all = pages.join('\n');
    for (const i of [0, 75, 149]) expect(all).toContain(`Row-${i}`);
  });

  it.runIf(hasPoppler)('starts a new page at a page break', async () => {
    const model = new ModelBuilder().claim('Before the break.').block({ type: 'page-break' }).claim('After the break.').build();
    const pages = pageTexts((await writePdf('page-break', model)).path);
    expect(pages).toHaveLength(2);
    expect(pages[1]).toContain('After the break.');
    expect(pages[1]).toContain('Note 2: source for INC-2');
  });
});

describe('renderPdf: robustness', () => {
  it('refuses a citation whose note is missing', async () => {
    const model = new ModelBuilder().claim('x').build();
    model.notes = [];
    await expect(renderPdf(model)).rejects.toThrow(/note 1/);
  });

  // How fast is `npm run bench`'s question; here, that all 1000 claims and notes are in the PDF.
  it.runIf(hasPoppler)('renders 1000 cited incidents, every note and heading in its place', async () => {
    const builder = new ModelBuilder({ draft: true, runningHeader: 'ANNEX' });
    for (let n = 1; n <= 1000; n++) {
      if (n % 50 === 1) builder.heading(1, `Region ${n}`);
      builder.claim(`On 12 March 2024 ${KAZAKH} (case ${n}) was detained after a peaceful picket and held for 15 days without access to a lawyer.`);
      builder.block({ type: 'paragraph', style: 'body', inlines: [text('Family members reported pressure from the local authorities, including visits to their workplaces. '.repeat(2))] });
    }
    const { path, bytes } = await writePdf('thousand', builder.build());
    expect(bytes.length).toBeGreaterThan(100_000);
    const pages = pageTexts(path).map(squash);
    expect(pages.length).toBeGreaterThan(20);
    const all = pages.join(' ');
    for (const n of [1, 500, 1000]) expect(all).toContain(`Note ${n}: source for INC-${n}`);
    expect(all).toContain('Region 951');
    expect(pages.every((p) => p.includes('DRAFT'))).toBe(true);
    expect(pages.at(-1)).toContain('Note 1000: source for INC-1000');
  });
});
