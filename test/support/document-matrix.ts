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
import { pdfFonts, qpdfCheck, readDocx, squash, strip } from './extract.js';

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

          it("states each selected incident's claim, and the note after it belongs to that incident and cites exactly its sources", () => {
            const { view } = g();
            const expected = noteOracle(view);
            for (const incident of selected) {
              const claim = nameFreeWindow(incident.summary, patterns);
              const notes = view.notesAfter(claim);
              expect(notes.length, `claim of ${incident.key} ("${claim}") is not in the text`).toBeGreaterThan(0);
              for (const n of notes) {
                expect(view.notes.get(n), `claim of ${incident.key} has no note after it`).toBeDefined();
                expect(expected.get(n)?.owner.key, `note ${n} after the claim of ${incident.key}`).toBe(incident.key);
              }
            }
          });

          it('cites a source in full once, then in short form pointing at that note ("n 3"), or "ibid." after the same source', () => {
            const { view } = g();
            const expected = noteOracle(view);
            expect(expected.size).toBe(view.notes.size);
            for (const [n, { owner, full, short, ibid }] of expected) {
              const note = view.notes.get(n)!;
              if (note === 'Ibid.') continue; // noteOracle checked that the note before is the same incident's
              expect(strip(note), `note ${n} should open with its incident`).toContain(strip(incidentTitle(owner)));
              for (const s of full) expect(occurrences(note, identity(s)), `note ${n} cites ${s.key} in full`).toBe(1);
              for (const [s, first] of short) {
                expect(note, `note ${n} cites ${s.key} in short form`).toContain(`(n ${first})`);
                // Short: no address again (a short title may be the whole title when the title is short).
                if (s.url) expect(note, `note ${n} repeats ${s.key} in full`).not.toContain(s.url);
              }
              if (ibid) expect(note, `note ${n}: ibid. for ${ibid.key}`).toMatch(/\. Ibid\./);
              const pointers = note.match(/\(n \d+\)/g) ?? [];
              expect(pointers, `note ${n}`).toHaveLength(short.size);
              for (const other of citedSources.filter((s) => !owner.sources.some((l) => l.source === s.key))) {
                expect(occurrences(note, identity(other)), `note ${n} (${owner.key}) should not cite ${other.key}`).toBe(0);
              }
            }
          });

          it('prints no grading in the file: gradings stay in provenance and the staff preview, marked internal', () => {
            const { view, doc } = g();
            const text = [view.body, ...view.notes.values(), ...view.annex].join('\n');
            expect(text).not.toMatch(/Grading|grading|[Rr]eliability|Admiralty/);
            expect(text.match(/.{0,30}\b[A-F][1-6]\b.{0,30}/g) ?? []).toEqual([]);
            const graded = (doc.provenance.claims as unknown as Array<{ sources: Array<{ grading: string | null }> }>).flatMap((c) => c.sources.map((s) => s.grading));
            expect(graded.filter((x) => x !== null).every((x) => /^[A-F][1-6]$/.test(x!))).toBe(true);
            // Withheld sources carry no grade anywhere (a grade could tell them apart).
            if (citedSources.some((source) => !withheld(source))) {
              expect(graded.some((x) => x !== null)).toBe(true);
              expect(doc.previewHtml).toContain('Internal grading, not printed: ');
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
            const expected = noteOracle(view);
            for (const [n, note] of view.notes) expect(expected.get(n)?.owner, `note ${n} ("${note.slice(0, 120)}…") belongs to no cited incident`).toBeDefined();
          });

          it('has provenance naming, for each note, its incident and exactly its sources (keys naming nobody protected)', () => {
            const { view, doc } = g();
            const claims = doc.provenance.claims as unknown as Array<{
              note: number; unsourced: boolean; incident: { key: string | null }; sources: Array<{ key: string | null }>;
            }>;
            const namesSomebody = (key: string) => findNames(key.replace(/[-_]+/g, ' '), patterns).length > 0;
            const expected = noteOracle(view);
            for (const n of view.notes.keys()) {
              const owner = expected.get(n)!.owner;
              const claim = claims.find((x) => x.note === n);
              expect(claim, `provenance of note ${n}`).toBeDefined();
              expect(claim!.unsourced).toBe(false);
              if (claim!.incident.key === null) expect(namesSomebody(owner.key), `${owner.key} withheld`).toBe(true);
              else expect(claim!.incident.key).toBe(owner.key);
              const sourceKeys = owner.sources.map((s) => s.source);
              expect(claim!.sources).toHaveLength(sourceKeys.length);
              for (const [i, s] of claim!.sources.entries()) {
                if (s.key === null) expect(namesSomebody(sourceKeys[i]!), `${sourceKeys[i]} withheld`).toBe(true);
                else expect(s.key).toBe(sourceKeys[i]);
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
            it('narrates each incident once, with no "(Alleged …)" labels, and prints the title once and no empty recommendation', () => {
              const { view } = g();
              for (const incident of selected) {
                const claim = nameFreeWindow(incident.summary, patterns);
                expect(occurrences(view.body, claim), `${incident.key} narrated`).toBe(1);
              }
              expect(view.body).not.toMatch(/\(Alleged (?:perpetrator|victim)/);
              expect(view.body).not.toMatch(/No recommendation is recorded/);
              expect(occurrences(view.body, `Key issues for the EU–${bundle.country.name} Human Rights Dialogue`)).toBe(1);
            });

            it('links each cross-reference ("see section 2.1") to the paragraph that narrates the incident', async () => {
              const { view, doc } = g();
              const refs = view.body.match(/see section \d+\.\d+/g) ?? [];
              const others = selected.filter((i) => i.rights.length > 1 && i.rights.slice(1).some((r) => selected.some((x) => x.rights[0] === r)));
              if (others.length > 0) expect(refs.length).toBeGreaterThan(0);
              if (format === 'pdf') {
                const { structure } = view.pdf!;
                const targets = structure.linkTargets.filter((t) => /incident-\d+/.test(t));
                expect(targets.length).toBeGreaterThanOrEqual(refs.length);
                for (const t of targets) expect(structure.destinations.has(t), t).toBe(true);
              } else {
                const xml = (await readDocx(doc.bytes)).parts.get('word/document.xml')!;
                const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart [^>]*w:name="([^"]+)"/g)].map((m) => m[1]));
                const anchors = [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="([^"]+)"/g)].map((m) => m[1]!);
                expect(anchors.filter((a) => a.startsWith('a_incident_')).length).toBe(refs.length);
                for (const a of anchors) expect(bookmarks.has(a), a).toBe(true);
              }
            });

            it('raises the recommendations to the EU and to the government recorded for the selected incidents', () => {
              const { view } = g();
              const keys = new Set(selected.map((i) => i.key));
              const recommendations = (bundle.recommendations ?? []).filter((r) => r.addressee !== 'un' && r.incidents.some((k) => keys.has(k)));
              expect(recommendations.length).toBeGreaterThan(0);
              for (const r of recommendations) expect(occurrences(view.body, nameFreeWindow(r.text, patterns, 400)), r.key).toBeGreaterThan(0);
            });
          }

          it('names each victim of a selected incident as consent allows: real name, or else the pseudonym', () => {
            const { view } = g();
            // An appeal is about its subject; a briefing tells of the people in its narrative (groups and
            // organisations by their descriptive names); a UN communication lists every victim.
            const people = new Map(spec.bundles.flatMap((b) => b.persons).map((p) => [p.key, p]));
            const victims = c.kind === 'urgent-appeal' ? (c.selection.persons ?? [])
              : c.kind === 'eu-briefing' ? selected.flatMap((i) => i.victims).filter((k) => people.get(k)?.kind === 'individual')
                : selected.flatMap((i) => i.victims);
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

      /**
       * What each note must say, by the editors' rule, worked out from the notes in order: its
       * incident (named by title, or "Ibid." for the incident of the note before), the sources
       * cited in full there for the first time, those cited before in short form with the number
       * of the note that cited them in full, and the one source given as "ibid." (the note before
       * cited it alone). Withheld sources are always "Confidential source (type, month)" in full.
       */
      function noteOracle(view: DocumentView) {
        const result = new Map<number, { owner: BundleIncident; full: BundleSource[]; short: Map<BundleSource, number>; ibid: BundleSource | null }>();
        const firstNote = new Map<string, number>();
        const numbers = [...view.notes.keys()].sort((a, b) => a - b);
        for (const n of numbers) {
          const note = view.notes.get(n)!;
          const before = result.get(n - 1);
          if (note === 'Ibid.') {
            expect(before, `note ${n} is "Ibid." with no note before it`).toBeDefined();
            result.set(n, { owner: before!.owner, full: [], short: new Map(), ibid: null });
            continue;
          }
          const owners = cited.filter((i) => strip(note).includes(strip(incidentTitle(i))));
          expect(owners.length, `note ${n} ("${note.slice(0, 120)}…") belongs to no cited incident`).toBeGreaterThan(0);
          const owner = owners[0]!;
          const sources = owner.sources.map((link) => allSources.get(link.source)!);
          const soleBefore = before && before.owner.sources.length === 1 ? allSources.get(before.owner.sources[0]!.source)! : null;
          const entry = { owner, full: [] as BundleSource[], short: new Map<BundleSource, number>(), ibid: null as BundleSource | null };
          sources.forEach((s, index) => {
            if (withheld(s)) entry.full.push(s);
            else if (!firstNote.has(s.key)) {
              firstNote.set(s.key, n);
              entry.full.push(s);
            } else if (index === 0 && soleBefore === s) entry.ibid = s;
            else entry.short.set(s, firstNote.get(s.key)!);
          });
          result.set(n, entry);
        }
        return result;
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
