import { toPointer, type Problem } from '../shared/problems.js';

/**
 * Mentions: free text refers to a person by reference, `[[person:KEY]]`, not by spelling the
 * name (case bundle contract, section "Mentions"). This module is the syntax only — finding
 * mentions, listing the keys, checking them, and which fields of a record are free text — so
 * that record validation can use it; rendering for an audience and converting typed names into
 * mentions live in consent/mentions.ts.
 */

/** The one way to write a mention. Keys as everywhere: 1–80 lowercase letters, digits or "-". */
const MENTION = /\[\[person:([a-z0-9-]{1,80})\]\]/g;
/** Something that was meant as a mention but is not one ("[[person: P-X]]", "[[Person:x]"). */
const MENTION_LIKE = /\[\[\s*person\s*:/gi;

export interface MentionToken {
  start: number;
  end: number;
  key: string;
}

/** Every well-formed mention in the text, in order. */
export function mentionTokens(text: string): MentionToken[] {
  if (!text.includes('[[')) return [];
  const out: MentionToken[] = [];
  for (const m of text.matchAll(MENTION)) out.push({ start: m.index, end: m.index + m[0].length, key: m[1]! });
  return out;
}

/** The keys a text mentions, each once, in order of first mention. */
export function mentionedKeys(text: string | null | undefined): string[] {
  if (!text) return [];
  return [...new Set(mentionTokens(text).map((m) => m.key))];
}

export const mentionOf = (key: string): string => `[[person:${key}]]`;

/**
 * The text with each mention replaced by `mention(key)` and each stretch between mentions by
 * `plain(part)` (identity by default). The one walk every renderer of mentions uses.
 */
export function mapMentions(text: string, mention: (key: string, index: number) => string, plain: (part: string) => string = (s) => s): string {
  const tokens = mentionTokens(text);
  if (tokens.length === 0) return plain(text);
  let out = '';
  let at = 0;
  tokens.forEach((t, i) => {
    out += plain(text.slice(at, t.start)) + mention(t.key, i);
    at = t.end;
  });
  return out + plain(text.slice(at));
}

/**
 * Problems of the mentions in one text: an unknown key, or a malformed mention (it would print
 * as written, brackets and key included). `path` is where the text is, as pointer segments.
 */
export function mentionProblems(text: unknown, isKnown: (key: string) => boolean, path: readonly PropertyKey[]): Problem[] {
  if (typeof text !== 'string' || !text.includes('[')) return [];
  const problems: Problem[] = [];
  const pointer = toPointer(path);
  for (const key of mentionedKeys(text)) {
    if (!isKnown(key)) problems.push({ path: pointer, message: `unknown person key '${key}' in mention` });
  }
  const wellFormed = new Set(mentionTokens(text).map((t) => t.start));
  for (const m of text.matchAll(MENTION_LIKE)) {
    if (!wellFormed.has(m.index)) {
      const shown = text.slice(m.index, m.index + 40).split(']]')[0];
      problems.push({ path: pointer, message: `malformed mention '${shown}…': write [[person:KEY]] with a person key (lowercase letters, digits, "-")` });
      break;
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Which fields are free text

/** Record types that carry free text, by their bundle collection name. */
export type FreeTextCollection = 'persons' | 'sources' | 'incidents' | 'recommendations';
export const FREE_TEXT_COLLECTIONS: readonly FreeTextCollection[] = ['persons', 'sources', 'incidents', 'recommendations'];

export interface FreeText {
  /** Pointer segments from the record. */
  path: PropertyKey[];
  text: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The free-text fields of one record (bundle shape, API shape, or a stored record), as the
 * contract lists them: incident title, summary, legalBasis, perpetrator description, state link
 * and reason, the locator and excerpt of each cited source, domestic remedies (authority, action,
 * outcome, noneBecause), other international procedures (body, status); source title, author;
 * person occupation, affiliation, whereabouts place; recommendation text. Works on unchecked input: anything not a string is skipped.
 */
export function freeTexts(collection: FreeTextCollection, record: unknown): FreeText[] {
  if (!isObj(record)) return [];
  const out: FreeText[] = [];
  const field = (path: PropertyKey[], value: unknown) => {
    if (typeof value === 'string') out.push({ path, text: value });
  };
  const each = (name: string, inner: (item: unknown, i: number) => void) => {
    const list = record[name];
    if (Array.isArray(list)) list.forEach(inner);
  };
  switch (collection) {
    case 'persons':
      field(['occupation'], record.occupation);
      field(['affiliation'], record.affiliation);
      if (isObj(record.whereabouts)) field(['whereabouts', 'place'], record.whereabouts.place);
      break;
    case 'sources':
      field(['title'], record.title);
      field(['author'], record.author);
      break;
    case 'recommendations':
      field(['text'], record.text);
      break;
    case 'incidents':
      field(['title'], record.title);
      field(['summary'], record.summary);
      each('legalBasis', (l, i) => field(['legalBasis', i], l));
      each('perpetrators', (p, i) => {
        if (!isObj(p)) return;
        for (const name of PERPETRATOR_TEXT) field(['perpetrators', i, name], p[name]);
      });
      each('sources', (s, i) => {
        if (!isObj(s)) return;
        field(['sources', i, 'locator'], s.locator);
        field(['sources', i, 'excerpt'], s.excerpt);
      });
      if (isObj(record.domesticRemedies)) {
        const r = record.domesticRemedies;
        if (Array.isArray(r.steps)) r.steps.forEach((st, i) => {
          if (isObj(st)) for (const name of REMEDY_TEXT) field(['domesticRemedies', 'steps', i, name], st[name]);
        });
        field(['domesticRemedies', 'noneBecause'], r.noneBecause);
      }
      each('internationalProcedures', (p, i) => {
        if (isObj(p)) for (const name of PROCEDURE_TEXT) field(['internationalProcedures', i, name], p[name]);
      });
      break;
  }
  // Translations mirror the record's fields: their text is free text like the original's.
  if (collection !== 'sources' && isObj(record.translations)) {
    for (const [language, t] of Object.entries(record.translations)) {
      for (const f of freeTexts(collection, t)) out.push({ path: ['translations', language, ...f.path], text: f.text });
    }
  }
  return out;
}

const PERPETRATOR_TEXT = ['description', 'stateLink', 'reason'] as const;
const REMEDY_TEXT = ['authority', 'action', 'outcome'] as const;
const PROCEDURE_TEXT = ['body', 'status'] as const;

/** A copy of the record with every free-text field passed through `f` (other fields kept as they are). */
export function mapFreeTexts<T>(collection: FreeTextCollection, record: T, f: (text: string, path: PropertyKey[]) => string): T {
  if (!isObj(record)) return record;
  const copy: Obj = { ...record };
  const at = (o: Obj, name: string, path: PropertyKey[]) => {
    if (typeof o[name] === 'string') o[name] = f(o[name], path);
  };
  const list = (name: string, item: (x: unknown, i: number) => unknown) => {
    if (Array.isArray(copy[name])) copy[name] = (copy[name] as unknown[]).map(item);
  };
  switch (collection) {
    case 'persons':
      at(copy, 'occupation', ['occupation']);
      at(copy, 'affiliation', ['affiliation']);
      if (isObj(copy.whereabouts)) {
        const w = { ...copy.whereabouts };
        at(w, 'place', ['whereabouts', 'place']);
        copy.whereabouts = w;
      }
      break;
    case 'sources':
      at(copy, 'title', ['title']);
      at(copy, 'author', ['author']);
      break;
    case 'recommendations':
      at(copy, 'text', ['text']);
      break;
    case 'incidents':
      at(copy, 'title', ['title']);
      at(copy, 'summary', ['summary']);
      list('legalBasis', (l, i) => (typeof l === 'string' ? f(l, ['legalBasis', i]) : l));
      list('perpetrators', (p, i) => {
        if (!isObj(p)) return p;
        const c = { ...p };
        for (const name of PERPETRATOR_TEXT) at(c, name, ['perpetrators', i, name]);
        return c;
      });
      if (isObj(copy.domesticRemedies)) {
        const r: Obj = { ...copy.domesticRemedies };
        if (Array.isArray(r.steps)) {
          r.steps = r.steps.map((st, i) => {
            if (!isObj(st)) return st;
            const c = { ...st };
            for (const name of REMEDY_TEXT) at(c, name, ['domesticRemedies', 'steps', i, name]);
            return c;
          });
        }
        at(r, 'noneBecause', ['domesticRemedies', 'noneBecause']);
        copy.domesticRemedies = r;
      }
      list('internationalProcedures', (p, i) => {
        if (!isObj(p)) return p;
        const c = { ...p };
        for (const name of PROCEDURE_TEXT) at(c, name, ['internationalProcedures', i, name]);
        return c;
      });
      list('sources', (s, i) => {
        if (!isObj(s)) return s;
        const c = { ...s };
        at(c, 'locator', ['sources', i, 'locator']);
        at(c, 'excerpt', ['sources', i, 'excerpt']);
        return c;
      });
      break;
  }
  if (collection !== 'sources' && isObj(copy.translations)) {
    copy.translations = Object.fromEntries(Object.entries(copy.translations).map(([language, t]) => [
      language, mapFreeTexts(collection, t, (text, path) => f(text, ['translations', language, ...path])),
    ]));
  }
  return copy as T;
}

/** Every person key mentioned anywhere in a record's free text. */
export function recordMentionedKeys(collection: FreeTextCollection, record: unknown): string[] {
  return [...new Set(freeTexts(collection, record).flatMap((f) => mentionedKeys(f.text)))];
}

/** Mention problems of one record, with `prefix` before each field's path (e.g. ['incidents', 3]). */
export function recordMentionProblems(
  collection: FreeTextCollection,
  record: unknown,
  isKnown: (key: string) => boolean,
  prefix: readonly PropertyKey[] = [],
): Problem[] {
  return freeTexts(collection, record).flatMap((f) => mentionProblems(f.text, isKnown, [...prefix, ...f.path]));
}
