import { detached } from '../shared/text/detached.js';
import { isCommonWord } from './common-words.js';
import { RUSSIAN_DIMINUTIVES } from './diminutives.js';
import { foldText, visibleText, type Folded } from './fold.js';
import { homoglyphReadings } from './homoglyphs.js';
import { spellingReadings } from './spelling-readings.js';
import {
  childOf, childrenOf, freezeNameIndex, GIVEN_ALONE, hasChildren, idsOfKey, INITIALS_ONLY, keyHash, personsAt, type NameIndex,
} from './name-index.js';
import {
  DOTTED, GIVEN_NAME_FORM, givenNameSpellings, givenNameText, INITIAL, initialsOnly, MIN_SURNAME_LETTERS, nameSequences, nameWords, STEM, STRICT, TRAILING_INITIAL,
  type NameWord, type ProtectedPerson, type VariantOptions,
} from './name-variants.js';
import { endingStems, genderNeutral, phoneticKey, strictKey } from './phonetic-key.js';
import { newReader, readings } from './readings-memo.js';
import { commaBefore, ENTRY, Initial, plainWords, tokenize, WORD_IDS, wordEpoch, wordOf, type PlainWords, type Token } from './tokenize.js';
import { toLatin } from './transliterate.js';

/**
 * Finds protected persons' names in text and replaces them with pseudonyms.
 *
 * Built once per set of persons: every way of writing each name becomes a sequence of word ids
 * in a trie (name-variants.ts). Matching folds the text once (fold.ts), splits it into words once
 * (tokenize.ts), and looks each distinct word up once (cached): its phonetic keys, with endings
 * taken off, give the ids of the name words it may be. The trie is then walked from each word,
 * leftmost-longest. No regex per name: the time is linear in the text and does not grow with the
 * number of persons (only the trie's fan-out does, by the number of names sharing a word).
 */

export interface Mention {
  /** Offsets in the original text. */
  start: number;
  end: number;
  /** The original text of the span. */
  text: string;
  /** Every person the span may name (several when they share a surname). */
  personKeys: string[];
}

/**
 * The matching work done in this process: characters folded, words split and looked up, trie
 * states visited. Tests bound it by the input's size (pathological input, issue 18) instead of
 * timing it.
 */
export const matcherWork = { steps: 0 };

/** Said instead of a pseudonym when a span may name several persons with different pseudonyms. */
export const NAME_WITHHELD = '[name withheld]';

/** A word longer than this is no name (it would only be hashed for nothing). */
const MAX_WORD = 64;
/**
 * Words a scan follows a name for unless they already name somebody: a name that goes on (none
 * real does) is matched by its first words too, so that the work stays linear in the text
 * whatever names are on record.
 */
const MAX_NAME_WORDS = 16;
/** Folded characters allowed between two words of one name: "F. R.", "Rustamov, Shavkat". */
const MAX_GAP = 8;
/** Distinct words remembered per matcher. */
const LOOKUP_CACHE = 100_000;
/** Identifiers a matcher remembers what it found in (namesSomebody), and the longest it keeps. */
const IDENTIFIERS_KEPT = 4_096;
/** How many times the readings were forgotten (each matcher's identifiers go with them). */
let forgotten = 0;
const MAX_IDENTIFIER_KEPT = 2_048;

interface TrieNode {
  next: Children | null;
  persons: number[] | null;
  /**
   * Per person of `persons`, the bits (name-index.ts) every sequence of theirs ending here has:
   * INITIALS_ONLY, reached by initials only (F.R.: not inside a longer run of dotted letters,
   * X.Y.Z, U.S.A.); GIVEN_ALONE, by a first name alone only (not by a text word that is an
   * everyday word or a place). A node has the bits all its persons have.
   */
  entryFlags: number[] | null;
}

/** Every field set from the start: one object shape for all nodes, no property store added later. */
const newNode = (): TrieNode => ({ next: null, persons: null, entryFlags: null });

/**
 * A trie node's children by word id. Most nodes have one child (a name's words go one way), so it
 * is held inline; a Map only past that (an index of 20,000 persons has ~240,000 nodes: a Map
 * each was ~40 % of its memory). Matching reads `get`; `values` serves the persons below a node.
 */
class Children {
  private id = -1;
  private child: TrieNode | undefined = undefined;
  private map: Map<number, TrieNode> | null = null;

  get(id: number): TrieNode | undefined {
    if (this.map !== null) return this.map.get(id);
    return id === this.id ? this.child : undefined;
  }

  /** Every child by word id (read once, when the index is frozen: name-index.ts). */
  entries(): Iterable<[number, TrieNode]> {
    if (this.map !== null) return this.map.entries();
    return this.child === undefined ? [] : [[this.id, this.child]];
  }

  set(id: number, child: TrieNode): void {
    if (this.map !== null) {
      this.map.set(id, child);
    } else if (this.child === undefined) {
      this.id = id;
      this.child = child;
    } else {
      this.map = new Map([[this.id, this.child], [id, child]]);
      this.child = undefined;
    }
  }
}

/**
 * The index while it is built: the trie of objects, the keys' word ids, and word ids by key set
 * (shared between names), then by the keys themselves. Frozen into flat arrays when done.
 */
interface Building {
  root: TrieNode;
  idsByKey: Map<string, number[]>;
  maxDepth: number;
  bySet: Map<Set<string>, number>;
  bySignature: Map<string, number>;
}

interface Lookup {
  /** Ids of name words this text word is, by an exact key or a stem of 4+ letters. */
  strong: number[];
  /** Ids it may be by a short stem only: enough inside a longer name, not alone. */
  weak: number[];
  /** Some name starts with one of these words (set by the first scan that asks). */
  starts?: boolean;
  /** The word is an everyday word or a place (isCommonWord; set by the first scan that asks). */
  common?: boolean;
}

const EMPTY: Lookup = { strong: [], weak: [] };

/**
 * A span naming somebody: offsets, and every person it may name, each once, in the order the scan
 * found them (an array: a first name that dozens of persons share made a Set per span the most
 * of a scan's time).
 */
interface Span {
  start: number;
  end: number;
  persons: number[];
}

export interface MatcherOptions extends VariantOptions {
  /** Accept short stems alone too (for testing a pseudonym against a name; not for text). */
  shortStemsAlone?: boolean;
}

/** Apostrophe + s at the end of a span: an English possessive, kept outside the replacement. */
const POSSESSIVE = /['`\u00B4\u02B9-\u02BD\u02C8\u2018\u2019\u201B\u2032\uFF07][sS]$/;
const APOSTROPHE = /^['`\u00B4\u02B9-\u02BD\u02C8\u2018\u2019\u201B\u2032\uFF07]$/;
const LETTER = /\p{L}/u;
/**
 * Initials right after a name (withInitialsAndPatronymicsAfter): a comma or not, spaces (one line break at most),
 * a capital alone — dotted, or followed by no letter — and a second, dotted, joined to the first
 * ("R.R.", "R. R."). The match ends before the last dot.
 */
const INITIALS_AFTER = /^,?[^\S\n]*\n?[^\S\n]*(\p{Lu})(?:\.[^\S\n]?\p{Lu}(?=\.))?(?=\.|[^\p{L}\p{M}]|$)/u;
/**
 * A patronymic right after a name (withInitialsAndPatronymicsAfter): a capitalised word with a patronymic's
 * ending — Russian and its transliterations (-ovich, -evna, -ович, -ична…), Kazakh (-ұлы, -қызы,
 * -uly, -kyzy) — or a father's name and the Uzbek, Azerbaijani or Tajik word for son or daughter
 * of ("Karim o‘g‘li", "Karim qizi", "Каримович").
 */
const PATRONYMIC_AFTER = new RegExp(
  '^,?[^\\S\\n]*\\n?[^\\S\\n]*(?:'
  + '\\p{Lu}[\\p{L}\\p{M}]{2,}(?:ovich|evich|ovych|evych|ovitch|owitsch|ovna|evna|ichna|ovic|ević|ović|ович|евич|ьич|овна|евна|ична|инична|ұлы|қызы|uly|ulı|kyzy|qızı|qyzy)'
  + "|\\p{Lu}[\\p{L}\\p{M}]{2,}[^\\S\\n]+(?:o['‘’ʻʼ`]?g['‘’ʻʼ`]?li|ogli|ugli|qizi|kizi|oglu|oğlu|qızı|kyzy|ўғли|угли|оглы|қизи|кизи|кызы|қызы|ұлы|улы))"
  + '(?![\\p{L}\\p{M}])',
  'u',
);
/** A second initial, dotted, after a first that a span ends on: ".R." of "Rahimov R.R.". */
const SECOND_INITIAL = /^\.[^\S\n]?\p{Lu}(?=\.)/u;

/** A name word's signature: its keys, sorted (the words table of name-index.ts holds them). */
export const wordSignature = (keys: Iterable<string>): string => [...keys].sort().join('\u0000');

/** Initials alone as the index's initials table holds them. */
export const initialsSignature = (keys: readonly string[]): string => keys.join(' ');

/** Initials alone as a sequence of name words: a word of each letter. */
export const initialsWords = (keys: readonly string[]): Set<string>[] => keys.map((k) => new Set([k]));

/** Each written form of a person's name (name, native name, former names) that has any letters, with its words. */
function writtenForms(p: ProtectedPerson): { form: string; words: NameWord[] }[] {
  const out: { form: string; words: NameWord[] }[] = [];
  for (const form of [p.name, p.nameNative, ...(p.formerNames ?? [])]) if (form && form.trim().length > 0) out.push({ form, words: nameWords(form) });
  return out;
}

const initialsOf = (p: ProtectedPerson, words: NameWord[]): string[][] => (p.kind === 'individual' ? initialsOnly(words) : []);

/**
 * Every sequence a person's name is looked for as, besides initials alone, with the bits it is
 * inserted with; returns the initials alone it may be written as (personInitials). One rule for a
 * build (the constructor) and a patch (name-index-patch.ts).
 */
export function personInsertions(p: ProtectedPerson, options: VariantOptions, insert: (words: Set<string>[], flags: number) => void): string[][] {
  const initials: string[][] = [];
  for (const { form, words } of writtenForms(p)) {
    initials.push(...initialsOf(p, words));
    for (const seq of nameSequences(p.kind, words, options)) insert(seq.words, seq.form === GIVEN_NAME_FORM ? GIVEN_ALONE : 0);
    // "School No. 5 of Aktobe" is also written "School 5 of Aktobe": for a name with numbers
    // (which must then be beside it), the same words without the one that says "number".
    const unmarked = numbersIn(form) === null ? words : words.filter((w) => !NUMBER_WORDS.has(w.text.toLowerCase()));
    if (unmarked.length > 0 && unmarked.length < words.length) {
      for (const seq of nameSequences(p.kind, unmarked, options)) insert(seq.words, seq.form === GIVEN_NAME_FORM ? GIVEN_ALONE : 0);
    }
  }
  return initials;
}

/** The initials alone a person's name may be written as (each a list of keys); none for a group or an organisation. */
export const personInitials = (p: ProtectedPerson): string[][] => writtenForms(p).flatMap(({ words }) => initialsOf(p, words));

export class NameMatcher {
  readonly persons: readonly ProtectedPerson[];
  /**
   * The trie and the keys, frozen (name-index.ts): shared memory, so a thread sent it (fromIndex)
   * neither builds it again nor holds a copy.
   */
  readonly index: NameIndex;
  /** Only while the constructor runs. */
  private building: Building | null = { root: newNode(), idsByKey: new Map(), maxDepth: 0, bySet: new Map(), bySignature: new Map() };
  private readonly cache = new Map<string, Lookup>();
  /** A scan's working lists (scans do not nest, and run to the end in one go): trie node numbers. */
  private readonly scanNodes: number[] = [];
  private readonly scanStrongs: boolean[] = [];
  private readonly scanNextNodes: number[] = [];
  private readonly scanNextStrongs: boolean[] = [];
  /** The persons a scan's walk names at its current word, and at its best (longest) word so far. */
  private scanPersons: number[] = [];
  private scanBestPersons: number[] = [];
  /**
   * Per person, the number of the scan list it was last added to (addOnce): a given name that
   * hundreds of persons share made a check against every entry so far the most of a scan's time
   * (20,000 persons: ~2 ms of a fresh 760-character summary; now one compare per person).
   * One object, shared with the copies (withPseudonyms, shieldedBy) as the index is: their
   * numbers come from the same counter, so a number is never reused for another list.
   */
  private readonly added: { to: Uint32Array; list: number };
  /** Per word id (tokenize.ts: wordOf): its look-up, or null when not known yet. */
  private known: (Lookup | null)[] = [];
  /** The word ids' epoch `known` holds answers of. */
  private knownEpoch = -1;
  private readonly below = new Map<number, number[]>();
  /** Per person, the keys of their first name's spellings (givenNameKeys). */
  private readonly givenKeys = new Map<number, string[]>();
  private readonly shortStemsAlone: boolean;
  /** The numbers in each person's name ("Initiative group 389"), or null: words alone cannot tell such names apart. */
  private readonly numbers: (string | null)[];
  private readonly anyNumbered: boolean;
  /** Per trie node: 0 not read yet, 1 no name with numbers ends there, 2 some does (numberedAt). */
  private numberedKnown: Uint8Array | null = null;
  /** The persons of the nodes marked 2, by their numbers (numberedAt). */
  private readonly numberedPersons = new Map<number, NumberedPersons>();
  /** Persons who may be named, whose longer names hold a protected one's words (see shieldedBy). */
  private shield: NameMatcher | null = null;
  /** This matcher's number in the readings memo: one per way of reading (a shielded copy has its own). */
  private readerId = newReader();
  /** Its number for what it redacted a text to: one per reading and pseudonyms (withPseudonyms has its own). */
  private writerId = newReader();
  /** Identifiers checked whole lately (namesSomebody), and what each said: a source's URL or a key recurs in every document. */
  private identifiers = new Map<string, boolean>();
  /** The forgetReadings count `identifiers` was filled under (forgotten with the readings). */
  private identifiersEpoch = forgotten;
  /**
   * Per person, what this matcher says instead of their name (withPseudonyms), or null: each
   * person's own pseudonym. Beside the shared persons, not in copies of them (20,000 copies
   * were ~8 MB of the event loop's heap).
   */
  private saidInstead: readonly string[] | null = null;

  /** `built`: an index another matcher built for the same persons and options (see fromIndex). */
  constructor(persons: readonly ProtectedPerson[], options: MatcherOptions = {}, built?: NameIndex) {
    this.persons = persons;
    this.shortStemsAlone = options.shortStemsAlone ?? false;
    this.numbers = persons.map((p) => numbersIn(p.name));
    this.anyNumbered = this.numbers.some((n) => n !== null);
    this.added = { to: new Uint32Array(persons.length), list: 0 };
    if (built !== undefined) {
      this.index = built;
      this.building = null;
      return;
    }
    const initials = new Map<string, { keys: string[]; persons: number[] }>();
    persons.forEach((p, index) => {
      for (const keys of personInsertions(p, options, (words, flags) => this.insert(words, index, flags))) {
        const signature = initialsSignature(keys);
        const entry = initials.get(signature);
        if (entry === undefined) initials.set(signature, { keys, persons: [index] });
        else if (entry.persons.at(-1) !== index) entry.persons.push(index);
      }
    });
    // Initials alone only where one person has them: "F.R." is otherwise anybody's.
    for (const { keys, persons: who } of initials.values()) {
      if (who.length === 1) this.insert(initialsWords(keys), who[0]!, INITIALS_ONLY);
    }
    const { root, idsByKey, maxDepth, bySignature } = this.building!;
    this.index = freezeNameIndex(root, idsByKey, maxDepth, {
      words: bySignature,
      initials: new Map([...initials].map(([signature, entry]) => [signature, entry.persons])),
    });
    this.building = null;
  }

  /**
   * A matcher over an index another matcher built for the same persons, in the same order, with
   * the same options (`index` of it, posted to this thread): nothing is built again.
   */
  static fromIndex(persons: readonly ProtectedPerson[], index: NameIndex, options: MatcherOptions = {}): NameMatcher {
    // Through the constructor, so that every field is initialised as in a matcher built here.
    return new NameMatcher(persons, options, index);
  }

  /**
   * The same index saying other words for the persons (e.g. "[name withheld]" for everybody):
   * nothing is built again, and what it finds is what this one finds.
   */
  withPseudonyms(pseudonym: (person: ProtectedPerson) => string): NameMatcher {
    const copy = Object.create(NameMatcher.prototype) as NameMatcher;
    Object.assign(copy, this, { saidInstead: this.persons.map(pseudonym), writerId: newReader() });
    return copy;
  }

  /** What this matcher says instead of person p's name. */
  private pseudonymAt(p: number): string {
    return this.saidInstead?.[p] ?? this.persons[p]!.pseudonym;
  }

  private wordId(keys: Set<string>): number {
    const building = this.building!;
    let id = building.bySet.get(keys);
    if (id !== undefined) return id;
    const signature = wordSignature(keys);
    id = building.bySignature.get(signature);
    if (id === undefined) {
      id = building.bySignature.size;
      building.bySignature.set(signature, id);
      for (const key of new Set([...keys].map(loosened))) {
        const ids = building.idsByKey.get(key);
        if (ids) ids.push(id);
        else building.idsByKey.set(key, [id]);
      }
    }
    building.bySet.set(keys, id);
    return id;
  }

  private insert(words: Set<string>[], person: number, flags: number): void {
    let node = this.building!.root;
    for (const keys of words) {
      const id = this.wordId(keys);
      node.next ??= new Children();
      let child = node.next.get(id);
      if (!child) {
        child = newNode();
        node.next.set(id, child);
      }
      node = child;
    }
    if (node.persons === null) {
      node.persons = [person];
      node.entryFlags = [flags];
    } else {
      const at = node.persons.indexOf(person);
      if (at === -1) {
        node.persons.push(person);
        node.entryFlags!.push(flags);
      } else node.entryFlags![at]! &= flags;
    }
    this.building!.maxDepth = Math.max(this.building!.maxDepth, words.length);
  }

  /** The name words a text word may be (see Lookup). */
  private lookup(token: Token): Lookup {
    const cacheKey = token.initial === Initial.None ? token.text : `${token.text}\u0000${token.initial}${token.afterComma ? ',' : ''}`;
    const cached = this.cache.get(cacheKey);
    if (cached !== undefined) return cached;
    const result = this.lookUp(token);
    if (this.cache.size >= LOOKUP_CACHE) this.cache.clear();
    // A token's text is a slice of the folded text: kept as it is, it kept that text alive.
    this.cache.set(detached(cacheKey), result);
    return result;
  }

  /** The look-up itself (a function of the token's text, initial, and afterComma for an initial). */
  private lookUp(token: Pick<Token, 'text' | 'initial' | 'afterComma'>): Lookup {
    return this.lookUpKeys(wordKeys(token), token.text.length);
  }

  /** The name words of this index that a word's keys (wordKeys) stand for. */
  private lookUpKeys(word: WordKeys, length: number): Lookup {
    matcherWork.steps += length;
    const { keys, hashes, short } = word;
    let strong: Set<number> | null = null;
    let weak: Set<number> | null = null;
    for (let k = 0; k < keys.length; k++) {
      const ids = idsOfKey(this.index, keys[k]!, hashes[k]!);
      if (ids === null) continue;
      if (short[k] === 1 && !this.shortStemsAlone) for (const id of ids) (weak ??= new Set()).add(id);
      else for (const id of ids) (strong ??= new Set()).add(id);
    }
    if (strong === null && weak === null) return EMPTY;
    if (strong !== null && weak !== null) for (const id of strong) weak.delete(id);
    return { strong: strong ? [...strong] : [], weak: weak ? [...weak] : [] };
  }

  /** The look-up of the word of this id (with its reading). */
  private lookupOf(id: number): Lookup {
    let known = this.known;
    const epoch = wordEpoch();
    if (this.knownEpoch !== epoch || id >= known.length) {
      // Look-ups of another epoch's ids say nothing of these; a table too small grows (ids only
      // grow), by half, never past the ids an epoch gives (doubling left ~half of each unused).
      const grown = new Array<Lookup | null>(Math.min(WORD_IDS, Math.max(1024, id + (id >> 1) + 2))).fill(null);
      if (this.knownEpoch === epoch) for (let k = 0; k < known.length; k++) grown[k] = known[k]!;
      this.known = known = grown;
      this.knownEpoch = epoch;
    }
    let found = known[id]!;
    if (found === null) {
      found = this.lookUpKeys(wordKeysOf(id), wordOf(id).text.length);
      known[id] = found;
    }
    return found;
  }

  /**
   * The tokens a scan needs of folded text: those of tokenize's words (and of its stream with
   * words cut at case changes, when some are) whose look-up is not empty, each as tokenize makes
   * it (a text with a word joined across a line break has no PlainWords: spansOf reads it
   * through tokenize, every token).
   *
   * Scanning only these finds exactly what scanning every token finds: a scan starts only at a
   * token whose look-up is not empty, and a walk stops at the first token whose look-up is empty
   * — here, where the next token's number is not the next number (`scan` stops there too, before
   * reading it). The streams tokenize adds for joins do not exist without joins; its three
   * streams cut at case changes are then one and the same stream, whose spans coincide.
   */
  private nameTokens(folded: string, plain: PlainWords): { tokens: Token[]; lookups: Lookup[] }[] {
    const words: Token[] = [];
    const wordLookups: Lookup[] = [];
    const cut: Token[] | null = plain.cut ? [] : null;
    const cutLookups: Lookup[] = [];
    const { entries, count } = plain;
    // The look-ups known for this epoch's ids, read in place (lookupOf only for a word not known yet).
    let known = this.knownEpoch === wordEpoch() ? this.known : null;
    for (let e = 0, at = 0; e < count; e++, at += ENTRY) {
      const id = entries[at + 2]!;
      let found = known !== null && id < known.length ? known[id]! : null;
      if (found === null) {
        found = this.lookupOf(id);
        known = this.known;
      }
      if (found === EMPTY) continue;
      const start = entries[at]!;
      const end = entries[at + 1]!;
      const n = entries[at + 3]!;
      const cutN = entries[at + 4]!;
      // The word's own text (the id is of exactly these letters): no slice of the text made per token.
      const { text, initial, afterComma } = wordOf(id);
      const token: Token = { text, start, end, initial, afterComma: afterComma || commaBefore(folded, start), n: n >= 0 ? n : cutN };
      if (n >= 0) {
        words.push(token);
        wordLookups.push(found);
      }
      // Until its first cut the cut stream is the word stream, numbers and all.
      if (cut !== null && cutN >= 0) {
        cut.push(n === cutN ? token : { ...token, n: cutN });
        cutLookups.push(found);
      }
    }
    matcherWork.steps += count;
    const streams = [{ tokens: words, lookups: wordLookups }];
    if (cut !== null) streams.push({ tokens: cut, lookups: cutLookups });
    return streams;
  }

  /** Spans (folded offsets) naming somebody in one token stream, leftmost-longest. */
  private scan(folded: Folded, tokens: Token[], lookups: readonly Lookup[] | null, spans: Span[]): void {
    const text = folded.text;
    let i = 0;
    /** Where this scan's last span ended. */
    let lastEnd = 0;
    while (i < tokens.length) {
      const first = lookups !== null ? lookups[i]! : this.lookup(tokens[i]!);
      // No name starts with this word: the walk below would stop at its first step.
      if ((first.strong.length === 0 && first.weak.length === 0) || !this.startsName(first)) {
        i++;
        continue;
      }
      const index = this.index;
      const { personStart, personList } = index;
      // The trie nodes reached so far, and whether a word on the way was read strongly; in the
      // order a Map keyed by node would hold them (first reached first).
      let nodes = this.scanNodes;
      let strongs = this.scanStrongs;
      let nextNodes = this.scanNextNodes;
      let nextStrongs = this.scanNextStrongs;
      // Only the first `count` of each list are in use (older entries past it mean nothing).
      let count = 1;
      nodes[0] = 0; // the root
      strongs[0] = false;
      let bestEnd = -1;
      // The best name's span in the text: its words', or wider by the numbers of a name with numbers.
      let bestStart = 0;
      let bestEndAt = 0;
      let bestListed: ListedNumber[] | null = null;
      // Persons are gathered in two reused lists (a Set per step was most of a scan's allocation).
      let persons = this.scanPersons;
      let bestPersons = this.scanBestPersons;
      let bestCount = 0;
      for (let j = i; j < tokens.length && j - i < index.maxDepth; j++) {
        // Only words next to each other in the stream, close enough in the text, make one name.
        if (j > i && (tokens[j]!.n !== tokens[j - 1]!.n + 1 || !gapJoins(text, tokens[j - 1]!.end, tokens[j]!.start))) break;
        const found = lookups !== null ? lookups[j]! : this.lookup(tokens[j]!);
        matcherWork.steps += 1 + count * (found.strong.length + found.weak.length);
        if (found.strong.length === 0 && found.weak.length === 0) break;
        let nextCount = 0;
        for (let s = 0; s < count; s++) {
          const node = nodes[s]!;
          if (!hasChildren(index, node)) continue;
          for (const id of found.strong) {
            const child = childOf(index, node, id);
            if (child !== -1) nextCount = reach(nextNodes, nextStrongs, nextCount, child, true);
          }
          // A word read weakly (a short stem) keeps the strength of the path it extends.
          for (const id of found.weak) {
            const child = childOf(index, node, id);
            if (child !== -1) nextCount = reach(nextNodes, nextStrongs, nextCount, child, strongs[s]!);
          }
        }
        if (nextCount === 0) break;
        [nodes, nextNodes] = [nextNodes, nodes];
        [strongs, nextStrongs] = [nextStrongs, strongs];
        count = nextCount;
        let named = 0;
        const namedList = this.newList();
        // Where a name with numbers read at this word takes the span (its numbers around it).
        let numberedStart = tokens[i]!.start;
        let numberedEnd = tokens[j]!.end;
        // Numbers further on in a list ("Initiative groups 12 and 389"): spans of their own.
        let listed: ListedNumber[] | null = null;
        for (let s = 0; s < count; s++) {
          const node = nodes[s]!;
          // The persons whose names end here: [from, to) of the index's list (no view made per node).
          const from = personStart[node]!;
          const to = personStart[node + 1]!;
          const flags = index.flags[node]!;
          // A match needs one word matched strongly (alone: that word, of a surname's length).
          if (
            to > from && strongs[s]! && (j > i || tokens[i]!.text.length >= MIN_SURNAME_LETTERS) &&
            !((flags & INITIALS_ONLY) !== 0 && insideDottedRun(text, tokens[i]!.start, tokens[j]!.end)) &&
            !((flags & GIVEN_ALONE) !== 0 && (first.common ??= isCommonWord([tokens[i]!.text])))
          ) {
            // A first name hundreds of persons share ends here, in the index of everybody: what is
            // done per person is kept to what must be. One node reached: its list holds each person
            // once (the index's), so none is checked against the others; a node without a name
            // with numbers reads no numbers.
            const once = count === 1;
            if (once) matcherWork.steps += to - from;
            const numbered = this.numberedAt(node, from, to);
            if (numbered === null) {
              for (let q = from; q < to; q++) {
                if (once) persons[named++] = personList[q]!;
                else named = addOnce(persons, named, personList[q]!, this.added.to, namedList);
              }
            } else {
              // Names are matched by their words; a name with numbers ("Initiative group 389") also
              // needs its numbers beside it, and the span then takes them in: printed beside a
              // pseudonym ("Group A 389") they would say whose it is. In list order: those without
              // numbers, and those with numbers read around this span.
              const { without, byNumbers } = numbered;
              const around = numberedNames(text, tokens[i]!.start, tokens[j]!.end, byNumbers);
              let positions: readonly number[] = without;
              if (around !== null && around.positions.length > 0) {
                positions = [...without, ...around.positions].sort((x, y) => x - y);
                numberedStart = Math.min(numberedStart, around.start);
                numberedEnd = Math.max(numberedEnd, around.end);
              }
              if (around !== null && around.listed.length > 0) (listed ??= []).push(...around.listed);
              for (const q of positions) {
                if (once) persons[named++] = personList[q]!;
                else named = addOnce(persons, named, personList[q]!, this.added.to, namedList);
              }
            }
          }
        }
        if (named > 0 || listed !== null) {
          bestEnd = j;
          bestStart = numberedStart;
          bestEndAt = numberedEnd;
          bestListed = listed;
          [persons, bestPersons] = [bestPersons, persons];
          bestCount = named;
        }
        if (j - i + 1 === MAX_NAME_WORDS) {
          // No real name is this long. A pathological one ("%D0%%D0%…" is 75 one-letter words whose
          // numbers never agree) made every start of the text walk all of it: work ∝ name × text.
          // A path this deep names whoever's name it begins (one word of it read strongly, as any
          // match); only then does the walk go on, for the whole name, and the scan skips it all.
          if (named === 0) {
            let below = 0;
            const belowList = this.newList();
            for (let s = 0; s < count; s++) if (strongs[s]) for (const p of this.personsBelow(nodes[s]!)) below = addOnce(bestPersons, below, p, this.added.to, belowList);
            if (below > 0) {
              bestEnd = j;
              bestStart = tokens[i]!.start;
              bestEndAt = tokens[j]!.end;
              bestListed = null;
              bestCount = below;
            }
          }
          if (bestEnd !== j) break;
        }
      }
      // The lists may have been swapped: keep them for the next walk.
      this.scanPersons = persons;
      this.scanBestPersons = bestPersons;
      if (bestEnd >= 0) {
        // Each person once already (addOnce).
        const named = bestPersons.slice(0, bestCount);
        // A stream's spans stay apart: numbers taken in before a name stop at the span before it,
        // and the next span starts after the numbers taken in after it.
        if (bestCount > 0) {
          spans.push({ start: Math.max(bestStart, lastEnd), end: bestEndAt, persons: named });
          lastEnd = bestEndAt;
        }
        // The numbers of a list, each its group's: "Initiative groups 12 and Group C".
        for (const item of mergedListed(bestListed ?? [])) {
          if (item.start < lastEnd) continue;
          spans.push({ start: item.start, end: item.end, persons: item.positions.map((q) => personList[q]!) });
          lastEnd = item.end;
        }
        i = bestEnd + 1;
        while (i < tokens.length && tokens[i]!.start < lastEnd) i++;
      } else {
        i++;
      }
    }
  }

  /** Every token stream of the text, every word in it (text with words joined across line breaks). */
  private allTokens(text: string): Token[][] {
    const { folded, words, streams } = readText(text);
    matcherWork.steps += folded.text.length + words.length + streams.reduce((n, s) => n + s.length, 0);
    return [words, ...streams];
  }

  /** A number no scan list of this matcher (or a copy of it) has had yet: `added.to` holds it for no person. */
  private newList(): number {
    const added = this.added;
    added.list = (added.list + 1) >>> 0;
    if (added.list === 0) {
      added.to.fill(0);
      added.list = 1;
    }
    return added.list;
  }

  /** Whether some name starts with one of the words a look-up found (remembered on it). */
  private startsName(found: Lookup): boolean {
    if (found.starts === undefined) {
      const index = this.index;
      found.starts = found.strong.some((id) => childOf(index, 0, id) !== -1) || found.weak.some((id) => childOf(index, 0, id) !== -1);
    }
    return found.starts;
  }

  /**
   * The persons of a node whose names have numbers ([from, to) of the index's list), by those
   * numbers, and the others: positions in that list. Null for a node without such a name.
   * Remembered per node: a group's name that ends at one node with thousands of others ("Initiative
   * group" and its numbers) was compared person by person at every occurrence.
   */
  private numberedAt(node: number, from: number, to: number): NumberedPersons | null {
    if (!this.anyNumbered) return null;
    // A byte per node, a map entry only for the few with such names (the index of everybody has ~240,000 nodes).
    const known = (this.numberedKnown ??= new Uint8Array(this.index.personStart.length));
    if (known[node] === 1) return null;
    let found = this.numberedPersons.get(node);
    if (found === undefined) {
      const without: number[] = [];
      const byNumbers = new Map<string, number[]>();
      for (let q = from; q < to; q++) {
        const numbers = this.numbers[this.index.personList[q]!];
        if (numbers == null) without.push(q);
        else {
          const same = byNumbers.get(numbers);
          if (same === undefined) byNumbers.set(numbers, [q]);
          else same.push(q);
        }
      }
      if (byNumbers.size === 0) {
        known[node] = 1;
        return null;
      }
      found = { without, byNumbers };
      known[node] = 2;
      this.numberedPersons.set(node, found);
    }
    return found;
  }

  /** The persons of every name that goes on from this node (computed once per node, when a scan needs it). */
  private personsBelow(node: number): number[] {
    let below = this.below.get(node);
    if (below === undefined) {
      const out = new Set<number>(personsAt(this.index, node));
      for (const child of childrenOf(this.index, node)) for (const p of this.personsBelow(child)) out.add(p);
      below = [...out];
      this.below.set(node, below);
    }
    return below;
  }

  /** Every span of the original text that names a protected person, sorted, not overlapping. */
  private spans(text: string): readonly Span[] {
    if (!hasChildren(this.index, 0) || text.length === 0) return [];
    // A composition asks about most texts twice in a row (ambiguities, then redaction), and the
    // next composition over the same records asks again (readings-memo.ts).
    const known = readings.get(text, this.readerId) as readonly Span[] | undefined;
    if (known !== undefined) return known;
    const spans = this.spansOf(text);
    readings.set(text, this.readerId, spans.length === 0 ? NO_SPANS : spans);
    return spans;
  }

  private spansOf(text: string): Span[] {
    const { folded, plain } = foldedOf(text);
    matcherWork.steps += text.length;
    const found: Span[] = [];
    let streams = 0;
    if (plain !== null) {
      for (const { tokens, lookups } of this.nameTokens(folded.text, plain)) {
        this.scan(folded, tokens, lookups, found);
        streams++;
      }
    } else {
      for (const tokens of this.allTokens(text)) {
        this.scan(folded, tokens, null, found);
        streams++;
      }
    }
    // One stream's spans are in order already, and apart (a scan goes on after each span).
    if (streams > 1) found.sort((a, b) => a.start - b.start || b.end - a.end);
    // Several streams may have matched the same name: merge overlaps, keeping every person.
    const merged: Span[] = [];
    for (const span of found) {
      const last = merged[merged.length - 1];
      if (last !== undefined && span.start < last.end) {
        last.end = Math.max(last.end, span.end);
        // Every person of both, each once, in the order a set of them would hold.
        const both = new Set(last.persons);
        for (const p of span.persons) both.add(p);
        last.persons = [...both];
      } else {
        // The scans' spans are this call's own: merged in place.
        merged.push(span);
      }
    }
    const out = merged.map((s) => ({ start: folded.startOf(s.start), end: folded.endOf(s.end - 1), persons: s.persons }));
    if (out.length === 0) return out;
    if (this.shield === null) return this.withInitialsAndPatronymicsAfter(text, this.withGivenNamesBeside(text, out, []));
    // Leftmost-longest over both sets: a strictly longer nameable name covering the span is read instead.
    const longer = this.shield.spans(text);
    const kept = out.filter((s) => !longer.some((n) => n.start <= s.start && n.end >= s.end && n.end - n.start > s.end - s.start));
    return this.withInitialsAndPatronymicsAfter(text, this.withGivenNamesBeside(text, kept, longer));
  }

  /**
   * Spans grown over a patronymic and the initials written right after them: "Rustam R.",
   * "Rahimov R.R.", "Rustam Rakhimovich Rahimov" for a protected Rustam Rahimov became "Witness C
   * R.", "Witness C.R.", "Witness C Rakhimovich Witness C": the pseudonym with a piece of the name
   * beside it. The first initial must be that of a word of a name the span names (in either
   * script); a second, dotted, right after it is taken too (the patronymic's: "Rahimov R.R."). A
   * dot after the last stays, as a sentence's full stop may be it.
   */
  private withInitialsAndPatronymicsAfter(text: string, spans: Span[]): Span[] {
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      const ceiling = k + 1 < spans.length ? spans[k + 1]!.start : text.length;
      // A patronymic right after an individual's name is theirs, recorded or not ("Rustam
      // Rakhimovich Rahimov", "Rahimov Rustam Karim o‘g‘li"); two spans of one person it stood
      // between become one ("Witness C Rakhimovich Witness C" otherwise).
      const patronymic = PATRONYMIC_AFTER.exec(text.slice(span.end, Math.min(ceiling, span.end + 60)));
      if (patronymic !== null && span.persons.some((p) => this.persons[p]!.kind === 'individual')) {
        span.end += patronymic[0].length;
        const next = spans[k + 1];
        if (next !== undefined && /^[^\S\n]*\n?[^\S\n]*$/.test(text.slice(span.end, next.start)) && next.persons.some((p) => span.persons.includes(p))) {
          span.end = next.end;
          span.persons = span.persons.filter((p) => next.persons.includes(p));
          spans.splice(k + 1, 1);
        }
      }
      const rest = text.slice(span.end, Math.min(k + 1 < spans.length ? spans[k + 1]!.start : text.length, span.end + 16));
      // A span that ends on an initial already ("Rahimov R", read as the surname and the first name's): the patronymic's after it.
      if (/(?:^|[\s,])\p{Lu}$/u.test(text.slice(Math.max(0, span.end - 2), span.end))) {
        span.end += SECOND_INITIAL.exec(rest)?.[0].length ?? 0;
        continue;
      }
      const after = INITIALS_AFTER.exec(rest);
      if (after === null || !span.persons.some((p) => this.nameInitials(p).has(after[1]!))) continue;
      span.end += after[0].length;
    }
    return spans;
  }

  /** The first letters of the words of a person's names (both scripts, former names too), in capitals. */
  private nameInitials(p: number): Set<string> {
    const person = this.persons[p]!;
    const out = new Set<string>();
    for (const form of [person.name, person.nameNative, ...(person.formerNames ?? [])]) {
      for (const word of form?.split(/[\s\-‐‑–]+/u) ?? []) {
        const first = word.match(/\p{L}/u)?.[0];
        if (first !== undefined) out.add(first.toUpperCase());
      }
    }
    return out;
  }

  /**
   * Spans grown by a word right beside them that is a near spelling of the first name of a person
   * the span names: "Rüstem Rahimov", "Rustik Rahimov", "Gulya
   * Zhumabayeva", "Rahimov Rustik" for a protected Rustam Rahimov and Gulnara Zhumabayeva. Such
   * spellings (diminutives, Turkish and other spellings no scheme makes) are not names alone, but
   * printed beside a pseudonym ("Rustik Activist A") they say who it is. Only a span of one word
   * that is no first name (a surname alone) grows. A word in a name that may be printed
   * (`nameable`: the shield's spans) stays. Only spaces (one line break) between, or a comma after
   * the surname ("Rahimov, Rustik"); a capitalised word, or any where the surname is in lower case.
   */
  private withGivenNamesBeside(text: string, spans: Span[], nameable: readonly { start: number; end: number }[]) {
    for (let k = 0; k < spans.length; k++) {
      const span = spans[k]!;
      // Only a surname alone grows: a first name alone ("Sergey", for some Sergey) followed by
      // another person's surname is not that person, and a full name has its first name already.
      const alone = text.slice(span.start, span.end);
      if (/\s/.test(alone) || this.nearGivenName(alone, span.persons, true)) continue;
      // Text that writes the surname in lower case (a URL, a chat log) writes the first name so too.
      const lowerCase = alone === alone.toLowerCase();
      const floor = k > 0 ? spans[k - 1]!.end : 0;
      const ceiling = k + 1 < spans.length ? spans[k + 1]!.start : text.length;
      const free = (w: { start: number; end: number }) => !nameable.some((n) => n.start < w.end && n.end > w.start);
      const before = wordBeside(text, span.start, -1);
      if (before !== null && before.start >= floor && free(before) && this.nearGivenName(before.word, span.persons, lowerCase)) span.start = before.start;
      const after = wordBeside(text, span.end, 1);
      if (after !== null && after.end <= ceiling && free(after) && this.nearGivenName(after.word, span.persons, lowerCase)) span.end = after.end;
    }
    return spans;
  }

  /**
   * Whether a word — capitalised, unless the text around it is in lower case — is a near spelling
   * of the first name of one of these persons (see withGivenNamesBeside), and no everyday word.
   */
  private nearGivenName(word: string, persons: readonly number[], lowerCaseText = false): boolean {
    const reading = givenNameReading(word);
    if (reading === null || !(reading.capitalised || lowerCaseText)) return false;
    const { key, fullForms } = reading;
    for (const p of persons) {
      for (const given of this.givenNameKeys(p)) {
        if (key.length >= 3 && nearKeys(key, given)) return true;
        if (fullForms !== undefined && fullForms.includes(given)) return true;
      }
    }
    return false;
  }

  /** The keys of every spelling of a person's first name (none for a name of one word, a group, an organisation). */
  private givenNameKeys(p: number): string[] {
    let keys = this.givenKeys.get(p);
    if (keys === undefined) {
      const person = this.persons[p]!;
      const out = new Set<string>();
      if (person.kind === 'individual') {
        for (const form of [person.name, person.nameNative]) {
          const given = form ? givenNameText(form) : null;
          if (given) for (const spelling of givenNameSpellings(given)) out.add(loosened(phoneticKey(spelling)));
        }
      }
      keys = [...out].filter((k) => k.length >= 3);
      this.givenKeys.set(p, keys);
    }
    return keys;
  }

  /**
   * This matcher (sharing its index) reading a protected name inside a LONGER name of somebody
   * who may be named as that person's: "Aigerim Saparova", a consenting witness, is not the first
   * name of a protected Aigerim. `nameable` must hold individuals only: a group's or an
   * organisation's name may be built on a protected person's ("Friends of Marat Abenov").
   */
  shieldedBy(nameable: NameMatcher): NameMatcher {
    const shielded = Object.create(this) as NameMatcher;
    shielded.shield = nameable;
    shielded.readerId = newReader();
    shielded.writerId = newReader();
    shielded.identifiers = new Map();
    return shielded;
  }

  /** The spans that name known persons, with who they may be. */
  findMentions(text: string): Mention[] {
    return this.spans(text).map((s) => {
      const end = POSSESSIVE.test(text.slice(s.start, s.end)) ? s.end - 2 : s.end;
      return {
        start: s.start,
        end,
        text: text.slice(s.start, end),
        personKeys: [...s.persons].sort((a, b) => a - b).map((p) => this.persons[p]!.key),
      };
    });
  }

  private pseudonymOf(persons: readonly number[]): string {
    // One pseudonym for them all, or none.
    let said: string | undefined;
    for (const p of persons) {
      const pseudonym = this.pseudonymAt(p);
      if (said === undefined) said = pseudonym;
      else if (pseudonym !== said) return NAME_WITHHELD;
    }
    return said ?? NAME_WITHHELD;
  }

  /**
   * The text as a reader sees it (visibleText) with every mention replaced by the pseudonym; an
   * English possessive stays ("Rahimov's home" → "Blogger F's home"). A span inside a
   * percent-encoded URL gets the pseudonym percent-encoded.
   */
  redact(text: string): string;
  redact(text: string | null): string | null;
  redact(text: string | null): string | null {
    if (text === null) return null;
    if (!hasChildren(this.index, 0) || text.length === 0) return visibleText(text);
    // What it said of this text before: the spans are remembered, and so are the words said for them.
    const known = readings.get(text, this.writerId);
    if (known !== undefined) return known as string;
    const out = this.redactSpans(text, this.spans(text));
    readings.set(text, this.writerId, out, out === text ? 0 : out.length);
    return out;
  }

  private redactSpans(text: string, spans: readonly Span[]): string {
    if (spans.length === 0) return visibleText(text);
    let out = '';
    let copied = 0;
    for (const s of spans) {
      let end = s.end;
      const original = text.slice(s.start, end);
      let replacement = this.pseudonymOf(s.persons);
      if (POSSESSIVE.test(original)) {
        end -= 2;
      } else if (/s$/i.test(original) && APOSTROPHE.test(text[end] ?? '') && !LETTER.test(text[end + 1] ?? '')) {
        // "the Karimovs' flat": the family's possessive, said of the pseudonym.
        replacement += `${text[end]}s`;
        end += 1;
      }
      if (original.includes('%')) replacement = encodeURIComponent(replacement);
      out += text.slice(copied, s.start) + replacement;
      copied = end;
    }
    return visibleText(out + text.slice(copied));
  }

  /** Whose protected names a finished text contains, by pseudonym (safe to report). */
  leakedPseudonyms(text: string): string[] {
    const found = new Set<string>();
    for (const s of this.spans(text)) for (const p of s.persons) found.add(this.pseudonymAt(p));
    return [...found];
  }

  /**
   * Whether an identifier — a record key, a URL, a file name — spells a protected name. Such a
   * value cannot be rewritten and still work, so callers withhold it whole. (Percent-escapes,
   * separators, digits and camelCase humps are word breaks to the matcher already.)
   */
  namesSomebody(identifier: string): boolean {
    // Not in the readings memo: a person's write checks every record key once with a matcher of
    // its own (50,000 keys at volume), which would push the documents' texts out of it. Each
    // matcher keeps its own answers instead, a bounded few (a document asks of every source's
    // URL and key, each composition again).
    if (!hasChildren(this.index, 0) || identifier.length === 0) return false;
    if (this.identifiersEpoch !== forgotten) {
      this.identifiers.clear();
      this.identifiersEpoch = forgotten;
    }
    let names = this.identifiers.get(identifier);
    if (names === undefined) {
      names = this.spansOf(identifier).length > 0;
      if (this.identifiers.size >= IDENTIFIERS_KEPT) this.identifiers.clear();
      // A copy: a slice would keep the text it came from alive.
      if (identifier.length <= MAX_IDENTIFIER_KEPT) this.identifiers.set(detached(identifier), names);
    }
    return names;
  }

  /** The protected names found in a finished text, as a reader sees them (must always be empty). */
  findLeaks(text: string): string[] {
    const spans = this.spans(text);
    if (spans.length === 0) return [];
    return [...new Set(spans.map((s) => visibleText(text.slice(s.start, s.end))))];
  }
}

/** A trie node's persons whose names have numbers, by the numbers, and the others: positions in the index's person list, ascending. */
interface NumberedPersons {
  without: number[];
  byNumbers: Map<string, number[]>;
}

/** A text folded and split into words: the same for every matcher. */
interface ReadText {
  text: string;
  folded: Folded;
  words: Token[];
  streams: Token[][];
}

/** The last texts read: a composition hands the same text to two matchers in a row (ambiguity finder, then redaction). */
const recentlyRead: ReadText[] = [];
const RECENT_TEXTS = 4;

/**
 * The text folded and tokenized, every word kept: each matcher's scan passes over words that name
 * nobody it knows (their look-up is empty: a scan starts at none and a name never runs through
 * one), which is what leaving them out of the token stream did.
 */
function readText(text: string): ReadText {
  for (const r of recentlyRead) if (r.text === text) return r;
  const { folded } = foldedOf(text);
  const { words, streams } = tokenize(folded.text);
  const read = { text, folded, words, streams };
  if (recentlyRead.length >= RECENT_TEXTS) recentlyRead.pop();
  recentlyRead.unshift(read);
  return read;
}

/** A text folded and split into words (null: it has a word joined across a line break). */
interface Read {
  text: string;
  folded: Folded;
  plain: PlainWords | null;
}

/**
 * The last texts folded and split into words, most recent first: every matcher of a composition
 * reads the same text in a row (the ambiguity finder's, the redactor, the shield). The word
 * entries of a text that drops out are written over by the next one's (no array per text).
 */
const recentlyFolded: Read[] = [];

function foldedOf(text: string): Read {
  for (let k = 0; k < recentlyFolded.length; k++) {
    const held = recentlyFolded[k]!;
    if (held.text !== text) continue;
    // Word ids of another epoch mean nothing now: split the words again.
    if (held.plain !== null && held.plain.epoch !== wordEpoch()) held.plain = plainWords(held.folded.text, held.plain.entries);
    return held;
  }
  const old = recentlyFolded.length >= RECENT_TEXTS ? recentlyFolded.pop() : undefined;
  const folded = foldText(text);
  const read = { text, folded, plain: plainWords(folded.text, old?.plain?.entries) };
  matcherWork.steps += folded.text.length;
  recentlyFolded.unshift(read);
  return read;
}

/**
 * What a matcher remembers of a text that names nobody (readings-memo.ts holds each matcher's
 * spans of the texts it read lately; a shielded matcher reads differently: its own number).
 */
const NO_SPANS: readonly Span[] = Object.freeze([]);

/** Forgets every text read (a benchmark's cold composition). */
export function forgetReadings(): void {
  readings.clear();
  forgotten++;
}

/**
 * How many characters of texts the memo holds in this thread. A thread that composes documents
 * keeps the default; the service's event loop, whose compositions run in render threads, needs
 * little: the texts it reads are its answers, which the identity-read scan remembers itself
 * (auth/name-scan.ts), and at 50,000 incidents the default's texts were ~19 MB of its heap.
 */
export function setReadingsBudget(chars: number): void {
  readings.resize(chars);
}

/** The texts held (bench figures). */
export const readingsHeld = () => readings.size;

/**
 * Adds a person to the first `count` entries of a list unless there already (`addedTo[person]` is
 * the list's number), and returns the new count.
 */
function addOnce(list: number[], count: number, person: number, addedTo: Uint32Array, listNumber: number): number {
  matcherWork.steps += 1;
  if (addedTo[person] === listNumber) return count;
  addedTo[person] = listNumber;
  list[count] = person;
  return count + 1;
}

/**
 * Adds a trie node to the first `count` entries of a scan's next lists (once: a node reached
 * twice is strong if either way was), and returns the new count.
 */
function reach(nodes: number[], strongs: boolean[], count: number, child: number, strong: boolean): number {
  let at = 0;
  while (at < count && nodes[at] !== child) at++;
  if (at === count) {
    nodes[count] = child;
    strongs[count] = strong;
    return count + 1;
  }
  if (strong) strongs[at] = true;
  return count;
}

/** Whether the code unit at k is a letter on its own (ASCII without a regular expression: this runs per character). */
function isLetterAt(text: string, k: number): boolean {
  if (k < 0 || k >= text.length) return false;
  const c = text.charCodeAt(k);
  return c < 0x80 ? (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a : LETTER.test(text[k]!);
}

/** Whether [from, to) has a dotted letter right before or after it: "Y.Z" in "X.Y.Z". */
function insideDottedRun(text: string, from: number, to: number): boolean {
  return (text[from - 1] === '.' && isLetterAt(text, from - 2)) || (text[to] === '.' && isLetterAt(text, to + 1));
}

/**
 * Whether two words of a name may be this far apart: a few characters of spacing or punctuation
 * ("F. R.", "Rustamov, Shavkat", "yusupov_komil"), never a paragraph break.
 */
/**
 * The keys a word is looked up by in any index (loosened, each once), with their hashes, and
 * whether each reads the word only as a short stem (enough inside a longer name, not alone).
 * They depend on the word alone, not on the persons: computed once per word for the process
 * (wordKeysOf), so that a matcher built for one document (the persons it may name) reads a
 * text at the cost of hash look-ups, not of phonetic keys for every distinct word in it.
 */
interface WordKeys {
  keys: string[];
  hashes: number[];
  /** 1: a short stem's key; 0: a strong one (an exact key, a stem of 4+ letters, an initial). */
  short: number[];
}

const NO_KEYS: WordKeys = { keys: [], hashes: [], short: [] };

function wordKeys(token: Pick<Token, 'text' | 'initial' | 'afterComma'>): WordKeys {
  if (token.text.length > MAX_WORD) return NO_KEYS;
  // A key read strongly anywhere is strong (a look-up drops from `weak` the ids `strong` has).
  const shortness = new Map<string, number>();
  const add = (key: string, short: number) => {
    const k = loosened(key);
    const had = shortness.get(k);
    if (had === undefined || short < had) shortness.set(k, short);
  };
  for (const reading of [token.text, ...homoglyphReadings(token.text), ...spellingReadings(token.text)]) {
    // Short names alone: the word as transliterated, or its stem of 4+ letters (Шера for Шер).
    const strict = strictKey(reading);
    add(STRICT + strict, 0);
    for (const stem of endingStems(strict)) if (stem.length >= 4) add(STRICT + stem, 0);
    const key = phoneticKey(reading);
    if (key.length === 0) continue;
    const neutral = genderNeutral(key);
    add(neutral, 0);
    // The word may itself be a name's stem (Gulnar for Gulnara): only inside a longer name.
    add(STEM + neutral, 1);
    add(STEM + key, 1);
    for (const stem of endingStems(key)) {
      const short = stem.length >= 4 ? 0 : 1;
      const neutralStem = genderNeutral(stem);
      add(neutralStem, short);
      add(STEM + neutralStem, short);
      add(STEM + stem, short);
    }
  }
  if (token.initial !== Initial.None) {
    const lower = token.text.toLowerCase();
    for (const letter of new Set([lower, toLatin(lower)])) {
      add(INITIAL + letter, 0);
      if (!token.afterComma) add(TRAILING_INITIAL + letter, 0);
      if (token.initial === Initial.Dotted) add(DOTTED + letter, 0);
    }
  }
  const keys = [...shortness.keys()];
  // Plain arrays: two typed arrays a word (~0.2 KB of views and buffers) were half of 60,000 words' memory.
  return { keys, hashes: keys.map(keyHash), short: keys.map((k) => shortness.get(k)!) };
}

/**
 * wordKeys of the word of this id (tokenize.ts: wordOf), remembered per id for the ids' epoch,
 * for at most keysBudget words (~0.2 KB each): then forgotten all at once, as the ids are.
 */
let keysBudget = 60_000;
/** By word id: a map, not an array as long as the largest id (200,000 ids: 1.6 MB whatever the budget). */
const keysById = new Map<number, WordKeys>();
let keysEpoch = -1;

/**
 * How many words' keys this thread remembers. A thread that composes documents keeps the
 * default (each document's matchers look up the same words); the service's event loop needs
 * few: its matchers (everybody's, the withholding one) each remember their look-ups per word
 * anyway, and at 20,000 persons the default's 60,000 words were ~13 MB of its heap.
 */
export function setWordKeysBudget(words: number): void {
  keysBudget = words;
  if (keysById.size > words) keysById.clear();
}

function wordKeysOf(id: number): WordKeys {
  const epoch = wordEpoch();
  if (keysEpoch !== epoch || keysById.size >= keysBudget) {
    keysById.clear();
    keysEpoch = epoch;
  }
  let keys = keysById.get(id);
  if (keys === undefined) {
    keys = wordKeys(wordOf(id));
    if (keysBudget > 0) keysById.set(id, keys);
  }
  return keys;
}

/**
 * The word right before `at` (side -1) or right after it (side 1), with only white space (at
 * most three characters and one line break, invisible characters aside) between, or null. A word here is letters with their marks,
 * invisible characters inside it and in-word apostrophes, up to MAX_WORD units.
 */
function wordBeside(text: string, at: number, side: -1 | 1): { start: number; end: number; word: string } | null {
  let k = side < 0 ? at - 1 : at;
  // "Rahimov, Rustik": a register's surname-first order.
  if (side > 0 && text[k] === ',') k++;
  let spaces = 0;
  let newlines = 0;
  for (; k >= 0 && k < text.length; k += side) {
    const c = text.charCodeAt(k);
    if (isSpaceBeside(c)) {
      spaces++;
      if (c === 0x0a || c === 0x2028) newlines++;
    } else if (!isInvisibleOrMarkAt(text, k)) {
      break;
    }
  }
  // As in a name itself (gapJoins): a line break may run through it, a paragraph break not.
  if (spaces === 0 || spaces > 3 || newlines > 1 || !inWordAt(text, k)) return null;
  const edge = k;
  while (inWordAt(text, k + side) && Math.abs(k - edge) < MAX_WORD) k += side;
  if (inWordAt(text, k + side)) return null;
  const [start, end] = side < 0 ? [k, edge + 1] : [edge, k + 1];
  const word = text.slice(start, end);
  return LETTER.test(word) ? { start, end, word } : null;
}

const isSpaceBeside = (c: number) => c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0xa0 || c === 0x202f || c === 0x2028;
const INVISIBLE_OR_MARK = /^[\p{M}\p{Default_Ignorable_Code_Point}]$/u;
/** No ASCII character is a mark or default-ignorable. */
const isInvisibleOrMarkAt = (text: string, k: number) => text.charCodeAt(k) >= 0x80 && INVISIBLE_OR_MARK.test(text[k]!);

/** Whether text[i] is part of a word beside a name: a letter, an invisible character or mark, an apostrophe between letters. */
function inWordAt(text: string, i: number): boolean {
  if (i < 0 || i >= text.length) return false;
  return isLetterAt(text, i) || isInvisibleOrMarkAt(text, i) || (APOSTROPHE.test(text[i]!) && isLetterAt(text, i - 1) && isLetterAt(text, i + 1));
}

const isUpperCaseLetter = (word: string) => word.length > 0 && word[0] !== word[0]!.toLowerCase();

/**
 * Two first-name keys close enough to be one name (see withGivenNamesBeside): the same first
 * two sounds (Rustam / Rustik, Gulnara / Gulya, Yerzhan / Yerzik) or at most one edit in five
 * sounds, two in more (Rustam / Rüstem, Nurlan / Nurlon). Loose on purpose: it is asked only of
 * a word right beside the person's own surname, where a brother's first name is no safer to print.
 */
function nearKeys(a: string, b: string): boolean {
  if (a.slice(0, 2) === b.slice(0, 2)) return true;
  const limit = Math.min(a.length, b.length) >= 6 ? 2 : 1;
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, row[j]!);
    }
    if (best > limit) return false;
    previous = row;
  }
  return previous[b.length]! <= limit;
}

/** What nearGivenName needs of a word beside a surname (null: an everyday word), whoever's name is asked about. */
interface GivenNameReading {
  capitalised: boolean;
  key: string;
  fullForms: string[] | undefined;
}

/** The readings of the words last asked about: the same words stand beside surnames all through a document. */
const givenNameReadings = new Map<string, GivenNameReading | null>();
const GIVEN_NAME_READINGS = 20_000;

function givenNameReading(word: string): GivenNameReading | null {
  let reading = givenNameReadings.get(word);
  if (reading === undefined) {
    const folded = foldText(word).text;
    const key = loosened(phoneticKey(folded.toLowerCase()));
    reading = isCommonWord([folded]) ? null : { capitalised: isUpperCaseLetter(folded), key, fullForms: diminutiveKeys().get(key) };
    if (givenNameReadings.size >= GIVEN_NAME_READINGS) givenNameReadings.clear();
    // The word is a slice of the text it stands in: kept as it is, it kept that text alive.
    givenNameReadings.set(detached(word), reading);
  }
  return reading;
}

/** Keys of the Russian short forms (diminutives.ts), each with the keys of the full names it stands for. */
let diminutiveTable: Map<string, string[]> | null = null;
function diminutiveKeys(): Map<string, string[]> {
  if (diminutiveTable === null) {
    diminutiveTable = new Map();
    for (const [full, shorts] of Object.entries(RUSSIAN_DIMINUTIVES)) {
      for (const short of shorts) {
        const key = loosened(phoneticKey(short));
        diminutiveTable.set(key, [...(diminutiveTable.get(key) ?? []), loosened(phoneticKey(full))]);
      }
    }
  }
  return diminutiveTable;
}

/**
 * Keys compared loosened where the Uzbek/Tajik and the Russian spelling of one name differ:
 * - unstressed o and a (Nazarova / Nazarava, Qurbonov / Kurbanov; Uzbek o is Russian а: Нодира /
 *   Надира, Ботир / Батыр) and a first i or e before a consonant (Ergashev / Irgashev);
 * - o after l, which Russian writes я (Ғуломова / Гулямова, Салом / Салям): "lia" is "la";
 * - ҳ between vowels, which Russian often writes г (Иброҳимов / Ибрагимов, Тоҳир / Тагир), and a
 *   final ҳ it leaves out (Абдуллоҳ / Абдулла);
 * - the Tajik -zoda, which Persian and Azerbaijani spellings write -zade (Раҳимзода / Рахимзаде).
 * Done where keys meet (the index and its look-ups), after endings and gendered forms were read on
 * the keys as spelled, so those rules keep their letters. Strict keys (short names) and initials
 * stay as they are.
 */
export function loosened(key: string): string {
  const marker = key.charCodeAt(0);
  if (key.startsWith(STRICT) || marker < 0x20 || key.length < 4) return key;
  const stem = key.startsWith(STEM) ? STEM : '';
  let word = key.slice(stem.length);
  // Each rule in the order above, without a regular expression: this runs for every new word a
  // text holds (six of them were a sixth of reading a fresh page of incidents; the test compares).
  if (word[0] === 'i' && word.length > 1 && !'aeiou'.includes(word[1]!)) word = `e${word.slice(1)}`;
  if (word.includes('o')) word = word.replaceAll('o', 'a');
  if (word.includes('lia')) word = word.replaceAll('lia', 'la');
  // Every h between two vowels is g (the vowel after one h is never the vowel before another).
  for (let h = word.indexOf('h'); h >= 0; h = word.indexOf('h', h + 1)) {
    if (h > 0 && isLooseVowel(word[h - 1]) && isLooseVowel(word[h + 1])) word = `${word.slice(0, h)}g${word.slice(h + 1)}`;
  }
  if (word.endsWith('h') && isLooseVowel(word[word.length - 2])) word = word.slice(0, -1);
  if (word.endsWith('zade')) word = `${word.slice(0, -1)}a`;
  return stem + word;
}

/** a, e, i, u: the vowels loosened keys have (o is a by then). */
const isLooseVowel = (c: string | undefined) => c === 'a' || c === 'e' || c === 'i' || c === 'u';

/** The digit runs of a name, space-separated, or null when it has none. */
function numbersIn(name: string): string | null {
  const runs = name.normalize('NFKC').match(/\p{Nd}+/gu);
  return runs ? runs.join(' ') : null;
}

/**
 * Words that say "number" between a name and its number: "School No. 5", "group № 389" (NFKC makes
 * № "No"), "Nr. 5", "number 5", "номер 5", "нөмір 5", "n° 5".
 */
const NUMBER_WORDS = new Set(['no', 'nr', 'n', 'num', 'number', 'nomer', 'номер', 'нөмір', 'nomir']);

/** A run of digits beside a span, with what it takes of the text (a word that says "number" too). */
interface NumberRun {
  digits: string;
  start: number;
  end: number;
  /** Read after a word that joins a list ("and 389"): to the right of a name only. */
  afterConjunction?: boolean;
}

/** How many digit runs on each side of a span a name's numbers may take ("group 389", "5th school 12"). */
const RUNS_BESIDE = 2;
/** How many numbers of a list after a name are read ("Initiative groups 12, 15 and 389"). */
const LISTED_RUNS = 8;
/** Words that join the numbers of a list: and, or (English, Russian, Kazakh, Uzbek, Tajik). */
const CONJUNCTIONS = new Set(['and', 'or', 'и', 'или', 'және', 'мен', 'va', 'ва', 'yoki', 'ё', 'е']);

/**
 * The digit runs on one side of a span, nearest first: over non-letters (at most MAX_GAP between),
 * and over one word that says "number" before the first run ("group No. 389", "No. 389 group").
 */
function runsBeside(text: string, at: number, side: -1 | 1): NumberRun[] {
  const runs: NumberRun[] = [];
  // `k` is the next character to read: text[k] going right, text[k - 1] going left.
  let k = at;
  const charAt = (x: number) => (side === 1 ? text[x] : text[x - 1]);
  const inText = (x: number) => (side === 1 ? x < text.length : x > 0);
  let markerAllowed = true;
  // Going right, a word that joins a list ("12 and 389") marks the run after it.
  let joined = false;
  // Right of a name a list may come after several numbers ("12, 15 and 389"): read that far.
  while (runs.length < (side === 1 ? LISTED_RUNS : RUNS_BESIDE)) {
    let gap = 0;
    while (inText(k) && gap <= MAX_GAP && !/[\p{L}\p{Nd}]/u.test(charAt(k)!)) {
      if (side === 1 && runs.length > 0 && charAt(k) === '&') joined = true;
      k += side;
      gap++;
    }
    if (!inText(k) || gap > MAX_GAP) break;
    const c = charAt(k)!;
    if (/\p{L}/u.test(c)) {
      let w = k;
      while (inText(w) && /\p{L}/u.test(charAt(w)!)) w += side;
      if (side === 1 && runs.length > 0 && !joined && CONJUNCTIONS.has(text.slice(k, w).toLowerCase())) {
        joined = true;
        k = w;
        continue;
      }
      if (side === -1) {
        // Going left, only an ordinal's ending glued to its digits ("the 389th group"); a word that
        // says "number" comes before the run there (read below).
        if (runs.length > 0 || k - w > 3 || !/\p{Nd}/u.test(text[w - 1] ?? '')) break;
        k = w;
        continue;
      }
      // Going right, one word that says "number", before the first run.
      if (!markerAllowed) break;
      if (!NUMBER_WORDS.has(text.slice(k, w).toLowerCase())) break;
      markerAllowed = false;
      k = w;
      continue;
    }
    const from = k;
    while (inText(k) && /\p{Nd}/u.test(charAt(k)!)) k += side;
    const [start, end] = side === 1 ? [from, k] : [k, from];
    const run: NumberRun = { digits: text.slice(start, end), start, end, ...(joined ? { afterConjunction: true } : {}) };
    joined = false;
    if (side === -1 && runs.length === 0) {
      // "No. 389 initiative group": the word before the nearest run goes with it.
      let g = k;
      let gap2 = 0;
      while (g > 0 && gap2 <= MAX_GAP && !/[\p{L}\p{Nd}]/u.test(text[g - 1]!)) {
        g--;
        gap2++;
      }
      let w = g;
      while (w > 0 && /\p{L}/u.test(text[w - 1]!)) w--;
      if (w < g && gap2 <= MAX_GAP && NUMBER_WORDS.has(text.slice(w, g).toLowerCase())) run.start = w;
    }
    runs.push(run);
    markerAllowed = false;
    // Letters glued after a run are its ending ("389th", "5-й" is not glued): taken in, and the side ends.
    if (inText(k) && /\p{L}/u.test(charAt(k)!)) {
      if (side === 1) {
        while (k < text.length && /\p{L}/u.test(text[k]!)) k++;
        run.end = k;
      }
      break;
    }
  }
  return runs;
}

/**
 * The persons of a node whose names' numbers are read around a span, and the span with those
 * numbers taken in; null when none. A name's numbers are its digit runs in order (numbersIn):
 * those inside the span, with the nearest runs before and after it ("Initiative group 389 (2017)"
 * is group 389's name and a year; "In 2017 Initiative group 389"; "School No. 5 of Aktobe").
 */
function numberedNames(
  text: string, from: number, to: number, byNumbers: ReadonlyMap<string, number[]>,
): { positions: number[]; start: number; end: number; listed: ListedNumber[] } | null {
  const inside = text.slice(from, to).match(/\p{Nd}+/gu) ?? [];
  const before = runsBeside(text, from, -1);
  const beside = runsBeside(text, to, 1);
  // A list ("groups 12, 15 and 389"): its first number reads with the name, the others each alone.
  const isList = beside.some((r) => r.afterConjunction);
  const after = isList ? beside.slice(0, 1) : beside.slice(0, RUNS_BESIDE);
  const listed: ListedNumber[] = [];
  if (isList) {
    for (const run of beside.slice(1)) {
      const found = byNumbers.get(run.digits);
      if (found !== undefined) listed.push({ start: run.start, end: run.end, positions: [...found] });
    }
  }
  // What was read: the span, and each side as far as its farthest run (bounded by the text).
  matcherWork.steps += (to - from) + (from - (before.at(-1)?.start ?? from)) + ((beside.at(-1)?.end ?? to) - to);
  const positions: number[] = [];
  let start = from;
  let end = to;
  for (let l = 0; l <= before.length; l++) {
    for (let r = 0; r <= after.length; r++) {
      const runs = [...before.slice(0, l).reverse().map((x) => x.digits), ...inside, ...after.slice(0, r).map((x) => x.digits)];
      if (runs.length === 0) continue;
      const found = byNumbers.get(runs.join(' '));
      if (found === undefined) continue;
      for (const q of found) if (!positions.includes(q)) positions.push(q);
      if (l > 0) start = Math.min(start, before[l - 1]!.start);
      if (r > 0) end = Math.max(end, after[r - 1]!.end);
    }
  }
  if (positions.length === 0) return listed.length === 0 ? null : { positions, start, end, listed };
  // "Initiative group (389)": a bracket opened in what is taken closes in it too.
  for (const [open, close] of BRACKETS) {
    const taken = text.slice(start, end);
    if (text[end] === close && taken.split(open).length > taken.split(close).length) end++;
  }
  return { positions, start, end, listed };
}

/** A number further on in a list after a name's words, and the persons whose number it is (positions in the index's list). */
interface ListedNumber {
  start: number;
  end: number;
  positions: number[];
}

/** The numbers of a list found at several trie nodes, each once, in text order, their persons together. */
function mergedListed(items: readonly ListedNumber[]): ListedNumber[] {
  const byStart = new Map<number, ListedNumber>();
  for (const item of items) {
    const held = byStart.get(item.start);
    if (held === undefined) byStart.set(item.start, { ...item, positions: [...item.positions] });
    else for (const q of item.positions) if (!held.positions.includes(q)) held.positions.push(q);
  }
  return [...byStart.values()].sort((a, b) => a.start - b.start);
}

const BRACKETS = [['(', ')'], ['[', ']']] as const;

function gapJoins(text: string, from: number, to: number): boolean {
  if (to - from > MAX_GAP) return false;
  let newlines = 0;
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x0a || c === 0x2029) newlines++;
  }
  return newlines < 2;
}
