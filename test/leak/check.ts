/**
 * The leak check: corpus → channels → oracle → counts per attack class and per channel.
 * Shared by `npm run leak-check` (scripts/leak-check.ts) and the vitest file.
 */
import { collectChannels } from './channels.js';
import type { ChannelText } from './documents.js';
import { generateCorpus } from './corpus/generate.js';
import { ATTACK_CLASSES, type AttackClass, type Corpus } from './corpus/types.js';
import { Oracle, type Leak } from './oracle.js';

export interface Tally { leaks: number; checks: number }
/** Per class: all channels, and split into documents and API answers. */
export interface ClassTally extends Tally { document: Tally; api: Tally }

export interface LeakReport {
  corpus: Corpus;
  /** Each channel's extracted text, as the oracle read it. */
  texts: ChannelText[];
  leaks: Leak[];
  /** M: attack × channel checks performed (plus one "named anywhere" check per protected person and channel, and one per search). */
  checks: number;
  byClass: Map<AttackClass, ClassTally>;
  byChannel: Map<string, Tally>;
  refused: Map<string, string[]>;
  serverErrors: Map<string, number>;
  documents: number;
  database: string;
  timings: Record<string, number>;
  seconds: number;
}

const bump = <K>(map: Map<K, Tally>, key: K, leaks: number, checks: number) => {
  const t = map.get(key) ?? { leaks: 0, checks: 0 };
  t.leaks += leaks;
  t.checks += checks;
  map.set(key, t);
};

const zero = (): Tally => ({ leaks: 0, checks: 0 });

function bumpClass(map: Map<AttackClass, ClassTally>, cls: AttackClass, group: 'document' | 'api', leaks: number, checks: number): void {
  const t = map.get(cls)!;
  t.leaks += leaks;
  t.checks += checks;
  t[group].leaks += leaks;
  t[group].checks += checks;
}

export async function runLeakCheck(options: { mentions?: boolean; seed?: number; log?: (line: string) => void } = {}): Promise<LeakReport> {
  const started = performance.now();
  const corpus = generateCorpus({ mentions: options.mentions ?? false, ...(options.seed === undefined ? {} : { seed: options.seed }) });
  const oracle = new Oracle(corpus.bundle, corpus.attacks);
  const collected = await collectChannels(corpus, options.log);
  const byClass = new Map<AttackClass, ClassTally>(ATTACK_CLASSES.map((c) => [c, { ...zero(), document: zero(), api: zero() }]));
  const byChannel = new Map<string, Tally>();
  const leaks: Leak[] = [];
  let checks = 0;

  for (const { channel, text } of collected.texts) {
    const found = oracle.check(text, channel);
    leaks.push(...found);
    const persons = oracle.protectedPersons(channel.audience).length;
    bumpClass(byClass, 'person-name', channel.group, found.filter((l) => l.attack === null).length, persons);
    for (const a of oracle.attacks.values()) {
      if (oracle.applies(a, channel)) bumpClass(byClass, a.cls, channel.group, found.some((l) => l.attack === a.id) ? 1 : 0, 1);
    }
    const n = oracle.checksIn(channel);
    checks += n;
    bump(byChannel, channel.type, found.length, n);
  }

  const { channel, queries } = collected.search;
  const found = oracle.checkSearch(queries, channel);
  leaks.push(...found);
  for (const q of queries) {
    const cls = q.attack === null ? 'person-name' : oracle.attacks.get(q.attack)!.cls;
    bumpClass(byClass, cls, 'api', found.some((l) => l.snippet.startsWith(`${q.url} `)) ? 1 : 0, 1);
  }
  checks += queries.length;
  bump(byChannel, channel.type, found.length, queries.length);

  return {
    corpus, texts: collected.texts, leaks, checks, byClass, byChannel, refused: collected.refused, serverErrors: collected.serverErrors, documents: collected.documents,
    database: collected.database, timings: collected.timings, seconds: (performance.now() - started) / 1000,
  };
}

const pct = (t: Tally) => (t.checks === 0 ? '' : `${((100 * t.leaks) / t.checks).toFixed(1)}%`);

const cell = (t: Tally) => `${String(t.leaks).padStart(6)}  ${String(t.checks).padStart(7)}  ${pct(t).padStart(6)}`;

function table(title: string, rows: Array<[string, Tally]>): string[] {
  const width = Math.max(title.length, ...rows.map(([k]) => k.length));
  return [`${title.padEnd(width)}  ${'leaks'.padStart(6)}  ${'checks'.padStart(7)}  ${'rate'.padStart(6)}`, ...rows.map(([k, t]) => `${k.padEnd(width)}  ${cell(t)}`)];
}

function classTable(rows: Array<[string, ClassTally]>): string[] {
  const width = Math.max(5, ...rows.map(([k]) => k.length));
  const head = `${'leaks'.padStart(6)}  ${'checks'.padStart(7)}  ${'rate'.padStart(6)}`;
  return [
    `${''.padEnd(width)}  ${'all channels'.padEnd(head.length)}    ${'documents'.padEnd(head.length)}    ${'API answers'}`,
    `${'class'.padEnd(width)}  ${head}    ${head}    ${head}`,
    ...rows.map(([k, t]) => `${k.padEnd(width)}  ${cell(t)}    ${cell(t.document)}    ${cell(t.api)}`),
  ];
}

/** The printed report; its last line is exactly `leaks: N of M`. */
export function formatReport(r: LeakReport, options: { examples?: number } = {}): string {
  const lines: string[] = [];
  lines.push(`corpus: ${r.corpus.attacks.length} attacks on ${r.corpus.bundle.persons.length} persons, ${r.corpus.bundle.incidents.length} incidents, ${r.corpus.bundle.sources.length} sources (seed ${r.corpus.options.seed}${r.corpus.options.mentions ? ', mentions' : ''})`);
  lines.push(`database: ${r.database}; documents generated: ${r.documents}; run time ${r.seconds.toFixed(1)} s (${Object.entries(r.timings).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
  for (const [what, incidents] of r.refused) lines.push(`left out (refused or failed): ${what}: ${incidents.join(', ')}`);
  for (const [message, n] of r.serverErrors) lines.push(`server error ×${n}: ${message}`);
  lines.push('', ...classTable([...r.byClass].filter(([, t]) => t.checks > 0)));
  lines.push('', ...table('channel', [...r.byChannel].sort(([a], [b]) => a.localeCompare(b))));
  const examples = options.examples ?? 3;
  if (examples > 0 && r.leaks.length > 0) {
    lines.push('', 'examples (per class):');
    const seen = new Map<string, number>();
    for (const l of r.leaks) {
      const n = seen.get(l.cls) ?? 0;
      if (n >= examples) continue;
      seen.set(l.cls, n + 1);
      lines.push(`  ${l.cls} ${l.attack ?? '-'} ${l.person} in ${l.channel}: ${l.snippet.slice(0, 160)}`);
    }
  }
  lines.push('', `leaks: ${r.leaks.length} of ${r.checks}`);
  return lines.join('\n');
}
