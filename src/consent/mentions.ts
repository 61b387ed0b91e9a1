import {
  FREE_TEXT_COLLECTIONS, mapFreeTexts, mapMentions, mentionOf, mentionTokens, type FreeTextCollection,
} from '../records/mention-syntax.js';
import type { Bundle } from '../records/bundle.schemas.js';
import type { PersonRecord } from '../records/records.js';
import { mayName, type Audience, type TextRedactor } from './consent.js';
import { nameMatcherFor, type NameMatcher, type ProtectedPerson } from './index.js';

/**
 * Mentions (`[[person:KEY]]`) for an audience: rendered as the person's name where their consent
 * covers the audience, as the pseudonym otherwise; and typed names of known persons converted
 * into mentions (import, staff forms). Pure: the persons are given. The syntax itself (finding
 * mentions, which fields are free text, validation) is records/mention-syntax.ts.
 *
 * Rendering gives plain text: templates and pages escape it.
 */

export {
  freeTexts, mapFreeTexts, mapMentions, mentionedKeys, mentionOf, mentionProblems, mentionTokens,
  recordMentionedKeys, recordMentionProblems, FREE_TEXT_COLLECTIONS, type FreeTextCollection, type MentionToken,
} from '../records/mention-syntax.js';

/** How one mention prints. */
export interface RenderedMention {
  text: string;
  /** The pseudonym stands in for the name (a role or honorific before it is dropped). */
  pseudonym: boolean;
  /** The person's occupation, to drop it when it stands right before the pseudonym. */
  occupation?: string | null;
  /** The native-script name, where the name may be shown. */
  native?: string | null;
}

/** Says how a key prints; null for a key that is not on record. */
export type MentionResolver = (key: string) => RenderedMention | null;

/** Printed for a mention whose person is not on record (validation keeps this from happening). */
export const UNKNOWN_MENTION = '[person not on record]';

type NamedPerson = Pick<PersonRecord, 'key' | 'name' | 'pseudonym' | 'consent' | 'occupation'> & { nameNative?: string | null };

/** Mentions for an audience: the name where the person's consent covers it, the pseudonym otherwise. */
export function audienceResolver(persons: ReadonlyMap<string, NamedPerson>, audience: Audience): MentionResolver {
  return (key) => {
    const p = persons.get(key);
    if (!p) return null;
    return mayName(p, audience)
      ? { text: p.name, pseudonym: false, native: p.nameNative ?? null }
      : { text: p.pseudonym, pseudonym: true, occupation: p.occupation };
  };
}

/** Mentions as pseudonyms, whoever the person is (callers without identities:read). */
export function pseudonymResolver(persons: Iterable<Pick<PersonRecord, 'key' | 'pseudonym'>>): MentionResolver {
  const byKey = new Map<string, string>();
  for (const p of persons) byKey.set(p.key, p.pseudonym);
  return (key) => {
    const pseudonym = byKey.get(key);
    return pseudonym === undefined ? null : { text: pseudonym, pseudonym: true };
  };
}

/** Mentions as real names (staff pages, which show who is meant). */
export function nameResolver(persons: Iterable<Pick<PersonRecord, 'key' | 'name'>>): MentionResolver {
  const byKey = new Map<string, string>();
  for (const p of persons) byKey.set(p.key, p.name);
  return (key) => {
    const name = byKey.get(key);
    return name === undefined ? null : { text: name, pseudonym: false };
  };
}

/** Honorifics that must not stand before a pseudonym ("Ms Activist A"). */
const HONORIFIC = /(?:^|(?<=[\s(“"'«]))(?:Mr|Ms|Mrs|Miss|Mx|Dr|Prof|Sir|Madam|г-н|г-жа|господин|госпожа)\.?\s+$/iu;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Each phrase's expression (phraseAtEnd), made once: the same roles and occupations stand before every mention of a person. */
const phrasesAtEnd = new Map<string, RegExp>();

/** The phrase's words, any white space between them, at the end of a text after a space, bracket or quote. */
function phraseAtEnd(phrase: string): RegExp {
  let at = phrasesAtEnd.get(phrase);
  if (at === undefined) {
    const words = phrase.trim().split(/\s+/).map(escapeRegExp).join('\\s+');
    at = new RegExp(`(?:^|(?<=[\\s(“"'«]))${words}\\s+$`, 'iu');
    if (phrasesAtEnd.size >= 1_000) phrasesAtEnd.clear();
    phrasesAtEnd.set(phrase, at);
  }
  return at;
}

/**
 * What stands right before a pseudonym that would make it read wrong, removed: an honorific
 * ("Ms Activist A"), the person's occupation ("civil society activist Activist A") or the
 * pseudonym's own first word ("journalist Journalist Z").
 */
function withoutPrefix(before: string, mention: RenderedMention): string {
  let out = before.replace(HONORIFIC, '');
  const role = mention.text.split(/\s+/)[0] ?? '';
  for (const phrase of [mention.occupation, role]) {
    if (!phrase || phrase.trim().length < 2) continue;
    const at = phraseAtEnd(phrase);
    if (at.test(out)) {
      out = out.replace(at, '');
      break;
    }
  }
  return out;
}

/**
 * The text with every mention rendered by `resolve`, and every stretch of plain text between
 * mentions passed through `plain` (e.g. the Redactor, which must not see a rendered name: a
 * consenting person who shares a surname with a protected one is named by their mention).
 * "[[person:k]] ([[person:k]])" — a name with its native spelling, converted — prints once:
 * the pseudonym alone, or the name with the native-script name in brackets.
 */
export function renderMentions(text: string, resolve: MentionResolver, plain: (part: string) => string = (s) => s): string {
  const tokens = text.includes('[[person:') ? mentionTokens(text) : [];
  if (tokens.length === 0) return plain(text);
  const parts: string[] = [];
  let at = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    parts.push(plain(text.slice(at, t.start)));
    at = t.end;
    const m = resolve(t.key);
    if (m === null) {
      parts.push(UNKNOWN_MENTION);
      continue;
    }
    if (m.pseudonym && parts.length > 0) parts[parts.length - 1] = withoutPrefix(parts[parts.length - 1]!, m);
    const next = tokens[i + 1];
    if (next !== undefined && next.key === t.key && text.slice(t.end, next.start) === ' (' && text[next.end] === ')') {
      parts.push(!m.pseudonym && m.native ? `${m.text} (${m.native})` : m.text);
      at = next.end + 1;
      i++;
    } else {
      parts.push(m.text);
    }
  }
  parts.push(plain(text.slice(at)));
  return parts.join('');
}

/**
 * A Redactor that renders mentions first: each mention by `resolve`, the plain text between
 * them through `redactor` (documents: mentions per audience; API: pseudonyms).
 */
export function mentionAwareRedactor(redactor: TextRedactor, resolve: MentionResolver): TextRedactor {
  function redact(text: string): string;
  function redact(text: string | null): string | null;
  function redact(text: string | null): string | null {
    if (text === null) return null;
    return renderMentions(text, resolve, (part) => redactor.redact(part));
  }
  return {
    redact,
    namesSomebody: (identifier) => redactor.namesSomebody(identifier),
    // Mentions are rendered as the audience allows: only the typed text between them can leak.
    findLeaks: (text) => redactor.findLeaks(mapMentions(text, () => ' ')),
  };
}

// ---------------------------------------------------------------------------------------------
// Converting typed names into mentions

export interface ConvertedName {
  /** The text as typed. */
  text: string;
  key: string;
}

export interface AmbiguousName {
  text: string;
  /** Every person it may name (a shared surname): left as typed, for staff to decide. */
  keys: string[];
}

export interface Conversion {
  text: string;
  converted: ConvertedName[];
  ambiguous: AmbiguousName[];
}

/**
 * A matcher for conversion: individuals only. A group's or organisation's "name" is a
 * description ("Residents of Kok-Tobe street"), and turning its words into a mention would
 * change the text; a mention of a group is written by hand.
 */
export function conversionMatcher(persons: readonly ProtectedPerson[]): NameMatcher {
  return nameMatcherFor(conversionPersons(persons));
}

/** Whom conversionMatcher matches: the individuals of `persons`. */
export const conversionPersons = <P extends ProtectedPerson>(persons: readonly P[]): P[] => persons.filter((p) => p.kind === 'individual');

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/ё/g, 'е');
const wordsOf = (s: string) => fold(s).match(/\p{L}+/gu) ?? [];

/**
 * Whether a span spells the person's name as recorded: every word of it a word of the name or
 * the native name, one of them at least 3 letters. The matcher also finds inflected forms,
 * transliterations, initials, a relative's gendered form and family plurals ("the Rahimovs");
 * those are left as typed (the Redactor still catches them), since a mention prints the name as
 * recorded and would change what the text says.
 */
function spellsName(span: string, person: ProtectedPerson): boolean {
  const own = new Set([...wordsOf(person.name), ...wordsOf(person.nameNative ?? '')]);
  const words = wordsOf(span);
  return words.length > 0 && words.some((w) => w.length >= 3) && words.every((w) => own.has(w));
}

/** A matcher's persons by key, made once per matcher: a bundle converts every text with one (issue 18: remade per text, 29 s for 6,300 incidents). */
const PERSONS_BY_KEY = new WeakMap<NameMatcher, Map<string, ProtectedPerson>>();
function personsByKey(matcher: NameMatcher): Map<string, ProtectedPerson> {
  let byKey = PERSONS_BY_KEY.get(matcher);
  if (!byKey) PERSONS_BY_KEY.set(matcher, (byKey = new Map(matcher.persons.map((p) => [p.key, p]))));
  return byKey;
}

/**
 * Typed names of known persons in `text` turned into mentions: a span the matcher finds that
 * names exactly one person, spelled as recorded. A span that may name several persons (a
 * shared surname) is reported and left as typed. Existing mentions are kept as they are.
 */
export function convertNamesToMentions(text: string, matcher: NameMatcher): Conversion {
  const converted: ConvertedName[] = [];
  const ambiguous: AmbiguousName[] = [];
  const byKey = personsByKey(matcher);
  const out = mapMentions(text, (key) => mentionOf(key), (part) => {
    const spans = matcher.findMentions(part);
    if (spans.length === 0) return part;
    let result = '';
    let at = 0;
    for (const span of spans) {
      if (span.personKeys.length > 1) {
        ambiguous.push({ text: span.text, keys: span.personKeys });
        continue;
      }
      const person = byKey.get(span.personKeys[0]!);
      if (!person || !spellsName(span.text, person)) continue;
      result += part.slice(at, span.start) + mentionOf(person.key);
      at = span.end;
      converted.push({ text: span.text, key: person.key });
    }
    return result + part.slice(at);
  });
  return { text: out, converted, ambiguous };
}

/** Names converted per record, by record key, and in all. */
export type MentionCounts = Partial<Record<FreeTextCollection, Record<string, number>>> & { total: number };

export interface BundleConversion {
  bundle: Bundle;
  mentionsConverted: MentionCounts;
  /** Spans left as typed because they may name several persons, with where they are. */
  ambiguous: Array<AmbiguousName & { path: string }>;
}

/**
 * Every free-text field of a bundle with typed names of known persons (the bundle's and those
 * `stored`) converted into mentions, and how many per record.
 */
export function convertBundleNames(bundle: Bundle, stored: readonly ProtectedPerson[]): BundleConversion {
  const persons = new Map<string, ProtectedPerson>();
  for (const p of stored) persons.set(p.key, p);
  for (const p of bundle.persons) persons.set(p.key, { key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative ?? null, pseudonym: p.pseudonym });
  const matcher = conversionMatcher([...persons.values()]);
  const counts: MentionCounts = { total: 0 };
  const ambiguous: BundleConversion['ambiguous'] = [];
  const out: Record<string, unknown> = { ...bundle };
  for (const collection of FREE_TEXT_COLLECTIONS) {
    const records = (bundle[collection] ?? []) as Array<{ key: string }>;
    out[collection] = records.map((record, i) => {
      let n = 0;
      const next = mapFreeTexts(collection, record, (text, path) => {
        const c = convertNamesToMentions(text, matcher);
        n += c.converted.length;
        for (const a of c.ambiguous) ambiguous.push({ ...a, path: `/${collection}/${i}/${path.join('/')}` });
        return c.text;
      });
      if (n > 0) {
        (counts[collection] ??= {})[record.key] = n;
        counts.total += n;
      }
      return next;
    });
  }
  return { bundle: out as unknown as Bundle, mentionsConverted: counts, ambiguous };
}
