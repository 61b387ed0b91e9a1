/**
 * What composition produces, written to files, so that a change meant to make it cheaper can be
 * shown to change nothing: compare two directories byte for byte (`diff -r OLD NEW`).
 *
 *   npx tsx bench/model-snapshot.ts OUT_DIR
 *
 * Each kind at 10, 100 and 1000 synthetic incidents (bench/synthetic.ts, as the bench selects
 * them), as a draft and as a final document (or the refusal when it does not compose), a draft
 * in French and in Russian at 100 (typography), and the demo data's matrix cases in every
 * language. One file per case: the model as JSON, then the provenance without its timestamp and
 * the rest of the composition.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateToLatest, openDatabase, type Db } from '../src/db/database.js';
import { loadDemoData, seedDemoProfile } from '../src/demo/seed.js';
import { compose } from '../src/documents/compose/compose.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { DocumentRequestSchema, type DocumentRequest } from '../src/documents/request.schemas.js';
import { validateBundle } from '../src/records/bundle-validation.js';
import { importBundle } from '../src/records/bundle.service.js';
import { LANGUAGES } from '../src/shared/languages.js';
import { benchRequest, KINDS } from './pipeline.js';
import { syntheticBundle } from './synthetic.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx bench/model-snapshot.ts OUT_DIR');
  process.exit(1);
}
mkdirSync(out, { recursive: true });
const NOW = new Date('2026-06-01T12:00:00Z');

async function snapshot(db: Db, name: string, request: DocumentRequest): Promise<void> {
  const file = await loadRequestedCaseFile(db, request);
  let text: string;
  try {
    const c = compose(file, request, NOW);
    const { generatedAt: _at, ...provenance } = c.provenance;
    text = [
      JSON.stringify(c.model),
      JSON.stringify(provenance),
      JSON.stringify({ templateHash: c.templateHash, pseudonymised: c.pseudonymised, namesProtectedPersons: c.namesProtectedPersons, ambiguities: c.ambiguities }),
    ].join('\n');
  } catch (error) {
    text = `refused: ${(error as Error).constructor.name}: ${(error as Error).message} ${JSON.stringify((error as { problems?: unknown }).problems ?? null)}`;
  }
  writeFileSync(join(out!, `${name}.json`), text);
  console.log(`${name}: ${text.length} chars${text.startsWith('refused') ? ' (refused)' : ''}`);
}

async function withDatabase(load: (db: Db) => Promise<void>, run: (db: Db) => Promise<void>): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'model-snapshot-'));
  const handle = await openDatabase({ dataDir });
  try {
    await migrateToLatest(handle.db);
    await load(handle.db);
    await run(handle.db);
  } finally {
    await handle.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await withDatabase(async (db) => {
  const validated = validateBundle(syntheticBundle(1000));
  if (!validated.ok) throw new Error('synthetic bundle is invalid');
  await importBundle(db, validated.bundle);
}, async (db) => {
  for (const kind of KINDS) {
    for (const n of [10, 100, 1000]) {
      const request = benchRequest(kind, 'docx', n);
      await snapshot(db, `synthetic-${kind}-${n}-draft`, { ...request, draft: true });
      await snapshot(db, `synthetic-${kind}-${n}-final`, { ...request, draft: false });
    }
    for (const language of ['fr', 'ru'] as const) {
      await snapshot(db, `synthetic-${kind}-100-draft-${language}`, { ...benchRequest(kind, 'docx', 100), draft: true, language });
    }
  }
});

const UNSOURCED = 'kz-2018-03-16-dvk-warnings';
await withDatabase(async (db) => {
  await loadDemoData(db);
  await seedDemoProfile(db);
}, async (db) => {
  const { readDemoBundle } = await import('../src/demo/seed.js');
  const demo = (await readDemoBundle()) as { incidents: Array<{ key: string }> };
  const all = demo.incidents.map((i) => i.key);
  const sourced = all.filter((k) => k !== UNSOURCED);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['un-letter', { kind: 'un-communication', selection: { country: 'KZ', incidents: sourced }, options: { variant: 'allegation-letter', mandates: ['sr-assembly-association', 'sr-expression', 'sr-defenders'] } }],
    ['un-letter-all', { kind: 'un-communication', selection: { country: 'KZ', incidents: all }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] }, draft: true }],
    ['un-urgent', { kind: 'un-communication', selection: { persons: ['p-kz-0001', 'p-kz-0019'] }, options: { variant: 'urgent-appeal', mandates: ['wg-arbitrary-detention', 'sr-defenders'], confidentiality: true } }],
    ['eu-briefing', { kind: 'eu-briefing', selection: { country: 'KZ', incidents: sourced }, options: { dialogueRound: { number: 10, date: '2018-06-20', place: 'Astana' }, publicationDate: '2018-06-01' }, methodologyNote: true }],
    ['eu-briefing-all', { kind: 'eu-briefing', selection: { country: 'KZ' }, options: {}, draft: true }],
    ['ngo-urgent', { kind: 'urgent-appeal', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan', address: 'Akorda, Astana' }], sampleLetter: true } }],
    ['ngo-urgent-approx', { kind: 'urgent-appeal', selection: { persons: ['p-kz-0017'] }, options: { appealCode: 'KAZ 004/0218/OBS 011', violation: 'Harsher prison regime' } }],
  ];
  for (const [name, spec] of cases) {
    for (const language of LANGUAGES) {
      for (const mixed of [false, true]) {
        const request = DocumentRequestSchema.parse({ format: 'docx', ...spec, language, ...(mixed ? { allowMixedLanguages: true } : {}) });
        await snapshot(db, `demo-${name}-${language}${mixed ? '-mixed' : ''}`, request);
      }
      const draft = DocumentRequestSchema.parse({ format: 'docx', ...spec, language, draft: true });
      await snapshot(db, `demo-${name}-${language}-draft`, draft);
    }
  }
});
