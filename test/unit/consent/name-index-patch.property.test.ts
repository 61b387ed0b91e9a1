import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { NameMatcher, type ProtectedPerson } from '../../../src/consent/index.js';
import type { NameIndex } from '../../../src/consent/name-index.js';
import { changedCount, PATCH_UP_TO, patchNameIndex, personChange } from '../../../src/consent/name-index-patch.js';

/**
 * A patched name index (name-index-patch.ts) finds what a build of the same persons finds: the
 * same spans naming the same persons, the same redacted text. Persons are drawn from small pools
 * so that they share given names, surnames, initials and whole names (where the index's rules
 * about initials and longest names decide who is found); changes add, take out, rename, change
 * a kind, change a pseudonym only, and come one after another (a patch of a patch).
 */

// Latin and Cyrillic forms of the same names, so that native names cross scripts too.
const GIVEN: [string, string][] = [
  ['Farrukh', 'Фаррух'], ['Fotima', 'Фотима'], ['Aigerim', 'Айгерім'], ['Asel', 'Әсел'], ['Shavkat', 'Шавкат'],
  ['Serik', 'Серік'], ['Gulnara', 'Гульнара'], ['Dilshod', 'Дилшод'], ['Vera', 'Вера'], ['Nurlan', 'Нұрлан'],
];
const MIDDLE: [string, string][] = [['Karimovich', 'Каримович'], ['Rustamovna', 'Рустамовна'], ['Ali', 'Али']];
const SURNAME: [string, string][] = [
  ['Rahimov', 'Рахимов'], ['Rahimova', 'Рахимова'], ['Rustamov', 'Рустамов'], ['Seitova', 'Сейтова'], ['Kasymov', 'Қасымов'],
  ['Abenuly', 'Әбенұлы'], ['Rahimzoda', 'Раҳимзода'], ['Li', 'Ли'], ['Fayzullaev', 'Файзуллаев'],
];
const GROUPS = ['Initiative group 389', 'Initiative group 12', 'Residents of Kok-Tobe street', 'Steppe Voice', 'Steppe Voice Initiative', 'Farrukh Rahimov Foundation'];

interface Drawn {
  given: number;
  middle: number;
  surname: number;
  surnameFirst: boolean;
  native: boolean;
  group: number;
  kind: number;
}

const drawn = fc.record({
  given: fc.nat({ max: GIVEN.length - 1 }),
  middle: fc.integer({ min: -1, max: MIDDLE.length - 1 }),
  surname: fc.nat({ max: SURNAME.length - 1 }),
  surnameFirst: fc.boolean(),
  native: fc.boolean(),
  group: fc.nat({ max: GROUPS.length - 1 }),
  kind: fc.nat({ max: 9 }),
});

function personOf(key: string, d: Drawn, pseudonym = `Person ${key}`): ProtectedPerson {
  if (d.kind >= 8) return { key, kind: d.kind === 8 ? 'group' : 'organisation', name: GROUPS[d.group]!, nameNative: null, pseudonym };
  const parts = (script: 0 | 1) => {
    const given = GIVEN[d.given]![script];
    const middle = d.middle >= 0 ? [MIDDLE[d.middle]![script]] : [];
    const surname = SURNAME[d.surname]![script];
    return (d.surnameFirst ? [surname, given, ...middle] : [given, ...middle, surname]).join(' ');
  };
  return { key, kind: 'individual', name: parts(0), nameNative: d.native ? parts(1) : null, pseudonym };
}

type Change =
  | { op: 'add'; key: number; person: Drawn }
  | { op: 'remove'; at: number }
  | { op: 'rename'; at: number; person: Drawn }
  | { op: 'pseudonym'; at: number }
  | { op: 'swap'; at: number; with: number };

const change: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), key: fc.nat({ max: 999 }), person: drawn }),
  fc.record({ op: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('rename' as const), at: fc.nat(), person: drawn }),
  fc.record({ op: fc.constant('pseudonym' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat(), with: fc.nat() }),
);

/** The persons after a change, in key order as the identity cache holds them. */
function applied(persons: ProtectedPerson[], c: Change): ProtectedPerson[] {
  const out = [...persons];
  const at = out.length === 0 ? -1 : ('at' in c ? c.at % out.length : -1);
  switch (c.op) {
    case 'add':
      if (!out.some((p) => p.key === `p-${c.key}`)) out.push(personOf(`p-${c.key}`, c.person));
      break;
    case 'remove':
      if (at >= 0) out.splice(at, 1);
      break;
    case 'rename':
      if (at >= 0) out[at] = personOf(out[at]!.key, c.person, out[at]!.pseudonym);
      break;
    case 'pseudonym':
      if (at >= 0) out[at] = { ...out[at]!, pseudonym: `${out[at]!.pseudonym} (new)` };
      break;
    case 'swap': {
      const other = out.length === 0 ? -1 : c.with % out.length;
      if (at >= 0 && other !== at) {
        const a = out[at]!;
        const b = out[other]!;
        out[at] = { ...b, key: a.key, pseudonym: a.pseudonym };
        out[other] = { ...a, key: b.key, pseudonym: b.pseudonym };
      }
      break;
    }
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Texts that write the names of these persons in the ways documents do. */
function textsAbout(persons: readonly ProtectedPerson[]): string[] {
  const texts: string[] = [];
  for (const p of persons) {
    for (const form of [p.name, p.nameNative]) {
      if (!form) continue;
      const words = form.split(' ');
      const first = words[0]!;
      const last = words.at(-1)!;
      texts.push(
        `On 3 May ${form} was detained.`,
        `${last} was questioned; ${first[0]}. ${last} and ${last} ${first[0]}. were fined.`,
        `${first[0]}.${last[0]}. spoke to ${first}, then ${form.toUpperCase()}'s lawyer left.`,
        `Letters from ${words.join(', ')} and ${last}s arrived.`,
        /[а-яәұқ]/i.test(form) ? `Сообщается, что ${last}ой и ${last}а задержали.` : `${words.slice(0, 2).join(' ')} met ${words.slice(-2).join(' ')}.`,
      );
    }
  }
  texts.push(`${persons.map((p) => p.name).join(' and ')} signed.`, 'Nothing here names anybody: the hearing was adjourned to 12 May.');
  return texts;
}

/**
 * Every name an index holds: per path of words (each word as its signature's two hashes, which a
 * build and a patch share where their ids differ), the persons whose names end there and the
 * node's bits. Nodes a patch left without persons are not names.
 */
function namesHeld(index: NameIndex, persons: readonly ProtectedPerson[]): Map<string, string> {
  const signatureOf = new Map<number, string>();
  const { words } = index;
  for (let k = 0; k + 1 < words.start.length; k++) {
    for (let v = words.start[k]!; v < words.start[k + 1]!; v++) signatureOf.set(words.values[v]!, `${words.hashes[2 * k]}:${words.hashes[2 * k + 1]}`);
  }
  const out = new Map<string, string>();
  const visit = (node: number, path: string) => {
    const who = [...index.personList.subarray(index.personStart[node]!, index.personStart[node + 1]!)].map((p) => persons[p]!.key).sort();
    if (who.length > 0) out.set(path, `${who.join(',')} bits ${index.flags[node]}`);
    for (let e = index.edgeStart[node]!; e < index.edgeStart[node + 1]!; e++) visit(index.edgeNode[e]!, `${path}/${signatureOf.get(index.edgeWord[e]!)}`);
  };
  visit(0, '');
  return out;
}

const seen = (m: NameMatcher, text: string) => ({ mentions: m.findMentions(text), redacted: m.redact(text) });

describe('a patched name index', () => {
  it('finds and redacts exactly what a build of the same persons does, change after change', () => {
    fc.assert(
      fc.property(fc.array(drawn, { minLength: 1, maxLength: 18 }), fc.array(change, { minLength: 1, maxLength: 4 }), (start, changes) => {
        let persons = start.map((d, i) => personOf(`p-${String(i).padStart(3, '0')}`, d)).sort((a, b) => (a.key < b.key ? -1 : 1));
        let index = new NameMatcher(persons).index;
        const everybodyEver = [...persons];
        for (const c of changes) {
          const next = applied(persons, c);
          const patched = patchNameIndex(index, persons, next);
          expect(patched).not.toBeNull();
          index = patched!;
          persons = next;
          everybodyEver.push(...next);
          const built = new NameMatcher(persons);
          const fromPatch = NameMatcher.fromIndex(persons, index);
          expect(namesHeld(index, persons)).toEqual(namesHeld(built.index, persons));
          // Texts about everybody ever on record: a person taken out must be found by neither.
          for (const text of textsAbout(everybodyEver)) expect(seen(fromPatch, text), text).toEqual(seen(built, text));
        }
      }),
      { numRuns: 120, seed: 20261203 },
    );
  });

  it('at 1,500 persons (tables of thousands of keys, copied in blocks) holds the names a build holds after 60 changes', () => {
    const synthetic = (syntheticBundle(10, 7, { persons: 1_560 }).persons ?? []).map((p): ProtectedPerson => ({
      key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative ?? null, pseudonym: p.pseudonym,
    }));
    const before = synthetic.slice(0, 1_500);
    // 20 taken out, 20 renamed (another synthetic person's names under their key), 20 put in.
    const after = [
      ...before.filter((_, i) => i % 75 !== 3).map((p, i) => (i % 73 === 5 ? { ...synthetic[1_500 + (i % 60)]!, key: p.key, pseudonym: p.pseudonym } : p)),
      ...synthetic.slice(1_540),
    ].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    const change = personChange(before, after)!;
    expect(change.removed.length).toBeGreaterThanOrEqual(40);
    expect(change.added.length).toBeGreaterThanOrEqual(40);
    const patched = patchNameIndex(new NameMatcher(before).index, before, after)!;
    const built = new NameMatcher(after);
    expect(namesHeld(patched, after)).toEqual(namesHeld(built.index, after));
    const fromPatch = NameMatcher.fromIndex(after, patched);
    const touched = [...change.removed.map((i) => before[i]!), ...change.added.map((i) => after[i]!)];
    for (const text of textsAbout(touched)) expect(seen(fromPatch, text), text).toEqual(seen(built, text));
  });

  it('finds the names of persons put in and no longer those of persons taken out (the comparison above is not of two empty answers)', () => {
    const before: ProtectedPerson[] = [
      { key: 'p-1', kind: 'individual', name: 'Farrukh Rahimov', nameNative: 'Фаррух Рахимов', pseudonym: 'Blogger F' },
      { key: 'p-2', kind: 'individual', name: 'Fotima Rustamova', nameNative: null, pseudonym: 'Witness R' },
    ];
    const after: ProtectedPerson[] = [
      before[0]!,
      { key: 'p-3', kind: 'individual', name: 'Aigerim Seitova', nameNative: 'Айгерім Сейтова', pseudonym: 'Student G' },
    ];
    const patched = NameMatcher.fromIndex(after, patchNameIndex(new NameMatcher(before).index, before, after)!);
    expect(patched.redact('Сейтова, Fotima Rustamova and F. Rahimov met.')).toBe('Student G, Fotima Rustamova and Blogger F met.');
  });

  it('decides initials alone again: indexed only while one person has them', () => {
    const farrukh: ProtectedPerson = { key: 'p-1', kind: 'individual', name: 'Farrukh Rahimov', nameNative: null, pseudonym: 'Blogger F' };
    const fotima: ProtectedPerson = { key: 'p-2', kind: 'individual', name: 'Fotima Rustamova', nameNative: null, pseudonym: 'Witness R' };
    const named = (m: NameMatcher) => m.findMentions('F.R. was detained.').flatMap((found) => found.personKeys);
    const alone = new NameMatcher([farrukh]);
    expect(named(alone)).toEqual(['p-1']);
    // A second F.R.: the initials are anybody's now, in a build and in the patch alike.
    const both = NameMatcher.fromIndex([farrukh, fotima], patchNameIndex(alone.index, [farrukh], [farrukh, fotima])!);
    expect(named(new NameMatcher([farrukh, fotima]))).toEqual([]);
    expect(named(both)).toEqual([]);
    // Fotima taken out again: Farrukh's initials are his alone once more.
    const again = NameMatcher.fromIndex([farrukh], patchNameIndex(both.index, [farrukh, fotima], [farrukh])!);
    expect(named(again)).toEqual(['p-1']);
  });

  it('takes a rename with the former name kept (formerNames) as a change: the patch finds both names, as a build does', () => {
    const before: ProtectedPerson[] = [
      { key: 'p-1', kind: 'individual', name: 'Farrukh Rahimov', nameNative: 'Фаррух Рахимов', pseudonym: 'Blogger F' },
      { key: 'p-2', kind: 'individual', name: 'Aigerim Seitova', nameNative: null, pseudonym: 'Witness R' },
    ];
    const after: ProtectedPerson[] = [{ ...before[0]!, name: 'Farrukh Karimov', nameNative: 'Фаррух Каримов', formerNames: ['Farrukh Rahimov', 'Фаррух Рахимов'] }, before[1]!];
    const patched = NameMatcher.fromIndex(after, patchNameIndex(new NameMatcher(before).index, before, after)!);
    const text = 'Rahimov, Рахимова and Karimov were questioned; Seitova was not.';
    expect(patched.redact(text)).toBe(new NameMatcher(after).redact(text));
    expect(patched.redact(text)).toBe('Blogger F, Blogger F and Blogger F were questioned; Witness R was not.');
    // The former names alone dropped (a second rename that keeps none): a change again.
    expect(changedCount(personChange(after, [{ ...after[0]!, formerNames: [] }, before[1]!])!)).toBe(2);
  });

  it('serves as it is when only pseudonyms or consents changed, and gives way to a build past its limit', () => {
    const persons: ProtectedPerson[] = [{ key: 'p-1', kind: 'individual', name: 'Farrukh Rahimov', nameNative: null, pseudonym: 'Blogger F' }];
    const index = new NameMatcher(persons).index;
    expect(patchNameIndex(index, persons, [{ ...persons[0]!, pseudonym: 'Blogger G' }])).toBe(index);
    const many = [...Array(PATCH_UP_TO + 1).keys()].map((n): ProtectedPerson => ({ key: `p-${n + 2}`, kind: 'individual', name: `Person ${n}`, nameNative: null, pseudonym: `P${n}` }));
    expect(personChange(persons, [...persons, ...many])).toBeNull();
    expect(patchNameIndex(index, persons, [...persons, ...many])).toBeNull();
  });
});
