import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  adoptDocumentMatchers, documentMatcherIndexes, NameMatcher, nameMatcherFor, prepareNameMatcher, shieldedMatcherFor, type NameIndex,
  type ProtectedPerson,
} from '../../../src/consent/index.js';
import { freezeNameIndex, hashedKeys, idsOfKey, keyCheck, keyHash } from '../../../src/consent/name-index.js';
import { AIGERIM, ALL, FARRUKH, GULNARA, OKTAM, ORGANISATION, RESIDENTS, SHAVKAT, ZARINA } from './persons.js';

/** As a render thread receives it: posted through a message port (what piscina does with a task). */
async function posted<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<T>((resolve) => port2.once('message', resolve));
  port1.postMessage(value);
  const out = await received;
  port1.close();
  port2.close();
  return out;
}

/** Each person's name in the forms texts write it: whole, native, surname alone, initials, possessive, inside a sentence. */
const TEXTS = [
  ...ALL.flatMap((p) => [
    `Reports say ${p.name} was detained.`,
    p.nameNative ? `Сообщается, что ${p.nameNative} задержан.` : '',
    `Police questioned ${p.name.split(' ').at(-1)} again.`,
    `${p.name.toUpperCase()}'s flat was searched; ${p.name.split(' ')[0]![0]}. ${p.name.split(' ').at(-1)} was not at home.`,
  ]),
  'F.R. and Sh. K. Rustamov met Farrukh Rahimov and Gulnara Tobylova at the Steppe Voice Initiative office.',
  'Rahimovs’ neighbours, residents of Kok-Tobe street, signed; Rahimova and Tobylovoi were fined.',
  'Nothing here names anybody: the court adjourned the hearing to 12 May.',
].filter((t) => t.length > 0);

const seen = (m: NameMatcher, text: string) => ({ mentions: m.findMentions(text), redacted: m.redact(text) });

describe('a name index built in one thread and adopted in another', () => {
  it('finds and replaces exactly what the matcher that built it does, in every text', async () => {
    const built = new NameMatcher(ALL);
    const index = await posted<NameIndex>(built.index);
    const adopted = NameMatcher.fromIndex(ALL, index);
    for (const text of TEXTS) expect(seen(adopted, text), text).toEqual(seen(built, text));
    // The texts do name everybody: the comparison is not of two empty answers.
    const named = new Set(TEXTS.flatMap((t) => built.findMentions(t).flatMap((m) => m.personKeys)));
    expect([...named].sort()).toEqual(ALL.map((p) => p.key).sort());
  });

  it('shares the memory it was built in (a posted copy is the same bytes, not a second index)', async () => {
    const built = new NameMatcher([FARRUKH, GULNARA]);
    const index = await posted<NameIndex>(built.index);
    expect(index.keys.bucketStart.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(index.keys.hashes.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(index.keys.bucketStart.buffer.byteLength).toBe(built.index.keys.bucketStart.buffer.byteLength);
  });

  it("a document's matchers adopted from indexes redact as those built there, shield and the others included", async () => {
    const protectedPersons: ProtectedPerson[] = [AIGERIM, FARRUKH, SHAVKAT, RESIDENTS, ORGANISATION];
    const nameable: ProtectedPerson[] = [
      { key: 'p-saparova', kind: 'individual', name: 'Aigerim Saparova', nameNative: 'Айгерім Сапарова', pseudonym: 'Witness W' },
      ZARINA,
    ];
    const others: ProtectedPerson[] = [OKTAM, GULNARA];
    const indexes = await posted(documentMatcherIndexes(protectedPersons, nameable, others));
    expect(indexes.shieldIndex).not.toBeNull();
    expect(indexes.othersIndex).not.toBeNull();

    // As another thread holds the lists: copies of them, with the indexes beside.
    const [theirProtected, theirNameable, theirOthers] = await posted([protectedPersons, nameable, others]);
    adoptDocumentMatchers(theirProtected!, theirNameable!, theirOthers!, indexes);
    const adopted = shieldedMatcherFor(theirProtected!, theirNameable!);
    const reference = new NameMatcher(protectedPersons).shieldedBy(new NameMatcher(nameable));
    const texts = [
      ...TEXTS,
      'Aigerim Saparova, a witness, said Aigerim was taken away; A. Seitova was not.',
      "Zarina Abilova's report names Farrukh and Shavkat Rustamov.",
    ];
    for (const text of texts) expect(adopted.redact(text), text).toEqual(reference.redact(text));
    expect(adopted.redact('Aigerim Saparova, a witness, said Aigerim was taken away.')).toBe('Aigerim Saparova, a witness, said Student G was taken away.');
    // The others' matcher (everybody protected from the public, in a UN document) is adopted too.
    const othersMatcher = NameMatcher.fromIndex(theirOthers!, indexes.othersIndex!);
    expect(othersMatcher.redact("O'ktam To'xtayev and Gulnara Tobylova")).toBe('Blogger A and Witness D');
  });
});

describe('everybody\'s matcher built elsewhere (prepareNameMatcher: a render thread builds, the event loop adopts)', () => {
  const GIVEN = ['Farrukh', 'Shavkat', 'Yerzhan', 'Gulnara', 'Aigerim', 'Komil', 'Dilshod', 'Bakhrom', 'Parviz', 'Zarina', 'Lyudmila', 'Nurlan', 'Ilyos', 'Timur', 'Asel'];
  const ROOTS = ['Rahim', 'Karim', 'Yusup', 'Umar', 'Kurban', 'Tokhta', 'Seit', 'Tobyl', 'Abdull', 'Nazar', 'Satpay', 'Mamed', 'Shukur', 'Hamid', 'Ismail'];
  // More than nameMatcherFor keeps by hash (2,000): the size at which building moves off the event loop.
  const many: ProtectedPerson[] = Array.from({ length: 2_100 }, (_, i) => ({
    key: `p-${i}`, kind: 'individual', name: `${GIVEN[i % GIVEN.length]} ${ROOTS[Math.floor(i / GIVEN.length) % ROOTS.length]}ov${'abcdefghij'[Math.floor(i / 225)]}`,
    nameNative: null, pseudonym: `Person ${i}`,
  }));

  it('is the matcher nameMatcherFor finds afterwards, finding what the built one finds', async () => {
    let built: NameMatcher | null = null;
    const prepared = await prepareNameMatcher(many, async (persons) => (built = new NameMatcher(persons)).index);
    expect(built).not.toBeNull();
    expect(nameMatcherFor(many)).toBe(prepared);
    const text = many.filter((_, i) => i % 97 === 0).map((p) => `${p.name} and ${p.name.split(' ')[0]![0]}. ${p.name.split(' ')[1]}`).join('; ');
    expect(prepared.redact(text)).toBe(built!.redact(text));
    expect(prepared.findLeaks(prepared.redact(text))).toEqual([]);
  });

  it('is found by its persons as well: another array of the same persons (a transaction reads its own) builds nothing', async () => {
    // A record write checks its key against everybody inside its transaction; that read built the
    // whole index again on the event loop (~15 s of 20,000 persons, every request waiting).
    const prepared = await prepareNameMatcher(many.map((p) => ({ ...p })), async (persons) => new NameMatcher(persons).index);
    expect(nameMatcherFor(many.map((p) => ({ ...p })))).toBe(prepared);
    const renamed = many.map((p, i) => (i === 7 ? { ...p, name: 'Daniyar Ospanov' } : { ...p }));
    const other = nameMatcherFor(renamed);
    expect(other).not.toBe(prepared);
    expect(other.findLeaks('Daniyar Ospanov was fined.')).toEqual(['Daniyar Ospanov']);
  });

  it('is patched at once from the last index when a revision changes a few persons: no build, new names found, those gone not', async () => {
    const before = many.map((p) => ({ ...p, key: `r-${p.key}` }));
    await prepareNameMatcher(before, async (persons) => new NameMatcher(persons).index);
    let builds = 0;
    const build = async (persons: readonly ProtectedPerson[]) => {
      builds++;
      return new NameMatcher(persons).index;
    };
    const gone = before[11]!;
    const after: ProtectedPerson[] = [
      ...before.filter((p) => p !== gone).map((p, i) => (i === 3 ? { ...p, name: 'Daniyar Ospanov' } : p)),
      { key: 'r-new', kind: 'individual', name: 'Serik Zhaksylykov', nameNative: 'Серік Жақсылықов', pseudonym: 'Witness N' },
    ];
    const patched = await prepareNameMatcher(after, build);
    expect(builds).toBe(0);
    expect(nameMatcherFor(after)).toBe(patched);
    const text = `Daniyar Ospanov, Жақсылықов and ${gone.name} were fined; ${before[3]!.name} was not.`;
    expect(patched.findLeaks(text)).toEqual(expect.arrayContaining(['Daniyar Ospanov', 'Жақсылықов']));
    expect(patched.redact(text)).toBe(new NameMatcher(after).redact(text));
    // Only pseudonyms changed: the same index serves, with the new pseudonyms.
    const renamedPseudonyms = after.map((p) => (p.key === 'r-new' ? { ...p, pseudonym: 'Witness M' } : p));
    const again = await prepareNameMatcher(renamedPseudonyms, build);
    expect(builds).toBe(0);
    expect(again.index).toBe(patched.index);
    expect(again.redact('Serik Zhaksylykov was fined.')).toBe('Witness M was fined.');
  });

  it('is built here when the thread cannot build it (the pool is closing)', async () => {
    // Keys of their own: no index of nearly these persons to patch from.
    const persons = many.map((p) => ({ ...p, key: `q-${p.key}` }));
    const prepared = await prepareNameMatcher(persons, () => Promise.reject(new Error('Terminating worker thread')));
    const text = `${persons[5]!.name} was fined.`;
    expect(prepared.findLeaks(text)).toEqual([persons[5]!.name]);
    expect(prepared.redact(text)).not.toContain(persons[5]!.name.split(' ')[1]);
  });
});

describe("an index's keys, stored as two hashes each", () => {
  // 'š' is U+0161 (low byte 'a', high byte 0x01): a careless reading of it would take 'ša' for 'aa'
  // or for the four characters 'a\u0001a\u0000'. 'costarring' and 'liquid', 'altarage' and 'zinke'
  // share their FNV-1a hash (the table's): only the second hash tells them apart.
  const keys = new Map<string, number[]>([
    ['ša', [1]], ['aa', [2]], ['a\u0001a\u0000', [3]], ['tŭhtaev', [4]], ['tuhtaev', [5]], ['costarring', [6]], ['zinke', [7]],
  ]);
  const index = freezeNameIndex({ next: null, persons: null }, keys, 0);
  const idsOf = (key: string) => [...(idsOfKey(index, key) ?? [])];

  it('finds each key exactly, wide or narrow, and no other', () => {
    for (const [key, ids] of keys) expect(idsOf(key), JSON.stringify(key)).toEqual(ids);
    for (const absent of ['a', 'š', 'šš', 'áa', 'tŭhtae', 'tŭhtaew', 'tūhtaev', 'ša\u0000', 'liquid', 'altarage']) expect(idsOf(absent), JSON.stringify(absent)).toEqual([]);
  });

  it('the pairs that share the table hash do share it (else the test above proves nothing)', () => {
    expect(keyHash('liquid')).toBe(keyHash('costarring'));
    expect(keyHash('altarage')).toBe(keyHash('zinke'));
    expect(keyCheck('liquid')).not.toBe(keyCheck('costarring'));
  });

  it('finds every one of 50,000 keys in its bucket, and none of 50,000 others', () => {
    const many = new Map([...Array(50_000).keys()].map((n) => [`~k${n.toString(36)}`, [n]] as [string, number[]]));
    const big = freezeNameIndex({ next: null, persons: null }, many, 0);
    expect(big.keys.bucketStart.length - 1).toBeGreaterThanOrEqual(50_000 / 8);
    for (const [key, ids] of many) expect([...(idsOfKey(big, key) ?? [])]).toEqual(ids);
    for (let n = 0; n < 50_000; n++) expect(idsOfKey(big, `~j${n.toString(36)}`)).toBeNull();
  });

  it('two keys whose both hashes agree become one standing for the ids of both (a collision loses no name)', () => {
    const merged = hashedKeys([
      { hash: 7, check: 1, values: [1] }, { hash: 3, check: 9, values: [2] }, { hash: 7, check: 1, values: [3, 1] }, { hash: 7, check: 2, values: [4] },
    ]);
    expect(merged).toEqual([{ hash: 3, check: 9, values: [2] }, { hash: 7, check: 1, values: [1, 3] }, { hash: 7, check: 2, values: [4] }]);
  });

  it('holds 8 bytes a key, not its characters', () => {
    const long = new Map([...Array(1000).keys()].map((n) => [`~a-rather-long-phonetic-key-number-${n}`, [n]] as [string, number[]]));
    expect(freezeNameIndex({ next: null, persons: null }, long, 0).keys.hashes.byteLength).toBe(8_000);
  });

  it('a matcher still replaces a name written with ŭ or ў (keys stored two bytes a character)', () => {
    const matcher = NameMatcher.fromIndex(ALL, new NameMatcher(ALL).index);
    expect(matcher.redact('Ŭktam Tŭhtaev was detained; Тўхтаев was fined.')).toBe('Blogger A was detained; Blogger A was fined.');
  });
});
