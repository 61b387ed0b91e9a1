/**
 * Name matcher bench: build time for 400 protected persons, and redact/audit throughput on a
 * synthetic 1000-incident document, new matcher (src/consent) against the old regex Redactor
 * (src/documents/consent.ts) on the same input.
 *
 *   npx tsx bench/matcher.ts [persons=400] [incidents=1000]
 */
import { performance } from 'node:perf_hooks';
import { Redactor } from '../src/consent/consent.js';
import { NameMatcher, type ProtectedPerson } from '../src/consent/index.js';
import { romanize, SCHEMES } from '../src/consent/transliterate.js';

const PERSONS = Number(process.argv[2] ?? 400);
const INCIDENTS = Number(process.argv[3] ?? 1000);

// Fictional names: common Central Asian given names and surname roots, combined.
const GIVEN = [
  'Фаррух', 'Шавкат', 'Ержан', 'Айгерім', 'Гульнара', 'Дильшод', 'Комил', 'Бахром', 'Нурлан', 'Асель', 'Дана',
  'Зарина', 'Малика', 'Рустам', 'Тимур', 'Улугбек', 'Жасур', 'Санжар', 'Алишер', 'Мадина', 'Нигора', 'Озод',
  'Сардор', 'Бекзод', 'Жаңыл', 'Мөлдүр', 'Ўктам', 'Ғайрат', 'Ҳусниддин', 'Парвиз',
];
const ROOTS = [
  'Рахим', 'Карим', 'Юсуп', 'Умар', 'Курбан', 'Тохта', 'Жұмабай', 'Сейт', 'Тобыл', 'Абдулла', 'Назар', 'Сатпай',
  'Мамед', 'Шукур', 'Хамид', 'Исмаил', 'Ахмед', 'Садык', 'Турсун', 'Эргаш', 'Нормат', 'Холмат', 'Бобо', 'Қасым',
  'Ташкен', 'Жақсыбек', 'Әбіл', 'Өмір', 'Сулейман', 'Файзулла', 'Мирзо', 'Давлат', 'Саид', 'Шариф', 'Латиф',
];
const FEMALE = new Set(['Айгерім', 'Гульнара', 'Асель', 'Дана', 'Зарина', 'Малика', 'Мадина', 'Нигора', 'Жаңыл', 'Мөлдүр']);
const bgn = SCHEMES[0]!;
const title = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const latin = (native: string) => native.split(' ').map((w) => title(romanize(w.toLowerCase(), bgn).replace(/[ëä]/g, 'e'))).join(' ');

function persons(n: number): ProtectedPerson[] {
  const out: ProtectedPerson[] = [];
  for (let i = 0; i < n; i++) {
    const given = GIVEN[i % GIVEN.length]!;
    const root = ROOTS[Math.floor(i / GIVEN.length) % ROOTS.length]!;
    const ending = /[аеиоуы]$/.test(root) ? 'ев' : 'ов';
    const native = `${given} ${root}${ending}${FEMALE.has(given) ? 'а' : ''}`;
    out.push({ key: `p-${i}`, kind: i % 40 === 39 ? 'group' : 'individual', name: latin(native), nameNative: native, pseudonym: `Person ${i}` });
  }
  return out;
}

const WORDS = (
  'the police detained searched questioned fined a journalist blogger lawyer activist at dawn in Almaty Tashkent Dushanbe ' +
  'after posting criticism of the authorities court hearing was postponed officers seized phones and laptops relatives said ' +
  'they were not informed of charges under article of the criminal code on false information the appeal was rejected ' +
  'international organisations called for release witnesses reported pressure from security services during interrogation'
).split(' ');

function document(people: ProtectedPerson[], incidents: number): string[] {
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const texts: string[] = [];
  for (let i = 0; i < incidents; i++) {
    let s = '';
    while (s.length < 600) {
      if (rand(12) === 0) {
        const p = people[rand(people.length)]!;
        const forms = [p.name, p.nameNative ?? p.name, p.name.split(' ').pop()!, `${p.name.split(' ').pop()}'s`];
        s += `${forms[rand(forms.length)]} `;
      } else {
        s += `${WORDS[rand(WORDS.length)]} `;
      }
    }
    texts.push(`Incident ${i}: ${WORDS[rand(WORDS.length)]} ${WORDS[rand(WORDS.length)]}`);
    texts.push(s);
  }
  return texts;
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const result = fn();
  return [result, performance.now() - t0];
}

const people = persons(PERSONS);
const texts = document(people, INCIDENTS);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const mb = bytes / 1e6;
const mbps = (ms: number) => (mb / (ms / 1000)).toFixed(2);

const [matcher, buildNew] = time(() => new NameMatcher(people));
const [redactor, buildOld] = time(() => new Redactor(people));

function run(label: string, redact: (t: string) => string, audit: (t: string) => string[]) {
  // First pass: cold (regex compilation, key cache); then warm.
  const [, cold] = time(() => texts.map(redact));
  const [out, warm] = time(() => texts.map(redact));
  const [leaks, auditMs] = time(() => audit(out.join('\n')));
  console.log(
    `${label.padEnd(22)} redact cold ${cold.toFixed(0).padStart(6)} ms (${mbps(cold).padStart(6)} MB/s)` +
      `   warm ${warm.toFixed(0).padStart(6)} ms (${mbps(warm).padStart(6)} MB/s)` +
      `   audit of the output ${auditMs.toFixed(0).padStart(5)} ms, ${leaks.length} leaks`,
  );
  return out;
}

console.log(`${PERSONS} persons, ${INCIDENTS} incidents: ${texts.length} strings, ${mb.toFixed(2)} MB`);
console.log(`build  new NameMatcher ${buildNew.toFixed(1)} ms   old Redactor ${buildOld.toFixed(1)} ms`);
const newOut = run('new NameMatcher', (t) => matcher.redact(t), (t) => matcher.findLeaks(t));
const oldOut = run('old Redactor', (t) => redactor.redact(t), (t) => redactor.findLeaks(t));
const changed = (out: string[]) => out.filter((t, i) => t !== texts[i]).length;
console.log(`strings changed: new ${changed(newOut)}, old ${changed(oldOut)}`);
console.log(`old Redactor output audited by the new matcher: ${matcher.findLeaks(oldOut.join('\n')).length} leaks`);
