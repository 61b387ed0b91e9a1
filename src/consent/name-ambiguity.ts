import { mentionOf, mentionTokens } from '../records/mention-syntax.js';
import type { TextRedactor } from './consent.js';
import { NAME_WITHHELD, NameMatcher, nameMatcherFor, shieldedMatcherFor, type Mention, type ProtectedPerson } from './index.js';
import { newReader, readings } from './readings-memo.js';

/**
 * Shared surnames: a typed name that may be a person the audience may see named AND a person
 * protected from it ("Abenov" beside a consenting Aigerim Abenova and her protected husband Marat
 * Abenov). Redaction keeps it safe (it reads the protected one), but nobody can tell which person
 * was meant: staff must decide, by making it a mention. Only mixed spans count — all protected:
 * redaction is right; all nameable: the text may print.
 */

export interface AmbiguousSpan {
  /** Offsets in the text as stored (mentions included). */
  start: number;
  end: number;
  /** The text as typed. */
  text: string;
  /** Which of the identical typed texts in this field it is (1 for the first). */
  occurrence: number;
  /** Every person it may name, in the matcher's order. */
  keys: string[];
}

export interface NameAmbiguityFinder {
  /** The mixed spans of one free text, mentions aside (the same array for the same text: do not change it). */
  find(text: string): AmbiguousSpan[];
}

const NONE: NameAmbiguityFinder = { find: () => [] };
const NO_AMBIGUITIES: AmbiguousSpan[] = Object.freeze([]) as unknown as AmbiguousSpan[];

/**
 * Finders by their persons: the protected and the others' lists (the same arrays for a persons
 * revision, as the matchers' cache has them: index.ts), then the nameable individuals' fields the
 * matcher of them is built from. What a finder found in a text is remembered in the readings
 * memo (readings-memo.ts, under its own number): the next composition over the same records
 * (a preview, the DOCX, the final PDF) asks the same of the same texts.
 */
const finders = new WeakMap<readonly ProtectedPerson[], WeakMap<readonly ProtectedPerson[], Map<string, NameAmbiguityFinder>>>();
/** Finders kept per pair of lists (documents of the same records naming other persons). */
const FINDERS_KEPT = 8;

/**
 * A finder for one audience: `nameable` are the persons the document may name (victims and
 * persons mentioned who consented), `protectedPersons` everybody it may not. Nameable groups and
 * organisations are left out: their names are descriptions, and a mention of one is written by
 * hand (as in conversion, mentions.ts).
 */
export function nameAmbiguityFinder(
  nameable: readonly ProtectedPerson[], protectedPersons: readonly ProtectedPerson[], othersNameable: readonly ProtectedPerson[] = [],
): NameAmbiguityFinder {
  const individuals = nameable.filter((p) => p.kind === 'individual');
  if (individuals.length === 0 || protectedPersons.length === 0) return NONE;
  // What nameMatcherFor builds the nameable persons' matcher of (and the keys mixedSpans reports).
  const signature = JSON.stringify(individuals.map((p) => [p.key, p.kind, p.name, p.nameNative, p.pseudonym]));
  let byOthers = finders.get(protectedPersons);
  if (byOthers === undefined) finders.set(protectedPersons, (byOthers = new WeakMap()));
  let bySignature = byOthers.get(othersNameable);
  if (bySignature === undefined) byOthers.set(othersNameable, (bySignature = new Map()));
  let finder = bySignature.get(signature);
  if (finder !== undefined) {
    bySignature.delete(signature); // most recently used last
  } else {
    finder = newFinder(individuals, protectedPersons, othersNameable);
    if (bySignature.size >= FINDERS_KEPT) bySignature.delete(bySignature.keys().next().value!);
  }
  bySignature.set(signature, finder);
  return finder;
}

function newFinder(
  individuals: readonly ProtectedPerson[], protectedPersons: readonly ProtectedPerson[], othersNameable: readonly ProtectedPerson[],
): NameAmbiguityFinder {
  // Two matchers: the protected persons' one is the document's redactor (shared across requests,
  // built once per persons revision); the nameable few get their own, shared by every document
  // that names the same persons (nameMatcherFor: building one costs ~0.7 ms a person, half of
  // composing a 50-incident document). One matcher over both would be a new index of every
  // protected person for every selection of victims.
  let nameableMatcher: NameMatcher | undefined;
  let protectedMatcher: NameMatcher | undefined;
  // A composition asks twice for most texts (listing them, and redacting), and the next one
  // over the same records again: read each once.
  const reader = newReader();
  return {
    find(text) {
      const known = readings.get(text, reader) as AmbiguousSpan[] | undefined;
      if (known !== undefined) return known;
      const out: AmbiguousSpan[] = [];
      eachPlainPart(text, (part, offset) => {
        // The protected persons' matcher first: it is the document's redactor, which reads the
        // same text next (and remembers it); where it finds nobody there is nothing mixed, and
        // the nameable persons' matcher need not read the text at all. Shielded like the
        // redactor: a protected name inside a longer name of somebody else who may be named is
        // theirs, and no ambiguity (shieldedMatcherFor).
        protectedMatcher ??= shieldedMatcherFor(protectedPersons, othersNameable);
        const protectedSpans = protectedMatcher.findMentions(part);
        if (protectedSpans.length === 0) return;
        nameableMatcher ??= nameMatcherFor(individuals);
        for (const span of mixedSpans(nameableMatcher.findMentions(part), protectedSpans)) {
          out.push({ start: offset + span.start, end: offset + span.end, text: span.text, occurrence: 0, keys: span.personKeys });
        }
      });
      // Counted among the names found (a word inside a longer word, "Abenov" in "Abenovs", is none).
      const seen = new Map<string, number>();
      for (const span of out) seen.set(span.text, (span.occurrence = (seen.get(span.text) ?? 0) + 1));
      const found = out.length === 0 ? NO_AMBIGUITIES : out;
      readings.set(text, reader, found);
      return found;
    },
  };
}

/**
 * The spans both sets of persons find at the same place, that neither set finds inside a longer
 * name: what one matcher over both would find with persons of each (leftmost-longest).
 */
function mixedSpans(nameable: readonly Mention[], protectedSpans: readonly Mention[]): Mention[] {
  if (protectedSpans.length === 0) return [];
  const all = [...nameable, ...protectedSpans];
  // Leftmost-longest: a name that starts earlier and reaches into this one, or a longer one from
  // the same place, is read instead of it.
  const shadowed = (s: Mention) => all.some((o) => o.start < s.end && o.end > s.start && (o.start < s.start || (o.start === s.start && o.end > s.end)));
  const out: Mention[] = [];
  for (const n of nameable) {
    const p = protectedSpans.find((o) => o.start === n.start && o.end === n.end);
    if (p !== undefined && !shadowed(n)) out.push({ ...n, personKeys: [...n.personKeys, ...p.personKeys] });
  }
  return out;
}

/** Calls `f` with each stretch of text between mentions and its offset. */
function eachPlainPart(text: string, f: (part: string, offset: number) => void): void {
  let at = 0;
  for (const t of mentionTokens(text)) {
    if (t.start > at) f(text.slice(at, t.start), at);
    at = t.end;
  }
  if (at < text.length) f(text.slice(at), at);
}

/**
 * A Redactor that prints "[name withheld]" for an ambiguous span instead of the protected
 * person's pseudonym: "Journalist H" where "Abenov" was typed, beside a named Aigerim Abenova,
 * would tell a reader whose pseudonym that is. The rest goes through `redactor` as before.
 * For plain text (mentionAwareRedactor renders mentions around it).
 */
export function withholdingAmbiguities(redactor: TextRedactor, finder: NameAmbiguityFinder): TextRedactor {
  function redact(text: string): string;
  function redact(text: string | null): string | null;
  function redact(text: string | null): string | null {
    if (text === null) return null;
    const spans = finder.find(text);
    if (spans.length === 0) return redactor.redact(text);
    let out = '';
    let at = 0;
    for (const span of spans) {
      let end = span.end;
      let replacement = NAME_WITHHELD;
      // "the Abenovs’ flat": the family's possessive stays readable.
      if (/s$/i.test(span.text) && PLURAL_POSSESSIVE.test(text.slice(end)) && !/\p{L}/u.test(text[end + 1] ?? '')) {
        replacement += `${text[end]}s`;
        end += 1;
      }
      out += redactor.redact(text.slice(at, span.start)) + replacement;
      at = end;
    }
    return out + redactor.redact(text.slice(at));
  }
  return { redact, namesSomebody: (id) => redactor.namesSomebody(id), findLeaks: (text) => redactor.findLeaks(text) };
}

// ---------------------------------------------------------------------------------------------
// Resolving one: the span becomes a mention of the person staff chose

export interface ShownSpan {
  start: number;
  end: number;
  /** What staff were shown there. */
  text: string;
}

/** An apostrophe right after a family plural: "the Abenovs’ flat". */
const PLURAL_POSSESSIVE = /^['’`]/;

/**
 * The text with the span replaced by a mention of `key`, or null when the text no longer says
 * there what staff were shown (it was edited meanwhile). A family plural ("the Abenovs", "the
 * Abenovs’ flat") becomes the person ("[[person:k]]", "[[person:k]]’s flat"): staff chose one.
 */
export function withMentionAt(text: string, span: ShownSpan, key: string): string | null {
  if (span.start < 0 || span.end > text.length || span.start >= span.end || text.slice(span.start, span.end) !== span.text) return null;
  // Not inside a mention: its key is no typed name.
  if (mentionTokens(text).some((t) => span.start < t.end && span.end > t.start)) return null;
  let start = span.start;
  let end = span.end;
  let after = '';
  if (/s$/i.test(span.text) && PLURAL_POSSESSIVE.test(text.slice(end)) && !/\p{L}/u.test(text[end + 1] ?? '')) {
    after = `${text[end]}s`;
    end += 1;
  }
  if (/s$/i.test(span.text)) {
    const the = /\bthe\s+$/i.exec(text.slice(Math.max(0, start - 8), start));
    if (the) start -= the[0].length;
  }
  return text.slice(0, start) + mentionOf(key) + after + text.slice(end);
}

/**
 * Whether the typed text may name this person: a choice made in the preview must be one of the
 * span's candidates, not anybody (one person's matcher, not the shared cache).
 */
export function typedTextMayName(typed: string, person: ProtectedPerson): boolean {
  return new NameMatcher([person]).findMentions(typed).some((s) => s.start === 0 && s.end === typed.length);
}
