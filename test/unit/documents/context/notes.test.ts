import { describe, expect, it } from 'vitest';
import { redactorFor, type Audience } from '../../../../src/consent/consent.js';
import { annexOf, incidentViews, type IncidentSet } from '../../../../src/documents/context/incidents.js';
import { NoteWriter, shortTitles } from '../../../../src/documents/context/notes.js';
import type { SourceView } from '../../../../src/documents/context/sources.js';
import { plainText } from '../../../../src/documents/model/plain-text.js';
import { SOURCE_TYPE_LABELS } from '../../../../src/records/vocabulary.js';
import { smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/** Footnotes as editors write them: full once, short after ("n 1"), "Ibid." for the note before. */
const viewsOf = (bundle: unknown, audience: Audience): IncidentSet => {
  const file = caseFileOf(bundle, audience);
  return incidentViews(file, audience, redactorFor(file.protectedPersons));
};
const DETENTION = 'kz-2018-03-13-detention';
const HOUSE_ARREST = 'kz-2018-03-20-house-arrest';

/** The notes for citations of these incidents, in this order, as printed text (and their internal lines). */
function notesFor(set: IncidentSet, keys: string[]) {
  const writer = new NoteWriter(annexOf(set.views));
  return keys.map((key, i) => {
    const note = writer.note(set.byKey.get(key)!, i + 1);
    return { text: note.paragraphs.map(plainText).join(' | '), internal: note.internal };
  });
}

describe('notes', () => {
  it('cites a source in full the first time: incident title, date and place, then author, title, type, date, address and locator', () => {
    const [first] = notesFor(viewsOf(smallBundle(), 'public'), [DETENTION]);
    expect(first!.text).toBe(
      `Activist detained in Almaty, 13 March 2018, Almaty. SRM, “Monitoring note 12”, ${SOURCE_TYPE_LABELS.monitoring}, 14 March 2018, `
      + `https://example.org/notes/12, para. 3; Confidential source (${SOURCE_TYPE_LABELS.interview}, March 2018).`,
    );
  });

  it('cites a source whose reference names a protected person like a confidential one (a court case by party), and redacts a procedure reference', () => {
    const bundle = smallBundle();
    const note = (bundle.sources as Array<{ key: string; reference?: string | null }>).find((x) => x.key === 's-note')!;
    note.reference = 'No. 1-45/2018 (Қасымова Ә.)';
    (bundle.incidents[0] as { internationalProcedures?: unknown[] }).internationalProcedures = [
      { body: 'UN Working Group on Arbitrary Detention', reference: 'Opinion on Қасымова', date: null, status: null },
    ];
    const set = viewsOf(bundle, 'public');
    const [first] = notesFor(set, [DETENTION]);
    expect(first!.text).toBe(
      `Activist detained in Almaty, 13 March 2018, Almaty. Confidential source (${SOURCE_TYPE_LABELS.monitoring}, March 2018); `
      + `Confidential source (${SOURCE_TYPE_LABELS.interview}, March 2018).`,
    );
    expect(JSON.stringify(set.views)).not.toMatch(/Қасымова|1-45/);
    expect(JSON.stringify(set.views)).toContain('Opinion on Activist A');
  });

  it('cites it in short form after, pointing at the note with the full citation', () => {
    const bundle = smallBundle();
    (bundle.incidents[1] as { sources: unknown[] }).sources = [{ source: 's-note', credibility: 1, locator: 'para. 9', excerpt: null }, { source: 's-secret', credibility: 3, locator: null, excerpt: null }];
    const [, second] = notesFor(viewsOf(bundle, 'public'), [DETENTION, HOUSE_ARREST]);
    expect(second!.text).toBe(`Court orders house arrest, 15 March 2018 to 16 March 2018, Almaty. SRM, “Monitoring note 12” (n 1), para. 9; Confidential source (${SOURCE_TYPE_LABELS.interview}, March 2018).`);
  });

  it('writes "Ibid." for the same incident as the note before, and for the one source the note before cited alone', () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.sources = [{ source: 's-note', credibility: 2, locator: 'para. 3', excerpt: null }];
    const notes = notesFor(viewsOf(bundle, 'public'), [DETENTION, DETENTION, HOUSE_ARREST]);
    expect(notes[1]!.text).toBe('Ibid.');
    expect(notes[2]!.text).toBe('Court orders house arrest, 15 March 2018 to 16 March 2018, Almaty. Ibid.');
  });

  it('never shortens, or says "ibid." of, a confidential source: a cross-reference would link two incidents to one informant', () => {
    const bundle = smallBundle();
    bundle.incidents[0]!.sources = [{ source: 's-secret', credibility: 3, locator: null, excerpt: null }];
    bundle.incidents[1]!.sources = [{ source: 's-secret', credibility: 3, locator: null, excerpt: null }];
    const notes = notesFor(viewsOf(bundle, 'public'), [DETENTION, HOUSE_ARREST]);
    for (const note of notes) expect(note.text).toMatch(/Confidential source \(interview, March 2018\)\.$/);
    expect(notes.map((n) => n.text).join(' ')).not.toMatch(/\(n \d\)|Ibid/);
  });

  it('prints no grading: gradings go to the internal line, which names no confidential source', () => {
    const [note] = notesFor(viewsOf(smallBundle(), 'public'), [DETENTION]);
    expect(note!.text).not.toMatch(/Grading|\b[A-F][1-6]\b/);
    expect(note!.internal).toBe('Internal grading, not printed: SRM, “Monitoring note 12” B2');
  });

  it('flags an incident without a source as UNSOURCED', () => {
    const bundle = smallBundle();
    bundle.incidents[1]!.sources = [];
    const [note] = notesFor(viewsOf(bundle, 'public'), [HOUSE_ARREST]);
    expect(note!.text).toBe('Court orders house arrest, 15 March 2018 to 16 March 2018, Almaty. | UNSOURCED No source is recorded for this incident yet: verify before use.');
  });

  it('gives short titles that tell sources of one author apart', () => {
    const source = (key: string, title: string): SourceView => ({ key, confidential: false, description: '', url: null, reliability: 'B', author: 'KIBHR', title });
    const titles = shortTitles([
      source('a', 'KIBHR monitoring note on the protest outside Akorda on 14 February 2018'),
      source('b', 'KIBHR monitoring note on detentions of alleged DVK supporters in Almaty'),
      source('c', 'Press conference on the situation of imprisoned activist Activist A'),
      source('d', 'Short title'),
    ]);
    expect(titles.get('a')).toBe('KIBHR monitoring note on the protest…');
    expect(titles.get('b')).toBe('KIBHR monitoring note on detentions…');
    expect(titles.get('c')).toBe('Press conference on the situation…');
    expect(titles.get('d')).toBe('Short title');
  });

  it('never cuts a short title inside a name (a first name alone may be a protected namesake\u2019s)', () => {
    const source = (key: string, title: string): SourceView => ({ key, confidential: false, description: '', url: null, reliability: 'B', author: 'CIVICUS', title });
    const titles = shortTitles([
      source('a', 'Court ruling in the case of Zhanar Taykenova (Жанар Тайкенова) on appeal'),
      source('b', 'Court ruling in the case of Akmaral Zholkenova, second instance'),
    ]);
    expect(titles.get('a')).toBe('Court ruling in the case of Zhanar Taykenova (Жанар Тайкенова)…');
    expect(titles.get('b')).toBe('Court ruling in the case of Akmaral Zholkenova…');
  });
});
