/**
 * The tests' own idea of who must not be named and how a name can appear, computed from the
 * bundle JSON alone, independently of src/documents/consent.ts: if the two disagree, a test fails.
 */

export type Audience = 'un' | 'public';

export interface BundlePerson {
  key: string;
  kind: 'individual' | 'group' | 'organisation';
  name: string;
  nameNative?: string | null;
  pseudonym: string;
  consent: { unSubmission?: boolean; publicNaming?: boolean; stateTransmission?: boolean };
}
export interface BundleSource {
  key: string;
  type: string;
  title: string;
  author?: string | null;
  date?: string | null;
  url?: string | null;
  confidential: boolean;
  /** Persons the source names or identifies (case bundle round 2). */
  identifies?: string[];
}
export interface BundleIncident {
  key: string;
  title: string;
  date: string;
  summary: string;
  victims: string[];
  followUpOf?: string | null;
  rights: string[];
  sources: Array<{ source: string; credibility: number; locator?: string | null; excerpt?: string | null }>;
}
export interface Bundle {
  country: { code: string; name: string };
  persons: BundlePerson[];
  sources: BundleSource[];
  incidents: BundleIncident[];
  recommendations?: Array<{ key: string; text: string; incidents: string[]; addressee?: string }>;
}

export const mayName = (p: BundlePerson, audience: Audience): boolean =>
  audience === 'un' ? p.consent.unSubmission === true : p.consent.publicNaming === true;

export interface NamePattern {
  person: string;
  /** What the pattern looks for, for failure messages. */
  label: string;
  re: RegExp;
}

const LETTER = '[\\p{L}\\p{N}]';
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const isCyrillic = (s: string) => /\p{Script=Cyrillic}/u.test(s);

/** A name as running text writes it: any spacing between words, not inside a longer word. */
function wordsPattern(name: string): string {
  // Russian and Kazakh names decline, first names too (Гульнара Тобылова → Гульнары Тобыловой,
  // Әшім → Әшімнің): each Cyrillic word as written, or its stem with any short ending.
  const word = (token: string) => (isCyrillic(token)
    ? `(?:${escape(token)}|${escape(token.length > 4 ? token.replace(/[аяеоуыиьй]$/iu, '') : token)}\\p{L}{0,4})`
    : escape(token));
  return name.trim().split(/\s+/).map(word).join('\\s*');
}

/** What a reader sees: invisible characters (soft hyphen, zero-width and direction marks) gone. */
export const visible = (text: string): string =>
  text.normalize('NFC').replace(/[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g, '');

const bounded = (source: string) => new RegExp(`(?<!${LETTER})${source}(?!${LETTER})`, 'giu');

/**
 * Every way the protected persons of these bundles can be named: full and native-script names,
 * an individual's surname alone (which also catches possessives, "Ashim's"), and Cyrillic case endings.
 */
export function protectedNamePatterns(bundles: readonly Bundle[], audience: Audience): NamePattern[] {
  const out: NamePattern[] = [];
  for (const person of bundles.flatMap((b) => b.persons)) {
    if (mayName(person, audience)) continue;
    for (const name of [person.name, person.nameNative]) {
      if (!name) continue;
      out.push({ person: person.key, label: name, re: bounded(wordsPattern(name)) });
      const tokens = name.trim().split(/\s+/);
      const surname = tokens.at(-1)!;
      if (person.kind === 'individual' && tokens.length > 1 && surname.length >= 3) {
        out.push({ person: person.key, label: `${surname} (surname)`, re: bounded(wordsPattern(surname)) });
      }
    }
  }
  return out;
}

/** The protected names found in a text, with a little context, for failure messages. */
export function findNames(text: string, patterns: readonly NamePattern[]): string[] {
  const found: string[] = [];
  const normal = visible(text);
  for (const p of patterns) {
    for (const m of normal.matchAll(p.re)) {
      found.push(`${p.label}: …${normal.slice(Math.max(0, m.index - 30), m.index + m[0].length + 30)}…`);
    }
  }
  return found;
}

/** Ranges [start, end) of the protected mentions in a text. */
function mentions(text: string, patterns: readonly NamePattern[]): Array<[number, number]> {
  // A mention [[person:KEY]] prints as a name or a pseudonym, per audience: never part of a window.
  const byReference = [...text.matchAll(/\[\[person:[a-z0-9-]{1,80}\]\]/g)].map((m): [number, number] => [m.index, m.index + m[0].length]);
  return [...byReference, ...patterns.flatMap((p) => [...text.matchAll(p.re)].map((m): [number, number] => [m.index, m.index + m[0].length]))];
}

/**
 * A distinctive piece of some record text that names nobody protected: the longest stretch
 * between protected mentions, without its first and last word (a possessive's "'s", a cut
 * word), at most `max` characters, cut at word boundaries.
 */
export function nameFreeWindow(text: string, patterns: readonly NamePattern[], max = 70): string {
  const normal = visible(text).replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
  const cuts = mentions(normal, patterns).sort((a, b) => a[0] - b[0]);
  const stretches: string[] = [];
  let from = 0;
  for (const [start, end] of cuts) {
    if (start > from) stretches.push(normal.slice(from, start));
    from = Math.max(from, end);
  }
  stretches.push(normal.slice(from));
  const candidates = stretches.map((s, i) => {
    const words = s.trim().split(/\s+/);
    // Drop a word touching a mention: it may be a possessive's tail or a case ending.
    const inner = words.slice(i === 0 ? 0 : 1, i === stretches.length - 1 ? undefined : -1);
    let window = '';
    for (const w of inner) {
      const next = window === '' ? w : `${window} ${w}`;
      if (next.length > max && window !== '') break;
      window = next;
    }
    return window;
  });
  const best = candidates.sort((a, b) => b.length - a.length)[0] ?? '';
  if (best.length < 6) throw new Error(`no name-free window in ${JSON.stringify(text)}`);
  return best;
}

const TYPE_WORDS: Record<string, string> = {
  media: 'media report', monitoring: 'monitoring report', 'social-media': 'social media post', official: 'official statement',
  court: 'court document', 'ngo-report': 'NGO report', 'press-conference': 'press conference',
};

/** How a confidential source is cited: its type and month only. */
export function confidentialCitation(source: BundleSource): string {
  const month = source.date
    ? ` ${new Date(`${source.date}T00:00:00Z`).toLocaleString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' })}`
    : '';
  const type = TYPE_WORDS[source.type] ?? source.type.replace(/-/g, ' ');
  return `Confidential source (${type}${month ? `,${month}` : ''})`;
}

/**
 * Whether a document for the audience cites the source like a confidential one: it is
 * confidential, or it identifies somebody protected there — listed in `identifies`, or named
 * (per `patterns`) in its title, author, URL, or the locator or excerpt of an incident citing it.
 */
export function citedAsConfidential(source: BundleSource, bundles: readonly Bundle[], audience: Audience, patterns: readonly NamePattern[]): boolean {
  if (source.confidential) return true;
  const persons = new Map(bundles.flatMap((b) => b.persons).map((p) => [p.key, p]));
  if ((source.identifies ?? []).some((k) => { const p = persons.get(k); return p !== undefined && !mayName(p, audience); })) return true;
  const links = bundles.flatMap((b) => b.incidents).flatMap((i) => i.sources).filter((l) => l.source === source.key);
  const texts = [source.title, source.author, source.url?.replace(/[^\p{L}\p{N}]+/gu, ' '), ...links.flatMap((l) => [l.locator, l.excerpt])];
  return texts.some((t) => typeof t === 'string' && findNames(t, patterns).length > 0);
}
