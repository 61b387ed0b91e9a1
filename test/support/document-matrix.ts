/**
 * The acceptance matrix of issue 3: every kind (and UN variant) × format on one data set,
 * generated once through the HTTP API, then checked for citations, annex, consent and
 * confidentiality with the tests' own oracle (consent-oracle.ts), not the implementation's.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './app.js';
import {
  citedAsConfidential, confidentialCitation, findNames, mayName, nameFreeWindow, protectedNamePatterns,
  type Audience, type Bundle, type BundleIncident, type BundleSource,
} from './consent-oracle.js';
import {
  citedIncidents, generate, occurrences, selectedIncidents, viewOf,
  type DocumentView, type Format, type Generated, type SelectionSpec,
} from './documents.js';
import { pdfFonts, qpdfCheck, squash, strip } from './extract.js';

export interface MatrixCase {
  /** e.g. "UN allegation letter". */
  name: string;
  kind: 'un-communication' | 'eu-briefing' | 'urgent-appeal';
  selection: SelectionSpec;
  options: Record<string, unknown>;
}

export interface MatrixSpec {
  label: string;
  /** The bundles loaded, in order (the protected list is computed from all of them). */
  bundles: Bundle[];
  load(app: FastifyInstance): Promise<void>;
  cases: MatrixCase[];
  /** Per audience: a consenting person's native-script name with Kazakh letters that a UN communication must show. */
  kazakhNativeName?: { caseName: string; text: string };
}

const FORMATS: Format[] = ['docx', 'pdf'];
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/u;

const audienceOf = (kind: MatrixCase['kind']): Audience => (kind === 'un-communication' ? 'un' : 'public');

interface Generation {
  c: MatrixCase;
  format: Format;
  doc: Generated;
  view: DocumentView;
}

/** A generated document of the matrix, for extra assertions in the calling test file (after beforeAll). */
export type MatrixDocuments = (caseName: string, format: Format) => { doc: Generated; view: DocumentView };

export function defineDocumentMatrix(spec: MatrixSpec): MatrixDocuments {
  const bundle = spec.bundles.at(-1)!;
  const allSources = new Map(spec.bundles.flatMap((b) => b.sources).map((s) => [s.key, s]));
  const confidential = [...allSources.values()].filter((s) => s.confidential);

  let accessor: MatrixDocuments = () => {
    throw new Error('documents are generated in beforeAll');
  };
  describe(`documents matrix: ${spec.label}`, () => {
    let t: TestApp;
    const generated = new Map<string, Generation>();
    const id = (c: MatrixCase, format: Format) => `${c.name} ${format}`;
    accessor = (caseName, format) => {
      const found = generated.get(`${caseName} ${format}`);
      if (!found) throw new Error(`no generated document "${caseName}" (${format})`);
      return found;
    };

    beforeAll(async () => {
      t = await createTestApp();
      await spec.load(t.app);
      // One generation per case and format; every assertion below reads these.
      for (const c of spec.cases) {
        for (const format of FORMATS) {
          const doc = await generate(t.app, { kind: c.kind, format, selection: c.selection, options: c.options });
          generated.set(id(c, format), { c, format, doc, view: await viewOf(doc.bytes, format) });
        }
      }
    });
    afterAll(async () => t?.close());

    for (const c of spec.cases) {
      const audience = audienceOf(c.kind);
      const patterns = protectedNamePatterns(spec.bundles, audience);
      const selected = selectedIncidents(bundle, c.selection);
      const cited = citedIncidents(bundle, c.kind, selected);
      const citedSources = [...new Set(cited.flatMap((i) => i.sources.map((s) => s.source)))].map((k) => allSources.get(k)!);
      /** Cited like a confidential source for this audience (confidential, or it identifies somebody protected here). */
      const withheld = (s: BundleSource) => citedAsConfidential(s, spec.bundles, audience, patterns);
      /** How a source is recognised in a note or the annex: its type and month if withheld, else a name-free stretch of its title. */
      const identity = (s: BundleSource) => (withheld(s) ? confidentialCitation(s) : nameFreeWindow(s.title, patterns, 400));
      const incidentTitle = (i: BundleIncident) => nameFreeWindow(i.title, patterns, 400);

      for (const format of FORMATS) {
        describe(`${c.name} (${format})`, () => {
          const g = () => generated.get(id(c, format))!;

          it('selects something to test, and the oracle can tell every source and incident apart', () => {
            expect(selected.length).toBeGreaterThan(0);
            const ids = citedSources.map(identity);
            for (const [i, a] of ids.entries()) {
              for (const [j, b] of ids.entries()) if (i !== j) expect(strip(b).includes(strip(a)), `${a} vs ${b}`).toBe(false);
            }
            const titles = cited.map(incidentTitle);
            expect(new Set(titles).size).toBe(titles.length);
          });

          it('is served with the right type and a file name made of kind and code (an appeal) or kind, country and date only', () => {
            const { doc } = g();
            expect(doc.contentType).toBe(format === 'pdf' ? 'application/pdf' : 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
            const code = c.kind === 'urgent-appeal' ? String((c.options as { appealCode?: string }).appealCode).replace(/[^A-Za-z0-9.]+/g, '-') : null;
            expect(doc.contentDisposition).toMatch(code
              ? new RegExp(`^attachment; filename="${c.kind}-${code.replace(/\./g, '\\.')}\\.${format}"$`)
              : new RegExp(`^attachment; filename="${c.kind}-${bundle.country.code}-\\d{4}-\\d{2}-\\d{2}\\.${format}"$`));
            expect(findNames(doc.contentDisposition.replace(/[-_.]+/g, ' '), patterns)).toEqual([]);
          });

          it("states each selected incident's claim, and the note after it names that incident and exactly its sources", () => {
            const { view } = g();
            for (const incident of selected) {
              const claim = nameFreeWindow(incident.summary, patterns);
              const notes = view.notesAfter(claim);
              expect(notes.length, `claim of ${incident.key} ("${claim}") is not in the text`).toBeGreaterThan(0);
              for (const n of notes) {
                const note = view.notes.get(n);
                expect(note, `claim of ${incident.key} has no note after it`).toBeDefined();
                expectNoteFor(note!, incident);
              }
            }
          });

          it('has as many citations as notes and provenance claims, every note belonging to a cited incident', () => {
            const { view, doc } = g();
            const claims = doc.provenance.claims.length;
            expect(claims).toBeGreaterThan(0);
            expect(view.citations).toBe(claims);
            expect(view.notes.size).toBe(claims);
            expect([...view.notes.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: claims }, (_, i) => i + 1));
            expect(doc.meta.citations.claims).toBe(claims);
            for (const [n, note] of view.notes) {
              const owners = cited.filter((i) => strip(note).includes(strip(`Incident: ${incidentTitle(i)}`)) || strip(note).includes(strip(incidentTitle(i))));
              expect(owners.length, `note ${n} ("${note.slice(0, 120)}…") belongs to no cited incident`).toBeGreaterThan(0);
              expectNoteFor(note, owners[0]!);
            }
          });

          it('has provenance naming, for each note, its incident and exactly its sources (keys naming nobody protected)', () => {
            const { view, doc } = g();
            const claims = doc.provenance.claims as unknown as Array<{
              note: number; unsourced: boolean; incident: { key: string | null }; sources: Array<{ key: string | null }>;
            }>;
            const namesSomebody = (key: string) => findNames(key.replace(/[-_]+/g, ' '), patterns).length > 0;
            for (const [n, note] of view.notes) {
              const owner = cited.find((i) => strip(note).includes(strip(incidentTitle(i))))!;
              const claim = claims.find((x) => x.note === n);
              expect(claim, `provenance of note ${n}`).toBeDefined();
              expect(claim!.unsourced).toBe(false);
              if (claim!.incident.key === null) expect(namesSomebody(owner.key), `${owner.key} withheld`).toBe(true);
              else expect(claim!.incident.key).toBe(owner.key);
              const expected = owner.sources.map((s) => s.source);
              expect(claim!.sources).toHaveLength(expected.length);
              for (const [i, s] of claim!.sources.entries()) {
                if (s.key === null) expect(namesSomebody(expected[i]!), `${expected[i]} withheld`).toBe(true);
                else expect(s.key).toBe(expected[i]);
              }
            }
          });

          it('reads like typeset text: no space before punctuation, no doubled quotation marks', () => {
            const { view } = g();
            const text = [view.body, ...view.notes.values()].join('\n');
            expect(text.match(/.{0,30}\S\s+[,.;:)](?=\s|$|[.)]).{0,5}/gu) ?? []).toEqual([]);
            expect(text.match(/.{0,20}(?:““|””|"“|”").{0,20}/gu) ?? []).toEqual([]);
            // Dated sentences read as English: "On 13 March 2018", "In February 2018", "Around 6 February 2018".
            const months = 'January|February|March|April|May|June|July|August|September|October|November|December';
            expect(view.body.match(new RegExp(`.{0,20}\\bOn (?:around|from|in|${months})\\b.{0,20}`, 'g')) ?? []).toEqual([]);
            // No paragraph opens with a small letter ("around 6 February 2018, …").
            expect(view.body.match(/(?:^|[.!?]\)? )(?:around|from|in|on) \d.{0,20}/g) ?? []).toEqual([]);
          });

          it('lists each cited source exactly once in the source annex, and nothing else', () => {
            const { view } = g();
            expect(view.annex).toHaveLength(citedSources.length);
            for (const source of citedSources) {
              const items = view.annex.filter((item) => occurrences(item, identity(source)) > 0);
              expect(items, `annex entries for ${source.key}`).toHaveLength(1);
            }
          });

          it('names nobody without consent for this audience, anywhere: file, properties, file name, metadata, provenance, preview', () => {
            const { view, doc } = g();
            const texts = [
              ...view.everywhere,
              doc.contentDisposition,
              doc.metadataJson,
              // Keys such as "kz-2018-03-15-journalist-home-search" name people too.
              JSON.stringify(doc.provenance).replace(/[-_]+/g, ' '),
              doc.metadataJson.replace(/[-_]+/g, ' '),
              decodeHtml(doc.previewHtml),
            ];
            const leaks = texts.flatMap((text) => findNames(text, patterns));
            expect([...new Set(leaks)]).toEqual([]);
          });

          if (c.kind === 'eu-briefing') {
            it('raises the recommendations recorded for the selected incidents', () => {
              const { view } = g();
              const keys = new Set(selected.map((i) => i.key));
              const recommendations = (bundle.recommendations ?? []).filter((r) => r.incidents.some((k) => keys.has(k)));
              expect(recommendations.length).toBeGreaterThan(0);
              for (const r of recommendations) expect(occurrences(view.body, nameFreeWindow(r.text, patterns, 400)), r.key).toBeGreaterThan(0);
            });
          }

          it('names each victim of a selected incident as consent allows: real name, or else the pseudonym', () => {
            const { view } = g();
            // An appeal is about its subject; other kinds list every victim.
            const victims = c.kind === 'urgent-appeal' ? (c.selection.persons ?? []) : selected.flatMap((i) => i.victims);
            for (const key of new Set(victims)) {
              const person = spec.bundles.flatMap((b) => b.persons).find((p) => p.key === key)!;
              const shown = mayName(person, audience) ? person.name : person.pseudonym;
              expect(occurrences(view.body, shown), `${key} should appear as "${shown}"`).toBeGreaterThan(0);
            }
          });

          it("never shows a confidential source's title, author or URL, and cites it by type and month", () => {
            const { view, doc } = g();
            const hay = [...view.everywhere, JSON.stringify(doc.provenance), doc.metadataJson, decodeHtml(doc.previewHtml)];
            // How an incident used a confidential source (locator, excerpt) could identify it too.
            const usage = (key: string) => spec.bundles.flatMap((b) => b.incidents).flatMap((i) => i.sources)
              .filter((link) => link.source === key).flatMap((link) => [link.locator, link.excerpt]);
            for (const s of confidential) {
              for (const secret of [s.title, s.author, s.url, ...usage(s.key)]) {
                if (!secret) continue;
                const found = hay.filter((text) => strip(text).toLowerCase().includes(strip(secret).toLowerCase()));
                expect(found.map((f) => f.slice(0, 200)), `${s.key}: "${secret}"`).toEqual([]);
              }
            }
            for (const s of citedSources.filter(withheld)) {
              expect([...view.notes.values()].some((n) => n.includes(confidentialCitation(s))), `note citing ${s.key}`).toBe(true);
              expect(view.annex.some((item) => item.includes(confidentialCitation(s))), `annex entry for ${s.key}`).toBe(true);
              expect(doc.previewHtml).toContain(confidentialCitation(s));
            }
          });

          if (format === 'pdf') {
            it('is a sound PDF: qpdf --check passes, every font embedded (DejaVu), no replacement characters', async () => {
              const { doc, view } = g();
              const check = await qpdfCheck(doc.bytes);
              expect(check.ok, check.output).toBe(true);
              const fonts = await pdfFonts(doc.bytes);
              expect(fonts.length).toBeGreaterThan(0);
              expect(fonts.filter((f) => !f.embedded)).toEqual([]);
              expect(fonts.some((f) => /DejaVuSans/.test(f.name) && f.embedded)).toBe(true);
              expect(view.everywhere.join('\n')).not.toContain('\uFFFD');
            });

            it('puts each note at the foot of the page of its marker, linked both ways, with an outline of the sections', () => {
              const { view, doc } = g();
              const { content, structure } = view.pdf!;
              const claims = doc.provenance.claims.length;
              expect(content.markers).toHaveLength(claims);
              for (const marker of content.markers) {
                expect(content.notePages.get(marker.number), `note ${marker.number}`).toBe(marker.page);
              }
              for (let n = 1; n <= claims; n++) {
                expect(structure.linkTargets, `links of note ${n}`).toEqual(expect.arrayContaining([`note:${n}`, `noteref:${n}`]));
              }
              for (const target of structure.linkTargets) expect(structure.destinations.has(target), target).toBe(true);
              expect(structure.strings).toContain('Annex: sources cited');
            });
          }

          if (spec.kazakhNativeName?.caseName === c.name) {
            it('keeps the Cyrillic and Kazakh letters of a consenting person\'s native-script name', () => {
              const { view } = g();
              const text = spec.kazakhNativeName!.text;
              expect(text).toMatch(KAZAKH_LETTERS);
              expect(squash(view.body)).toContain(text);
              expect(view.body).not.toContain('\uFFFD');
            });
          }
        });
      }

      /** A note for `incident`: names it, has one "Source:" per source, names each of them and no other source. */
      function expectNoteFor(note: string, incident: BundleIncident): void {
        expect(note.startsWith('Incident:'), note).toBe(true);
        expect(strip(note), `note should name incident ${incident.key}`).toContain(strip(incidentTitle(incident)));
        const sources = incident.sources.map((link) => allSources.get(link.source)!);
        expect((note.match(/Source: /g) ?? []).length, `sources in the note for ${incident.key}: ${note}`).toBe(sources.length);
        for (const s of sources) expect(occurrences(note, identity(s)), `note for ${incident.key} should cite ${s.key}`).toBe(1);
        for (const other of citedSources.filter((s) => !sources.includes(s))) {
          expect(occurrences(note, identity(other)), `note for ${incident.key} should not cite ${other.key}`).toBe(0);
        }
      }
    }
  });
  return (caseName, format) => accessor(caseName, format);
}

function decodeHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
