/**
 * The round-1 regex Redactor, kept only so that bench/matcher.ts can compare the name matcher
 * (src/consent/name-matcher.ts) with what it replaced. Nothing in src/ uses it.
 */
export interface ProtectedPerson { key: string; kind: 'individual' | 'group' | 'organisation'; name: string; nameNative: string | null; pseudonym: string }

/**
 * Characters a reader never sees, which text copied from web pages carries: a soft hyphen or a
 * zero-width space inside "Ash\u00ADimov" would hide the name from matching while every reader
 * still sees it. Removed before matching, so also from the text the document prints.
 */
const INVISIBLE = /[\u00AD\u180E\u200B\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/g;
/** Joiners and direction marks mean nothing between Latin or Cyrillic letters (other scripts need them). */
const INVISIBLE_IN_WORD = /(?<=[\p{Script=Latin}\p{Script=Cyrillic}])[\u200C-\u200F]+|[\u200C-\u200F]+(?=[\p{Script=Latin}\p{Script=Cyrillic}])/gu;

/** The text as a reader sees it, for matching names: NFC, invisible characters removed. */
export function visibleText(text: string): string {
  const normal = text.normalize('NFC');
  // Most text has none of these: one test is cheaper than the two replacements.
  return MAY_BE_INVISIBLE.test(normal) ? normal.replace(INVISIBLE, '').replace(INVISIBLE_IN_WORD, '') : normal;
}
const MAY_BE_INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u2060-\u2064\uFEFF\u202A-\u202E\u2066-\u2069]/;

/** Letters and digits in any script: a name must not match inside a longer word. */
const WORD = '[\\p{L}\\p{N}]';
/**
 * Case endings a Russian or Kazakh surname takes in running text (Тобылова → Тобыловой,
 * Әшім → Әшімнің). Matched after the surname's stem (its final vowel dropped).
 */
const CYRILLIC_ENDINGS = [
  'а', 'я', 'ой', 'ей', 'ою', 'ую', 'у', 'ю', 'ы', 'и', 'е', 'ым', 'им', 'ом', 'ем', 'ого', 'ому', 'ых', 'ым',
  'ның', 'нің', 'тың', 'тің', 'дың', 'дің', 'ың', 'ің', 'ға', 'ге', 'қа', 'ке', 'на', 'не', 'ны', 'ні',
  'ды', 'ді', 'ты', 'ті', 'да', 'де', 'та', 'те', 'мен', 'бен', 'пен', 'нан', 'нен', 'дан', 'ден', 'тан', 'тен',
];
const ENDINGS_GROUP = `(?:${CYRILLIC_ENDINGS.sort((a, b) => b.length - a.length).join('|')})?`;
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isCyrillic = (s: string) => /\p{Script=Cyrillic}/u.test(s);

/** The regex source matching one name in running text, spaces and Cyrillic inflections allowed. */
function nameSource(name: string): string {
  const tokens = name.trim().split(/\s+/).map((t) => t.normalize('NFC'));
  // \s* rather than \s+: a name whose words an invisible separator glued together ("Ruslan\u200BAshimov") still matches.
  return tokens.map(declinable).join('\\s*');
}

/**
 * One word of a name as running text may write it. Russian declines first names as well as
 * surnames ("задержание Гульнары Тобыловой"), so every Cyrillic word takes endings; the word
 * as written stays an alternative, for forms the stem would lose (Любовь, Халабузарь).
 */
function declinable(token: string): string {
  if (!isCyrillic(token)) return escapeRegExp(token);
  const stem = token.length > 4 ? token.replace(/[аяеоуыиьй]$/iu, '') : token;
  return `(?:${escapeRegExp(token)}|${escapeRegExp(stem)}${ENDINGS_GROUP})`;
}

/**
 * The names whose first word starts with the same letters, as ONE sticky regex: an alternative
 * per name, longest first, each in a capture group that says whose name matched. One exec per
 * word instead of one per name: the same first match as trying the names one by one in that
 * order (the engine backtracks into the next alternative exactly when one fails), at a fraction
 * of the cost when many names share their first letters.
 */
interface Bucket {
  at: RegExp;
  /** Pseudonym of the name in capture group i + 1. */
  pseudonyms: string[];
}

/** Variants are bucketed by the first letters of their first word, so a scan stays linear. */
const BUCKET = 3;
// toLowerCase, not toLocaleLowerCase: the same on both sides, and several times faster per word.
const bucketOf = (word: string) => word.slice(0, BUCKET).toLowerCase();

/**
 * Replaces every mention of a protected person in free text with their pseudonym: full name,
 * native-script name, surname alone (an individual's last name), with possessives kept
 * ("Ashim's home" → "Blogger B's home") and common Cyrillic case endings absorbed.
 */
export class Redactor {
  private readonly buckets = new Map<string, Bucket>();

  constructor(protectedPersons: readonly ProtectedPerson[]) {
    const sources = new Map<string, { first: string; pseudonyms: Set<string> }>();
    const add = (name: string, pseudonym: string) => {
      const normal = name.normalize('NFC').trim();
      const source = nameSource(normal.toLocaleLowerCase());
      const entry = sources.get(source) ?? { first: bucketOf(normal), pseudonyms: new Set<string>() };
      entry.pseudonyms.add(pseudonym);
      sources.set(source, entry);
    };
    for (const p of protectedPersons) {
      for (const full of [p.name, p.nameNative]) {
        if (!full || full.trim().length === 0) continue;
        add(full, p.pseudonym);
        // A surname alone identifies an individual; a group's or organisation's name has no surname.
        const tokens = full.trim().split(/\s+/);
        const last = tokens[tokens.length - 1];
        if (p.kind === 'individual' && tokens.length > 1 && last && last.length >= 3) add(last, p.pseudonym);
      }
    }
    // Longest first, so a full name wins over the surname inside it.
    const ordered = [...sources.entries()].sort((a, b) => b[0].length - a[0].length);
    const grouped = new Map<string, { sources: string[]; pseudonyms: string[] }>();
    for (const [source, { first, pseudonyms }] of ordered) {
      const group = grouped.get(first) ?? { sources: [], pseudonyms: [] };
      group.sources.push(`(${source})`);
      // Two protected people with the same surname: the surname alone cannot say which one it is.
      group.pseudonyms.push(pseudonyms.size === 1 ? [...pseudonyms][0]! : '[name withheld]');
      grouped.set(first, group);
    }
    for (const [first, { sources: alternatives, pseudonyms }] of grouped) {
      this.buckets.set(first, { at: new RegExp(`(?:${alternatives.join('|')})(?!${WORD})`, 'iuy'), pseudonyms });
    }
  }

  /** Free text with every protected mention replaced by the pseudonym. */
  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null || this.buckets.size === 0) return text;
    let out = '';
    let copied = 0;
    this.scan(visibleText(text), (normal, start, end, pseudonym) => {
      out += normal.slice(copied, start) + pseudonym;
      copied = end;
    }, (normal) => {
      out += normal.slice(copied);
    });
    return out;
  }

  /** Whose protected names a finished text contains, by pseudonym (safe to report). */
  leakedPseudonyms(text: string): string[] {
    const found = new Set<string>();
    this.scan(visibleText(text), (_normal, _start, _end, pseudonym) => void found.add(pseudonym));
    return [...found];
  }


  /** The protected names found in a finished text (must always be empty). */
  findLeaks(text: string): string[] {
    const found = new Set<string>();
    this.scan(visibleText(text), (normal, start, end) => void found.add(normal.slice(start, end)));
    return [...found];
  }

  private scan(
    text: string,
    onMatch: (text: string, start: number, end: number, pseudonym: string) => void,
    onEnd?: (text: string) => void,
  ): void {
    const words = /[\p{L}\p{N}]+/gu;
    let m: RegExpExecArray | null;
    while ((m = words.exec(text)) !== null) {
      const bucket = this.buckets.get(bucketOf(m[0]));
      if (!bucket) continue;
      bucket.at.lastIndex = m.index;
      const hit = bucket.at.exec(text);
      if (hit) {
        let group = 1;
        while (hit[group] === undefined) group++;
        onMatch(text, m.index, m.index + hit[0].length, bucket.pseudonyms[group - 1]!);
        words.lastIndex = m.index + hit[0].length;
      }
    }
    onEnd?.(text);
  }
}
