import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntlMessageFormat } from 'intl-messageformat';
import { readDemoBundle } from '../../../src/demo/seed.js';
import { en } from '../../../src/documents/i18n/catalogues/en.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { generate, importBundle, viewOf, type DocumentView, type Format } from '../../support/documents.js';
import { pdfPages, readDocx, squash } from '../../support/extract.js';

/**
 * Issue 16: each kind × French, Spanish, Russian × DOCX and PDF on the demo data. What a reader
 * of the language would check first: no English sentence of ours left, Cyrillic intact in the
 * PDF's text, French spacing, dates and counts in the language. KEEP_DOCS=dir keeps the files.
 */
const demo = await readDemoBundle();
const LANGUAGES = ['fr', 'es', 'ru'] as const;
type Lang = (typeof LANGUAGES)[number];
const FORMATS: Format[] = ['docx', 'pdf'];

const KINDS = {
  'UN letter': {
    kind: 'un-communication',
    selection: { persons: ['p-kz-0001', 'p-kz-0019'] },
    options: { variant: 'allegation-letter', mandates: ['wg-arbitrary-detention', 'sr-defenders', 'sr-expression'] },
  },
  'UN urgent appeal': {
    kind: 'un-communication',
    selection: { persons: ['p-kz-0001'] },
    options: { variant: 'urgent-appeal', mandates: ['wg-arbitrary-detention'] },
  },
  'EU briefing': {
    kind: 'eu-briefing',
    selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-15' },
    options: { dialogueRound: { number: 10, date: '2018-06-20', place: 'Astana' }, publicationDate: '2018-06-01' },
    // Most of these incidents are not translated in the demo data: their text stays English.
    allowMixedLanguages: true,
  },
  'NGO urgent appeal': {
    kind: 'urgent-appeal',
    selection: { persons: ['p-kz-0001'] },
    options: { appealCode: 'KAZ 001/0318/OBS 025', sampleLetter: true, addressees: [{ title: 'President of the Republic of Kazakhstan', address: 'Akorda, Astana' }] },
  },
} as const;
type KindName = keyof typeof KINDS;

/**
 * The English catalogue's own words: every literal stretch of three words or more between its
 * placeholders. Record text stays in its language; these must not appear in another language's document.
 */
function englishFixedStrings(): string[] {
  const out = new Set<string>();
  const walk = (nodes: unknown[]) => {
    for (const node of nodes as Array<{ type: number; value?: string; options?: Record<string, { value: unknown[] }>; children?: unknown[] }>) {
      if (node.type === 0 && node.value) {
        for (const piece of node.value.split(/[.:;()]/)) {
          const words = piece.trim().split(/\s+/).filter((w) => /\p{L}/u.test(w));
          if (words.length >= 3) out.add(piece.trim());
        }
      }
      if (node.options) for (const o of Object.values(node.options)) walk(o.value);
      if (node.children) walk(node.children);
    }
  };
  for (const message of Object.values(en)) walk(new IntlMessageFormat(message, 'en').getAst() as unknown[]);
  return [...out];
}

/**
 * The document text with the demo records' own text taken out: record text the records do not
 * translate stays in its language (these documents allow that), and may say "human rights defenders" too.
 */
function withoutRecordText(text: string): string {
  const strings: string[] = [];
  const collect = (v: unknown) => {
    if (typeof v === 'string') strings.push(...v.split(/\[\[person:[a-z0-9-]+\]\]/).map(squash).filter((s) => s.length >= 8));
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(demo);
  let out = text;
  for (const s of strings.sort((a, b) => b.length - a.length)) if (out.includes(s)) out = out.split(s).join(' ⟨record⟩ ');
  return out;
}

describe('documents in French, Spanish and Russian (demo data)', () => {
  let t: TestApp;
  const docs = new Map<string, { bytes: Buffer; view: DocumentView; title: string }>();
  const id = (kind: KindName, language: Lang, format: Format) => `${kind} ${language} ${format}`;
  const get = (kind: KindName, language: Lang, format: Format) => docs.get(id(kind, language, format))!;

  beforeAll(async () => {
    t = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000' });
    await importBundle(t.app, demo);
    const keep = process.env.KEEP_DOCS;
    if (keep) mkdirSync(keep, { recursive: true });
    for (const [name, spec] of Object.entries(KINDS) as Array<[KindName, (typeof KINDS)[KindName]]>) {
      for (const language of LANGUAGES) {
        for (const format of FORMATS) {
          const doc = await generate(t.app, { ...spec, language, format });
          docs.set(id(name, language, format), { bytes: doc.bytes, view: await viewOf(doc.bytes, format), title: doc.meta.title });
          if (keep) writeFileSync(`${keep}/${name.replace(/\W+/g, '-')}-${language}.${format}`, doc.bytes);
        }
      }
    }
  }, 600_000);
  afterAll(async () => t?.close());

  const english = englishFixedStrings();

  it('finds enough of the English catalogue to look for (the check would pass vacuously otherwise)', () => {
    expect(english.length).toBeGreaterThan(150);
    expect(english).toContain('The submitting organisation asks that its identity be kept confidential and not be disclosed to the Government');
  });

  for (const kind of Object.keys(KINDS) as KindName[]) {
    for (const language of LANGUAGES) {
      it(`${kind} in ${language}: no English sentence of ours in the DOCX or the PDF`, () => {
        for (const format of FORMATS) {
          const { view } = get(kind, language, format);
          const text = withoutRecordText(squash([view.body, ...view.notes.values(), view.headers].join(' ')));
          expect(text.length).toBeGreaterThan(500);
          const left = english.filter((s) => text.includes(s));
          expect(left, `${format}`).toEqual([]);
        }
      });
    }
  }

  it('prints the mandates by their titles in each language', () => {
    const body = (language: Lang) => get('UN letter', language, 'docx').view.body;
    expect(body('fr')).toContain('Groupe de travail sur la détention arbitraire');
    expect(body('fr')).toContain('Rapporteur spécial sur la situation des défenseurs des droits de l’homme');
    expect(body('es')).toContain('Grupo de Trabajo sobre la Detención Arbitraria');
    expect(body('es')).toContain('Relator Especial sobre la situación de los defensores de derechos humanos');
    expect(body('ru')).toContain('Рабочая группа по произвольным задержаниям');
    expect(body('ru')).toContain('Специальный докладчик по вопросу о положении правозащитников');
  });

  it('keeps Cyrillic intact in the PDF text layer (pdftotext reads what was written)', async () => {
    const pages = (await pdfPages(get('UN letter', 'ru', 'pdf').bytes)).map(squash).join(' ');
    for (const phrase of [
      'Специальный докладчик по вопросу о поощрении и защите права на свободу мнений и их свободное выражение',
      '4. Факты и предполагаемые виновники в хронологическом порядке',
      'Приложение: цитируемые источники',
      'Страница 1 из',
    ]) expect(pages).toContain(phrase);
    expect(pages).not.toMatch(/\uFFFD/);
  });

  it('spaces French punctuation with narrow no-break spaces, in the fixed words and around «»', async () => {
    const docx = await readDocx(get('UN letter', 'fr', 'docx').bytes);
    // The XML as written (the extractor's text squashes U+202F, a space for \s, into an ordinary one).
    const text = ['word/document.xml', 'word/footnotes.xml'].map((part) => docx.parts.get(part) ?? '')
      .join('\n').replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'');
    expect(text).toContain('Annexe\u202F: sources citées');
    expect(text).toMatch(/«\u202F[^»]+\u202F»/);
    // No ordinary or missing space before a high mark, nor inside guillemets.
    expect(text).not.toMatch(/[ \u00A0][;:!?]/);
    expect(text).not.toMatch(/\p{L}[;!?:](\s|$)/u);
    expect(text).not.toMatch(/«[ \u00A0]|[ \u00A0]»/);
    // pdftotext writes U+202F as an ordinary space: the PDF shows the glyph where the DOCX has the character.
    const pdf = (await pdfPages(get('UN letter', 'fr', 'pdf').bytes)).join('\n');
    expect(pdf).toMatch(/Annexe\s:\ssources citées/u);
    expect(pdf).not.toMatch(/Annexe:/);
  });

  it('writes dates, counts and citation short forms in the language', () => {
    const fr = get('EU briefing', 'fr', 'docx').view.body;
    expect(fr).toContain('1er juin 2018');
    expect(fr).toMatch(/repose sur \d+ incidents documentés/);
    expect(fr).toContain('10e session');
    const ru = get('EU briefing', 'ru', 'docx').view.body;
    expect(ru).toContain('1 июня 2018 г.');
    expect(ru).toMatch(/\d+ задокументированн/);
    const es = get('EU briefing', 'es', 'docx').view.body;
    expect(es).toContain('1 de junio de 2018');
    expect(es).toContain('10.ª ronda');
    const notes = (language: Lang) => [...get('UN letter', language, 'docx').view.notes.values()].join('\n');
    expect(notes('ru')).toMatch(/Там же|\(сноска \d+\)/);
    expect(notes('es')).toMatch(/Ibíd\.|\(nota \d+\)/);
  });

  it('prints the records\' own translations, mentions rendered as consent allows', () => {
    expect(get('UN letter', 'fr', 'docx').view.body).toContain('la police a perquisitionné le domicile de Blogger U à Chymkent');
    expect(get('UN letter', 'es', 'docx').view.body).toContain('Akmaral Tobylova afirmó que no veía motivo alguno');
    // The same mention in the Russian translation: a public appeal shows the pseudonym, as in English.
    expect(get('NGO urgent appeal', 'ru', 'pdf').view.body).toContain('Одна из них, Activist A, обсуждала');
    expect(get('UN letter', 'ru', 'docx').view.body).toContain('Уголовный кодекс, статья 174: возбуждение социальной розни');
  });

  it('refuses a final document whose records are not all translated, listing each record and field', async () => {
    const res = await t.app.inject({
      method: 'POST', url: '/api/v1/documents',
      payload: { ...KINDS['EU briefing'], allowMixedLanguages: undefined, language: 'fr' },
    });
    expect(res.statusCode, res.body).toBe(422);
    const problems = (res.json() as { problems: Array<{ path: string; message: string }> }).problems;
    expect(problems.filter((p) => /^\/incidents\/[a-z0-9-]+\/translations\/fr\/summary$/.test(p.path)).length).toBeGreaterThan(1);
    expect(problems.find((p) => p.path.endsWith('/summary'))!.message).toBe('has no French translation of summary');
    expect(problems.every((p) => /^\/(incidents|persons|recommendations)\/[a-z0-9-]+\/translations\/fr\//.test(p.path))).toBe(true);
    // The translated incidents are not listed.
    expect(problems.some((p) => p.path.includes('kz-2018-03-13-almaty-detentions'))).toBe(false);
  });

  it('marks untranslated record text in a draft, in the document\'s language', async () => {
    const doc = await generate(t.app, { ...KINDS['EU briefing'], allowMixedLanguages: undefined, language: 'es', draft: true, format: 'docx' });
    const view = await viewOf(doc.bytes, 'docx');
    expect(view.body).toContain('[SIN TRADUCIR]');
    // A translated incident carries no marker.
    expect(view.body).toMatch(/la policía detuvo en sus domicilios de Almaty/);
    expect(view.body).not.toMatch(/\[SIN TRADUCIR\] El 13 de marzo de 2018, el mismo día/);
  });

  it('names the country in the language and stamps the file with its language', async () => {
    expect(get('NGO urgent appeal', 'es', 'docx').title).toContain('Kazajistán');
    expect(get('NGO urgent appeal', 'ru', 'docx').title).toContain('Казахстан');
    const docx = await readDocx(get('UN letter', 'ru', 'docx').bytes);
    expect(docx.parts.get('docProps/core.xml')).toContain('<dc:language>ru-RU</dc:language>');
  });
});
