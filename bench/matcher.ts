/**
 * Name matcher bench: build time for 400 protected persons, and redact/audit throughput on a
 * synthetic 1000-incident document, new matcher (src/consent) against the old regex Redactor
 * (src/documents/consent.ts) on the same input.
 *
 *   npx tsx bench/matcher.ts [persons=400] [incidents=1000]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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

/** Wall time, and this process's CPU time (the machine may be shared: CPU time is steadier). */
function time<T>(fn: () => T): [T, number, number] {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const result = fn();
  const cpu = process.cpuUsage(c0);
  return [result, performance.now() - t0, (cpu.user + cpu.system) / 1000];
}

const people = persons(PERSONS);
const texts = document(people, INCIDENTS);
const bytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
const mb = bytes / 1e6;
const mbps = (ms: number) => (mb / (ms / 1000)).toFixed(2);

const [matcher, buildNew, buildNewCpu] = time(() => new NameMatcher(people));
const [redactor, buildOld, buildOldCpu] = time(() => new Redactor(people));
const [, buildNew2, buildNew2Cpu] = time(() => new NameMatcher(people));

const ms = (wall: number, cpu: number) => `${wall.toFixed(0).padStart(5)} ms (cpu ${cpu.toFixed(0).padStart(5)} ms, ${mbps(cpu).padStart(6)} MB/s)`;

function run(label: string, redact: (t: string) => string, audit: (t: string) => string[]) {
  // First pass: cold (regex compilation, key cache); then warm.
  const [, cold, coldCpu] = time(() => texts.map(redact));
  const [out, warm, warmCpu] = time(() => texts.map(redact));
  const [leaks, auditMs, auditCpu] = time(() => audit(out.join('\n')));
  console.log(`${label.padEnd(16)} redact cold ${ms(cold, coldCpu)}   warm ${ms(warm, warmCpu)}`);
  console.log(`${''.padEnd(16)} audit of its output ${ms(auditMs, auditCpu)}: ${leaks.length} leaks`);
  return out;
}

console.log(`${PERSONS} persons, ${INCIDENTS} incidents: ${texts.length} strings, ${mb.toFixed(2)} MB`);
console.log(
  `build  new NameMatcher ${buildNew.toFixed(0)} ms (cpu ${buildNewCpu.toFixed(0)}), again ${buildNew2.toFixed(0)} ms (cpu ${buildNew2Cpu.toFixed(0)})` +
    `   old Redactor ${buildOld.toFixed(0)} ms (cpu ${buildOldCpu.toFixed(0)})`,
);
const newOut = run('new NameMatcher', (t) => matcher.redact(t), (t) => matcher.findLeaks(t));
const oldOut = run('old Redactor', (t) => redactor.redact(t), (t) => redactor.findLeaks(t));
const changed = (out: string[]) => out.filter((t, i) => t !== texts[i]).length;
console.log(`strings changed: new ${changed(newOut)}, old ${changed(oldOut)}`);
console.log(`old Redactor output audited by the new matcher: ${matcher.findLeaks(oldOut.join('\n')).length} leaks`);

// Recall: the same persons written as text writes them (other schemes, endings, relatives, homoglyphs).
const disguises: [string, (p: ProtectedPerson) => string][] = [
  ['native name', (p) => p.nameNative!],
  ['passport spelling', (p) => latinWith(p.nameNative!, 1)],
  ['Uzbek Latin', (p) => latinWith(p.nameNative!, 6)],
  ['Kazakh 2021', (p) => latinWith(p.nameNative!, 5)],
  ['surname first', (p) => p.name.split(' ').reverse().join(' ')],
  ['Kazakh genitive', (p) => `${p.nameNative!.split(' ').pop()}${/[аеиоуыә]$/.test(p.nameNative!) ? 'ның' : 'тың'}`],
  ['Russian instrumental', (p) => `${p.nameNative!.split(' ').pop()}${/а$/.test(p.nameNative!) ? 'ой' : 'ым'}`.replace(/аой$/, 'ой')],
  ['relative (gender)', (p) => (p.name.endsWith('a') ? p.name.slice(0, -1) : `${p.name}a`)],
  ['possessive plural', (p) => `the ${p.name.split(' ').pop()}s'`],
  ['Cyrillic homoglyph', (p) => p.name.replace(/a/g, '\u0430').replace(/o/g, '\u043E')],
  ['zero-width space', (p) => p.name.replace(/(\w)(\w)/, '$1\u200B$2')],
  ['camelCase glue', (p) => p.name.split(' ').reverse().join('')],
  ['initial + surname', (p) => `${p.name[0]}. ${p.name.split(' ').pop()}`],
  ['percent-encoded', (p) => encodeURIComponent(p.nameNative!)],
];
function latinWith(native: string, scheme: number): string {
  return native.split(' ').map((w) => title(romanize(w.toLowerCase(), SCHEMES[scheme]!))).join(' ');
}
const individuals = people.filter((p) => p.kind === 'individual');
console.log('\nrecall on disguised mentions (found / written), old Redactor vs new NameMatcher:');
for (const [label, write] of disguises) {
  let oldFound = 0;
  let newFound = 0;
  for (const p of individuals) {
    const text = `Reports say ${write(p)} was detained.`;
    if (redactor.findLeaks(text).length > 0) oldFound++;
    if (matcher.findMentions(text).some((m) => m.personKeys.includes(p.key))) newFound++;
  }
  console.log(`  ${label.padEnd(22)} old ${String(oldFound).padStart(4)} / ${individuals.length}   new ${String(newFound).padStart(4)} / ${individuals.length}`);
}

// False positives: English prose (the READMEs of installed packages) against the same 400 persons.
const prose: string[] = [];
let proseLength = 0;
try {
  for (const dir of readdirSync('node_modules')) {
    if (proseLength > 2e6) break;
    try {
      const text = readFileSync(join('node_modules', dir, 'README.md'), 'utf8');
      prose.push(text);
      proseLength += text.length;
    } catch {
      // no README
    }
  }
} catch {
  // no node_modules
}
if (prose.length > 0) {
  const [mentions, wall, cpu] = time(() => prose.flatMap((t) => matcher.findMentions(t)));
  const oldLeaks = prose.flatMap((t) => redactor.findLeaks(t));
  console.log(
    `\nfalse positives on ${(proseLength / 1e6).toFixed(2)} M chars of English prose (${prose.length} READMEs): ` +
      `new ${mentions.length} [${[...new Set(mentions.map((m) => m.text))].slice(0, 10).join(', ')}], old ${oldLeaks.length}` +
      ` (new matcher ${wall.toFixed(0)} ms, cpu ${cpu.toFixed(0)} ms)`,
  );
}
