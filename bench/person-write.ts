/**
 * `tsx bench/person-write.ts`: what renaming the keys a person's name spells (record-keys.ts
 * renameKeysSpelling, run inside every person write) adds to one person write.
 *
 * On a scratch PostgreSQL database (BENCH_DATABASE_URL, default the local one) or embedded PGlite
 * (BENCH_DATABASE_URL=embedded), with the synthetic bundle of BENCH_PERSON_WRITE_INCIDENTS
 * incidents (default 1000; about 0.7 persons per incident, and sources). Writes persons through
 * the record service as the API does, alternating A (no renaming) and B (with it), BENCH_RUNS
 * each (default 40), and prints the medians with the load average. Every person is new, with a
 * name of its own; every 10th one's name is spelled by a stored incident key, which B renames.
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { renameKeysSpelling } from '../src/consent/record-keys.js';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../src/db/database.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { personStore } from '../src/records/record-stores.repository.js';
import { createRecord } from '../src/records/records.service.js';
import { median, round } from './numbers.js';
import { benchDatabaseUrl } from './pipeline.js';
import { createScratchDatabase } from './scratch-database.js';
import { syntheticBundle } from './synthetic.js';

const INCIDENTS = Number(process.env.BENCH_PERSON_WRITE_INCIDENTS ?? 1000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

/** Names no synthetic record spells: a made-up first name per write. */
const letters = (i: number) => `${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + (Math.floor(i / 26) % 26))}`;
const firstName = (i: number) => `Zhorabek${letters(i)}`;
const surname = (i: number) => `Tleukhan${letters(i)}ov`;

async function main(): Promise<void> {
  const pgUrl = await benchDatabaseUrl();
  const scratch = pgUrl ? await createScratchDatabase(pgUrl, 'advocacy_bench_pw') : undefined;
  let handle: DatabaseHandle;
  if (scratch) {
    handle = await openDatabase({ url: scratch.url, poolMax: 2 });
  } else {
    handle = await openDatabase({ dataDir: 'memory://' });
  }
  try {
    const db = handle.db;
    await migrateToLatest(db);
    const bundle = validateBundle(syntheticBundle(INCIDENTS));
    if (!bundle.ok) throw new Error('synthetic bundle is invalid');
    await importBundle(db, bundle.bundle);
    const counts = await Promise.all((['incidents', 'persons', 'sources'] as const).map(async (t) =>
      `${t} ${(await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(db)).rows[0]!.n}`));
    process.stderr.write(`database: ${pgUrl ? 'PostgreSQL' : 'PGlite'}; ${counts.join(', ')}\n`);

    const times: Record<'A' | 'B', number[]> = { A: [], B: [] };
    /** B's renaming alone (inside its write). */
    const renaming: number[] = [];
    let renamed = 0;
    for (let i = 0; i < RUNS * 2 + 4; i++) {
      const variant = i % 2 === 0 ? 'A' : 'B';
      const first = firstName(i);
      // Every 10th write: an incident key written earlier spells this person's first name.
      if (i % 10 === 1) {
        await db.updateTable('incidents').set({ key: `kz-2020-${first.toLowerCase()}-fined` })
          .where('id', '=', (await db.selectFrom('incidents').select('id').orderBy('id').offset(i).limit(1).executeTakeFirstOrThrow()).id).execute();
      }
      const input = {
        key: `p-pw-${String(i).padStart(4, '0')}`, kind: 'individual' as const, name: `${first} ${surname(i)}`, nameNative: null, pseudonym: `Witness ${i}`,
        sex: null, birthYear: null, occupation: null, affiliation: null,
        consent: { unSubmission: false, publicNaming: false, stateTransmission: false, unPublicReport: false }, risk: null,
      };
      const started = performance.now();
      const written = await createRecord(db, personStore, input as never, undefined,
        variant === 'B' ? async (trx, person) => {
          const t0 = performance.now();
          const done = await renameKeysSpelling(trx, [person as never]);
          if (i >= 4) renaming.push(performance.now() - t0);
          return done;
        } : undefined);
      const ms = performance.now() - started;
      renamed += written.after?.length ?? 0;
      if (i >= 4) times[variant].push(ms); // the first two of each warm up
    }
    const a = median(times.A);
    const b = median(times.B);
    process.stdout.write(`person write on ${INCIDENTS} incidents (${pgUrl ? 'PostgreSQL' : 'PGlite'}), ${RUNS} runs each, alternating:\n`);
    process.stdout.write(`  A without renaming: median ${round(a, 2)} ms\n  B with renaming:    median ${round(b, 2)} ms  (+${round(b - a, 2)} ms; keys renamed by B: ${renamed})\n`);
    process.stdout.write(`  the renaming inside B: median ${round(median(renaming), 2)} ms\n`);
    process.stdout.write(`  load average: ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  } finally {
    await handle.close();
    await scratch?.drop();
  }
}

await main();
