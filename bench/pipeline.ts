/**
 * Our pipeline, stage by stage, exactly as documents.service.ts runs it (minus storing the
 * version): records from the database → case file → composition → bytes.
 */
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import type { Db } from '../src/db/database.js';
import { loadRequestedCaseFile } from '../src/documents/documents.service.js';
import { compose, type Composition } from '../src/documents/compose/compose.js';
import { renderDocument } from '../src/documents/render/render-document.js';
import { DocumentRequestSchema, type DocumentKind, type DocumentFormat, type DocumentRequest } from '../src/documents/request.schemas.js';
import { FIRST_DAY, dateOf } from './synthetic.js';

export const KINDS: readonly DocumentKind[] = ['un-communication', 'eu-briefing', 'urgent-appeal'];
export const FORMATS: readonly DocumentFormat[] = ['docx', 'pdf'];

/** The request for the first `incidents` incidents of the synthetic bundle (one a day). */
export function benchRequest(kind: DocumentKind, format: DocumentFormat, incidents: number): DocumentRequest {
  const selection = { country: 'KZ', from: FIRST_DAY, to: dateOf(incidents - 1) };
  const options =
    kind === 'un-communication'
      ? { variant: 'allegation-letter', mandates: ['sr-expression', 'sr-assembly-association', 'wg-arbitrary-detention'], domesticRemedies: 'Appeals were lodged with the regional courts; all were rejected.' }
      : kind === 'eu-briefing'
        ? { dialogueRound: { number: 9, date: '2018-11-20', place: 'Brussels' }, publicationDate: '2018-11-01' }
        : { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan', address: 'Akorda, Astana' }] };
  return DocumentRequestSchema.parse({ kind, format, selection, options });
}

export interface StageTimes {
  load: number;
  compose: number;
  render: number;
  total: number;
  /** CPU time of the process (user + system, all threads) during the run. */
  cpu: number;
}

export interface Generated {
  bytes: Uint8Array;
  composition: Composition;
  times: StageTimes;
}

export async function generate(db: Db, request: DocumentRequest, now = new Date()): Promise<Generated> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const file = await loadRequestedCaseFile(db, request);
  const t1 = performance.now();
  const composition = compose(file, request, now);
  const t2 = performance.now();
  const bytes = await renderDocument(composition.model, request.format);
  const t3 = performance.now();
  const cpu = process.cpuUsage(c0);
  return { bytes, composition, times: { load: t1 - t0, compose: t2 - t1, render: t3 - t2, total: t3 - t0, cpu: (cpu.user + cpu.system) / 1000 } };
}

/** The production set-up is PostgreSQL: used when one answers at the local default address. */
const LOCAL_POSTGRES = 'postgres://postgres@127.0.0.1:5432/postgres';

/** BENCH_DATABASE_URL, else the local PostgreSQL if it answers within a second, else embedded PGlite (undefined). */
export async function benchDatabaseUrl(): Promise<string | undefined> {
  const configured = process.env.BENCH_DATABASE_URL;
  if (configured === 'embedded') return undefined;
  if (configured) return configured;
  const client = new pg.Client({ connectionString: LOCAL_POSTGRES, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('select 1');
    return LOCAL_POSTGRES;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}
