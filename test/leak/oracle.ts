/**
 * The leak oracle: from the corpus alone (bundle JSON + the attacks it planted), decides who
 * must not be named to each audience and finds them in an extracted text. Independent of
 * src/documents/consent.ts on purpose: its folding is its own (fold.ts), so a shared blind
 * spot is unlikely.
 *
 * Audiences: 'un' (UN communications), 'public' (briefings, appeals), 'none' (API answers to a
 * caller without identities:read: nobody may be named, consenting or not).
 *
 * A name found near the anchor of an attack on that person ("(LC0042)") is that attack
 * leaking; a name found elsewhere is a 'person-name' leak of the person. Phrases (a
 * confidential source's title, author and URL; an identifying description) leak wherever they
 * appear in a document.
 */
import type { Attack, AttackClass, Audience, CorpusBundle, CorpusPerson } from './corpus/types.js';
import { compact, fold, key, type Folded } from './fold.js';

export type ChannelGroup = 'document' | 'api';
export interface Channel {
  /** e.g. "eu-briefing/pdf:text"; `type` is the part after the slash, for per-channel totals. */
  name: string;
  type: string;
  audience: Audience;
  group: ChannelGroup;
}

export interface Leak {
  /** The attack that leaked, or null for a person's name found away from any planted attack. */
  attack: string | null;
  person: string;
  cls: AttackClass;
  channel: string;
  snippet: string;
}

/** One search a caller without identities:read ran, and the record keys it got back. */
export interface SearchQuery {
  attack: string | null;
  person: string;
  q: string;
  url: string;
  status: number;
  returned: string[];
}

/** How far (in folded characters) a name may stand from its attack's anchor. */
const ANCHOR_WINDOW = 120;

interface Pattern { person: string; re: RegExp }

const VOWEL_CLASS: Record<string, string> = { a: '[aou]', o: '[aou]', u: '[aou]', e: '[ei]', i: '[ei]' };
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A surname's stem: the feminine -a of -ova/-eva/-ina dropped, so that both genders match. */
export function stemOf(surname: string): string {
  const k = key(surname).replace(/\s+/g, '');
  return /(ov|ev|in)a$/.test(k) ? k.slice(0, -1) : k;
}

/** The stem with loose vowels, followed by any ending (case, plural, possessive, glued text). */
function stemPattern(stem: string): string {
  const body = [...stem].map((c) => VOWEL_CLASS[c] ?? escape(c)).join('');
  const consonants = stem.replace(/[aeiou]/g, '').length;
  // Long stems are matched inside longer tokens too ("komilyusupov", "umarov1987").
  const left = consonants >= 4 && stem.length >= 6 ? '' : '(?<!\\p{L})';
  return `${left}${body}\\p{L}*`;
}

const phrasePattern = (phrase: string) => `(?<!\\p{L})${key(phrase).trim().split(/\s+/).map(escape).join('\\s+')}(?!\\p{L})`;

const lastToken = (name: string) => name.trim().split(/\s+/).at(-1) ?? '';

export class Oracle {
  readonly persons: Map<string, CorpusPerson>;
  readonly attacks: Map<string, Attack>;
  private readonly patterns = new Map<string, Pattern[]>();
  private readonly masks = new Map<string, RegExp[]>();

  constructor(readonly bundle: CorpusBundle, attacks: readonly Attack[]) {
    this.persons = new Map(bundle.persons.map((p) => [p.key, p]));
    this.attacks = new Map(attacks.map((a) => [a.id, a]));
  }

  /** Whether the person may not be named to this audience. */
  isProtected(person: CorpusPerson, audience: Audience): boolean {
    if (audience === 'none') return true;
    return audience === 'un' ? !person.consent.unSubmission : !person.consent.publicNaming;
  }

  protectedPersons(audience: Audience): CorpusPerson[] {
    return this.bundle.persons.filter((p) => this.isProtected(p, audience));
  }

  /** Whether an attack is checked in a channel (counts towards M). */
  applies(attack: Attack, channel: Channel): boolean {
    if (attack.control) return channel.audience === 'none';
    if (channel.group === 'api' && !attack.namesPerson) return false;
    if (attack.confidential && channel.group === 'document') return true;
    const person = this.persons.get(attack.person);
    return person !== undefined && this.isProtected(person, channel.audience);
  }

  /** Attack × channel checks plus one "named anywhere" check per protected person. */
  checksIn(channel: Channel): number {
    let n = this.protectedPersons(channel.audience).length;
    for (const a of this.attacks.values()) if (this.applies(a, channel)) n++;
    return n;
  }

  /** Every way a protected person of this audience is matched, compiled once. */
  private patternsFor(audience: Audience): Pattern[] {
    const cached = this.patterns.get(audience);
    if (cached) return cached;
    const out: Pattern[] = [];
    for (const p of this.protectedPersons(audience)) {
      const sources = new Set<string>();
      if (p.kind === 'individual') {
        for (const name of [p.name, p.nameNative]) if (name) sources.add(stemPattern(stemOf(lastToken(name))));
      } else {
        for (const name of [p.name, p.nameNative]) if (name) sources.add(phrasePattern(name));
      }
      // A mention left unrendered points at the person as surely as the name.
      sources.add(escape(`[[person:${p.key}]]`));
      for (const s of sources) out.push({ person: p.key, re: new RegExp(s, 'gu') });
    }
    this.patterns.set(audience, out);
    return out;
  }

  /** The first name an attack plants, as planted and as the person's records spell it (Latin and native). */
  private firstNamePatterns(attack: Attack): RegExp[] {
    const person = this.persons.get(attack.person);
    const firsts = [attack.planted.replace(/['’]s$/u, ''), ...[person?.name, person?.nameNative].map((n) => n?.trim().split(/\s+/)[0] ?? '')];
    return [...new Set(firsts.map((n) => key(n).trim()).filter((k) => k.length >= 3))].map((k) => new RegExp(`(?<!\\p{L})${escape(k)}`, 'u'));
  }

  /** Names that may appear to this audience: consenting persons' full names and exact surnames. */
  private masksFor(audience: Audience): RegExp[] {
    const cached = this.masks.get(audience);
    if (cached) return cached;
    const out: RegExp[] = [];
    for (const p of this.bundle.persons) {
      if (this.isProtected(p, audience) || p.kind !== 'individual') continue;
      for (const name of [p.name, p.nameNative]) {
        if (!name) continue;
        const tokens = name.trim().split(/\s+/);
        out.push(new RegExp(phrasePattern(name), 'gu'));
        out.push(new RegExp(phrasePattern(`${tokens[0]} ${tokens.at(-1)}`), 'gu'));
        out.push(new RegExp(phrasePattern(tokens.at(-1)!), 'gu'));
      }
    }
    this.masks.set(audience, out);
    return out;
  }

  /** Records tied to a person: the person, incidents of which they are a victim, records where attacks on them were planted. */
  tiedRecords(person: string): Set<string> {
    const out = new Set<string>([person]);
    for (const i of this.bundle.incidents) if (i.victims.includes(person)) out.add(i.key);
    for (const a of this.attacks.values()) if (a.person === person && a.namesPerson) out.add(a.placement.key);
    return out;
  }

  /**
   * A search for a protected name that returns a record tied to that name tells the caller
   * whose name it is: a leak, even though the answer itself shows only pseudonyms.
   */
  checkSearch(queries: readonly SearchQuery[], channel: Channel): Leak[] {
    const leaks: Leak[] = [];
    for (const q of queries) {
      const attack = q.attack === null ? undefined : this.attacks.get(q.attack);
      const tied = attack ? new Set([attack.placement.key, attack.person]) : this.tiedRecords(q.person);
      const hit = q.returned.find((k) => tied.has(k));
      if (hit === undefined) continue;
      leaks.push({ attack: attack?.id ?? null, person: q.person, cls: attack?.cls ?? 'person-name', channel: channel.name, snippet: `${q.url} → ${hit}` });
    }
    return leaks;
  }

  /** The leaks in one extracted text of a channel. */
  check(text: string, channel: Channel): Leak[] {
    const f = fold(text);
    const masked = this.masksFor(channel.audience).flatMap((re) => [...f.text.matchAll(re)].map((m): [number, number] => [m.index, m.index + m[0].length]));
    const isMasked = (s: number, e: number) => masked.some(([ms, me]) => s >= ms && e <= me);
    const anchors = [...f.text.matchAll(/(?<![\p{L}\p{N}])lc(\d{4})(?!\p{N})/gu)]
      .map((m) => ({ at: m.index, attack: this.attacks.get(`LC${m[1]}`) }))
      .filter((a): a is { at: number; attack: Attack } => a.attack !== undefined && this.applies(a.attack, channel));
    const leaks = new Map<string, Leak>();
    const record = (id: string, leak: Leak) => { if (!leaks.has(id)) leaks.set(id, leak); };

    // A span may fit several persons (a shared surname, in the 'none' audience both spouses):
    // it is one sighting, attributed to the nearest attack on any of them.
    const spans = new Map<number, { end: number; persons: Set<string> }>();
    for (const pattern of this.patternsFor(channel.audience)) {
      for (const m of f.text.matchAll(pattern.re)) {
        const end = m.index + m[0].length;
        if (isMasked(m.index, end)) continue;
        const span = spans.get(m.index) ?? { end, persons: new Set<string>() };
        span.end = Math.max(span.end, end);
        span.persons.add(pattern.person);
        spans.set(m.index, span);
      }
    }
    for (const [start, { end, persons }] of spans) {
      let best: { at: number; attack: Attack } | null = null;
      for (const a of anchors) {
        if (!persons.has(a.attack.person)) continue;
        const distance = Math.abs(a.at - start);
        if (distance <= ANCHOR_WINDOW && (best === null || distance < Math.abs(best.at - start))) best = a;
      }
      const snippet = snippetOf(text, f, start, end);
      if (best) record(best.attack.id, { attack: best.attack.id, person: best.attack.person, cls: best.attack.cls, channel: channel.name, snippet });
      else for (const person of persons) record(`person:${person}`, { attack: null, person, cls: 'person-name', channel: channel.name, snippet });
    }

    // A first name alone, or a spelling no stem of the records reaches (Ибрагимов for Иброҳимов,
    // Rahmon for Rahmonov), is looked for only near the anchors of attacks that plant one.
    for (const a of anchors) {
      if (leaks.has(a.attack.id)) continue;
      const patterns = a.attack.cls === 'first-name' ? this.firstNamePatterns(a.attack) : a.attack.cls === 'other-spelling' ? plantedWordPatterns(a.attack) : [];
      const from = Math.max(0, a.at - ANCHOR_WINDOW);
      const window = f.text.slice(from, a.at + ANCHOR_WINDOW);
      for (const re of patterns) {
        const m = re.exec(window);
        if (m === null || isMasked(from + m.index, from + m.index + m[0].length)) continue;
        record(a.attack.id, { attack: a.attack.id, person: a.attack.person, cls: a.attack.cls, channel: channel.name, snippet: snippetOf(text, f, from + m.index, from + m.index + m[0].length) });
        break;
      }
    }

    if (channel.group === 'document') {
      const flat = compact(f);
      for (const a of this.attacks.values()) {
        if (a.phrases.length === 0 || leaks.has(a.id) || !this.applies(a, channel)) continue;
        for (const phrase of a.phrases) {
          const at = flat.text.indexOf(key(phrase).replace(/\s+/g, ''));
          if (at < 0) continue;
          const from = flat.map[at] ?? 0;
          record(a.id, { attack: a.id, person: a.person, cls: a.cls, channel: channel.name, snippet: squash(text.slice(Math.max(0, from - 30), from + phrase.length + 30)) });
          break;
        }
      }
    }
    return [...leaks.values()];
  }
}

/** Each word of 4+ letters an attack planted, as planted (folded): none may survive near its anchor. */
function plantedWordPatterns(attack: Attack): RegExp[] {
  const words = key(attack.planted).trim().split(/\s+/).filter((w) => [...w].length >= 4);
  return [...new Set(words)].map((w) => new RegExp(`(?<!\\p{L})${escape(w)}`, 'u'));
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

function snippetOf(original: string, f: Folded, start: number, end: number): string {
  const from = f.map[start] ?? 0;
  const to = (f.map[Math.max(start, end - 1)] ?? from) + 1;
  return squash(`${original.slice(Math.max(0, from - 30), from)}«${original.slice(from, to)}»${original.slice(to, to + 30)}`);
}
