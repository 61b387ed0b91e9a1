import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { buildApp } from '../../../../src/app.js';
import { loadConfig } from '../../../../src/config/config.js';
import type { DatabaseHandle } from '../../../../src/db/database.js';
import { createTestDatabase } from '../../../support/database.js';

/**
 * The real app over a database that fails on demand: after `failAt(n)`, the n-th query from then
 * on runs, and then its result is lost as if the connection dropped — inside a transaction that
 * means the transaction cannot commit. Everything else is the app as it ships.
 */
export class QueryFaults implements KyselyPlugin {
  private countdown = 0;
  /** Queries seen since the last `failAt` or `count`. */
  seen = 0;

  failAt(n: number): void {
    this.countdown = n;
    this.seen = 0;
  }

  /** Counts queries without failing (to learn how many a request makes). */
  count(): void {
    this.countdown = 0;
    this.seen = 0;
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    this.seen++;
    if (this.countdown > 0 && this.seen === this.countdown) {
      this.countdown = 0;
      throw new Error('Connection terminated unexpectedly');
    }
    return args.result;
  }
}

export interface FaultyApp {
  app: FastifyInstance;
  /** The same database without the faults, to look at what was written. */
  database: DatabaseHandle;
  faults: QueryFaults;
  close(): Promise<void>;
}

export async function createFaultyApp(): Promise<FaultyApp> {
  const database = await createTestDatabase();
  const faults = new QueryFaults();
  const faulty: DatabaseHandle = { ...database, db: database.db.withPlugin(faults) };
  // A lease far longer than any request: its heartbeat would add queries on a slow machine, and
  // the tests fail query n of a count learned from one clean run.
  const config = loadConfig({ DEMO_DATA: 'off', RENDER_THREADS: '0', GENERATE_RATE_LIMIT_PER_MINUTE: '1000000', IDEMPOTENCY_LEASE_MS: '600000',
    // Generations answer with their document (the in-process worker runs the job while the request waits).
    JOB_WAIT_MS: '120000', JOB_POLL_SECONDS: '0.5' });
  const app = await buildApp({ config, database: faulty, auth: { testActor: { kind: 'user', id: 0, name: 'test-staff', role: 'staff' } } });
  await app.ready();
  return {
    app,
    database,
    faults,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}
