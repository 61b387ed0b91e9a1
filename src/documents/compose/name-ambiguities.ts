import { mayName, type Audience, type ProtectedPerson } from '../../consent/consent.js';
import { freeTexts, mentionTokens, type FreeTextCollection } from '../../consent/mentions.js';
import { nameAmbiguityFinder, type NameAmbiguityFinder } from '../../consent/name-ambiguity.js';
import type { IncidentRecord, PersonRecord, SourceRecord } from '../../records/records.js';
import { toPointer, type Problem } from '../../shared/problems.js';
import type { CaseFile } from '../case-file/case-file.js';

/**
 * The typed names a document would print that may be a person it may name or one it may not
 * (consent/name-ambiguity.ts), found in every free-text field the document prints, with where
 * they are: previews list them for staff to decide, a final document is refused until they are
 * mentions (or rewritten). Redaction keeps them safe meanwhile: it reads the protected person.
 */

export interface AmbiguityCandidate {
  key: string;
  /** The real name: the edge strips it for callers without identities:read. */
  name: string;
  /** Printed by name in this document (consent covers its audience); otherwise by pseudonym. */
  named: boolean;
}

export interface NameAmbiguity {
  collection: FreeTextCollection;
  key: string;
  /** The field inside the record, as a JSON Pointer: "/summary", "/legalBasis/0". */
  field: string;
  /** Where in the records: "/incidents/<key>/summary". */
  path: string;
  start: number;
  end: number;
  occurrence: number;
  /** As typed (a name: only for callers with identities:read). */
  text: string;
  /** The stored text just before and after it (mentions whole), to show it in context. */
  before: string;
  after: string;
  candidates: AmbiguityCandidate[];
  /**
   * Printed as it stands (a final document waits for it). False for a source's title, author,
   * locator or excerpt: such a source is cited by type and month only until it is resolved.
   */
  blocking: boolean;
}

interface Field {
  collection: FreeTextCollection;
  key: string;
  path: PropertyKey[];
  text: string;
  blocking: boolean;
}

/**
 * Every free-text field the document prints, record by record. Earlier incidents that selected
 * ones follow up print only in an urgent appeal ("This appeal follows earlier information: title
 * (date, place)" and its note), so only there do their title, place and notes count.
 */
function printedFields(file: CaseFile, earlierPrinted: boolean): Field[] {
  const out: Field[] = [];
  const add = (collection: FreeTextCollection, record: { key: string }, blocking: (path: PropertyKey[]) => boolean | null) => {
    for (const f of freeTexts(collection, record)) {
      const b = blocking(f.path);
      if (b !== null) out.push({ collection, key: record.key, path: f.path, text: f.text, blocking: b });
    }
  };
  // A source cited by type and month only prints none of its text: confidential, or listing somebody protected.
  const protectedKeys = new Set(file.protectedPersons.map((p) => p.key));
  const cited = (s: SourceRecord | undefined) => s !== undefined && !s.confidential && !s.identifies.some((k) => protectedKeys.has(k));
  const citable = (sourceKey: string) => cited(file.sources.get(sourceKey));
  const earlier = new Set(file.earlier);
  for (const incident of [...(earlierPrinted ? file.earlier : []), ...file.incidents]) {
    add('incidents', incident, (path) => {
      // A link's locator and excerpt print in the note of a source that is not confidential.
      if (path[0] === 'sources') return citable(sourceOfLink(incident, path)) ? false : null;
      return earlier.has(incident) && path[0] !== 'title' ? null : true;
    });
    // The place prints beside the date; it is no free text of the contract, but it is typed.
    for (const name of ['place', 'region'] as const) {
      const text = incident.location[name];
      if (text) out.push({ collection: 'incidents', key: incident.key, path: ['location', name], text, blocking: true });
    }
  }
  for (const source of file.sources.values()) if (cited(source)) add('sources', source, () => false);
  for (const person of file.persons.values()) add('persons', person, () => true);
  for (const rec of file.recommendations) add('recommendations', rec, () => true);
  return out;
}

const sourceOfLink = (incident: IncidentRecord, path: PropertyKey[]) => incident.sources[Number(path[1])]?.source ?? '';

/** The persons a document for this audience names (victims and persons mentioned) beside those it protects. */
function nameableIn(file: CaseFile, audience: Audience): ProtectedPerson[] {
  return [...file.persons.values(), ...file.mentioned.values()].filter((p) => mayName(p, audience)).map(identity);
}

/** The finder of a case file's ambiguities for an audience (also for redaction: see withholdingAmbiguities). */
export function ambiguityFinderFor(file: CaseFile, audience: Audience): NameAmbiguityFinder {
  return nameAmbiguityFinder(nameableIn(file, audience), file.protectedPersons, file.nameablePersons ?? []);
}

/**
 * The name ambiguities of a case file for an audience, in record order. `earlierPrinted`: the
 * document prints the earlier incidents that selected ones follow up (an urgent appeal).
 */
export function nameAmbiguities(
  file: CaseFile, audience: Audience, earlierPrinted: boolean, finder: NameAmbiguityFinder = ambiguityFinderFor(file, audience),
): NameAmbiguity[] {
  const nameable = nameableIn(file, audience);
  const names = new Map<string, AmbiguityCandidate>();
  for (const p of nameable) names.set(p.key, { key: p.key, name: p.name, named: true });
  for (const p of file.protectedPersons) names.set(p.key, { key: p.key, name: p.name, named: false });
  const out: NameAmbiguity[] = [];
  for (const f of printedFields(file, earlierPrinted)) {
    for (const span of finder.find(f.text)) {
      const field = toPointer(f.path);
      out.push({
        collection: f.collection,
        key: f.key,
        field,
        path: `/${f.collection}/${f.key}${field}`,
        start: span.start,
        end: span.end,
        occurrence: span.occurrence,
        text: span.text,
        ...contextOf(f.text, span.start, span.end),
        // Nameable first: the person a typed name most likely means is the one the document is about.
        candidates: span.keys.map((k) => names.get(k)!).filter(Boolean).sort((a, b) => Number(b.named) - Number(a.named)),
        blocking: f.blocking,
      });
    }
  }
  return out;
}

const identity = (p: PersonRecord): ProtectedPerson => ({ key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative, pseudonym: p.pseudonym });

const CONTEXT = 60;

/** Up to CONTEXT characters each side, cut at a space and never inside a mention. */
function contextOf(text: string, start: number, end: number): { before: string; after: string } {
  let from = Math.max(0, start - CONTEXT);
  let to = Math.min(text.length, end + CONTEXT);
  for (const t of mentionTokens(text)) {
    if (from > t.start && from < t.end) from = t.start;
    if (to > t.start && to < t.end) to = t.end;
  }
  if (from > 0) {
    const space = text.indexOf(' ', from);
    if (space !== -1 && space < start) from = space + 1;
  }
  if (to < text.length) {
    const space = text.lastIndexOf(' ', to);
    if (space >= end) to = space;
  }
  return { before: `${from > 0 ? '… ' : ''}${text.slice(from, start)}`, after: `${text.slice(end, to)}${to < text.length ? ' …' : ''}` };
}

const ORDINALS = ['', '', 'second ', 'third ', 'fourth ', 'fifth '];

/** One problem per span: where, and what to do, naming neither pseudonym nor person. */
export function ambiguityProblem(a: NameAmbiguity): Problem {
  const n = a.candidates.length;
  const who = n === 2 ? 'either of two persons on record' : `any of ${n} persons on record`;
  const which = a.occurrence > 1 ? `The ${ORDINALS[a.occurrence] ?? `${a.occurrence}th `}“${a.text}” here` : `“${a.text}”`;
  return { path: a.path, message: `${which} may name ${who}; make it a mention of the person meant, or rewrite it.` };
}

/** Why a final document is refused, or null when nothing printed is ambiguous. */
export function ambiguityRefusal(ambiguities: readonly NameAmbiguity[]): { message: string; problems: Problem[] } | null {
  const blocking = ambiguities.filter((a) => a.blocking);
  if (blocking.length === 0) return null;
  const names = blocking.length === 1 ? 'A name typed' : `${blocking.length} names typed`;
  return {
    message: `${names} in the selected records may refer to more than one person on record, and not all of them may be named in this document. `
      + 'Make each a mention of the person meant (the preview offers the choice), or rewrite it; a draft can be made meanwhile.',
    problems: blocking.map(ambiguityProblem),
  };
}
