import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFile } from 'node:fs/promises';
import fc from 'fast-check';
import { loadDemoData, readDemoBundle } from '../../src/demo/seed.js';
import { serverErrorChannel } from '../../src/http/error-handler.js';
import { createTestApp, type TestActor, type TestAppWithAuth } from '../../test/support/app.js';
import { smallBundle } from '../../test/support/bundles.js';
import { PROTOTYPE_RECORD_KEYS } from './hostile.js';
import { operationsOf, type Operation } from './operations.js';
import type { RequestContext } from './requests.js';
import { isoDate, type JsonSchema } from './schema-arbitrary.js';

/**
 * The service as the fuzzer meets it: the real app on a fresh database holding the demo data,
 * the keys of its records (so generated requests name records that exist), working example
 * bodies for every write, and the headers of a role that reaches every route.
 */

interface DemoBundle {
  organisations: Array<{ key: string }>;
  persons: Array<{ key: string }>;
  sources: Array<{ key: string }>;
  incidents: Array<{ key: string }>;
  recommendations: Array<{ key: string }>;
}

export interface FuzzTarget extends RequestContext {
  test: TestAppWithAuth;
  /** The app's own OpenAPI document, which says what to call. */
  openapi: unknown;
  /** The credentials each operation is called with. */
  headersFor(op: Operation): Record<string, string>;
  /** Errors behind the 500s since the last call. */
  drainServerErrors(): string[];
  close(): Promise<void>;
}

const SECOND_TEAM_URL = new URL('../../test/fixtures/second-team.bundle.json', import.meta.url);

export const DOCUMENT_REQUESTS: unknown[] = [
  { kind: 'urgent-appeal', format: 'pdf', selection: { persons: ['p-kz-0001'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
  { kind: 'un-communication', format: 'docx', selection: { country: 'KZ', from: '2018-03-01', to: '2018-03-31' }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] } },
  { kind: 'eu-briefing', format: 'pdf', draft: true, selection: { country: 'KZ', rights: ['expression'] } },
  { kind: 'eu-briefing', format: 'docx', selection: { incidents: ['kz-2018-02-06-activist-stricter-regime'] } },
];

/**
 * Real credentials (a session per role, and an API key with every scope), so requests pass
 * through authentication like a client's. Each operation is then called with the first
 * credentials it does not refuse (401/403): records as staff, approval as a lawyer, accounts as
 * an admin.
 */
async function credentialsPerOperation(test: TestAppWithAuth, operations: Operation[]): Promise<(op: Operation) => Record<string, string>> {
  const everyScope: TestActor = { scopes: ['records:read', 'records:write', 'documents:generate', 'documents:read', 'identities:read'] };
  const candidates = [
    await test.authenticate('staff', 'fuzz-staff'),
    await test.authenticate('lawyer', 'fuzz-lawyer'),
    await test.authenticate('admin', 'fuzz-admin'),
    await test.authenticate(everyScope, 'fuzz-service'),
  ];
  const chosen = new Map<string, Record<string, string>>();
  for (const op of operations) {
    const url = op.path.replace(/\{\w+\}/g, 'x');
    for (const headers of candidates) {
      const res = await test.app.inject({ method: op.method as 'GET', url, headers, ...(op.body ? { payload: {} } : {}) });
      if (res.statusCode !== 401 && res.statusCode !== 403) {
        chosen.set(op.id, headers);
        break;
      }
    }
  }
  const fallback = candidates[0] as Record<string, string>;
  return (op) => chosen.get(op.id) ?? fallback;
}

export async function createFuzzTarget(): Promise<FuzzTarget> {
  // Generation is rate-limited per actor; the fuzzer is one actor sending thousands of requests.
  // Anonymous by default (actor: null): every request carries real credentials.
  const test = await createTestApp({ GENERATE_RATE_LIMIT_PER_MINUTE: '1000000' }, { actor: null });
  const errors: string[] = [];
  const onServerError = (message: unknown) => {
    const { err, method, url } = message as { err: Error; method: string; url: string };
    errors.push(`${method} ${url.slice(0, 200)}: ${err.stack ?? err.message}`.slice(0, 2000));
  };
  subscribe(serverErrorChannel.name, onServerError);
  await loadDemoData(test.app.db);
  const demo = (await readDemoBundle()) as DemoBundle;
  const second = JSON.parse(await readFile(SECOND_TEAM_URL, 'utf8')) as DemoBundle;
  const openapi = (await test.app.inject({ method: 'GET', url: '/openapi.json', headers: await test.authenticate('admin', 'fuzz-reader') })).json() as unknown;
  const headersFor = await credentialsPerOperation(test, operationsOf(openapi).filter((op) => op.path.startsWith('/api/')));
  const headers = headersFor({ id: 'POST /api/v1/documents', method: 'POST', path: '/api/v1/documents', pathParams: [], query: [], headers: [] });

  const documentIds: string[] = [];
  for (const body of DOCUMENT_REQUESTS.slice(0, 2)) {
    const res = await test.app.inject({ method: 'POST', url: '/api/v1/documents', headers, payload: body as object });
    if (res.statusCode === 201) documentIds.push((res.json() as { id: string }).id);
  }

  const keysOf = (list: Array<{ key: string }>) => list.map((r) => r.key);
  const known: Record<string, string[]> = {
    organisations: keysOf(demo.organisations), persons: keysOf(demo.persons), sources: keysOf(demo.sources),
    incidents: keysOf(demo.incidents), recommendations: keysOf(demo.recommendations),
  };
  const collectionOfField: Record<string, string> = {
    victims: 'persons', persons: 'persons', person: 'persons', source: 'sources', organisation: 'organisations',
    incidents: 'incidents', followUpOf: 'incidents',
  };
  const allKeys = Object.values(known).flat();
  const keyFor = (keys: string[]) => fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...keys) },
    { weight: 1, arbitrary: fc.constantFrom(...PROTOTYPE_RECORD_KEYS) },
    { weight: 2, arbitrary: fc.stringMatching(/^[a-z0-9-]{1,80}$/) },
  );

  const examples: RequestContext['examples'] = {
    'POST /api/v1/bundles': [{ body: demo }, { body: smallBundle() }, { body: second }],
    'POST /api/v1/documents': DOCUMENT_REQUESTS.map((body) => ({ body })),
    'POST /api/v1/documents/preview': DOCUMENT_REQUESTS.map((body) => ({ body })),
  };
  for (const collection of Object.keys(known)) {
    const records = (demo as unknown as Record<string, Array<{ key: string }>>)[collection] ?? [];
    const bodies = records.slice(0, 6).map((r) => (collection === 'incidents' ? { ...r, country: { code: 'KZ' } } : r));
    examples[`POST /api/v1/${collection}`] = bodies.map((b) => ({ body: { ...b, key: `${b.key}-copy` } }));
    examples[`PUT /api/v1/${collection}/{key}`] = bodies.map((b) => ({ body: b, pathParams: { key: b.key } }));
  }

  return {
    test,
    openapi,
    headersFor,
    examples,
    drainServerErrors: () => errors.splice(0),
    close: async () => {
      unsubscribe(serverErrorChannel.name, onServerError);
      await test.close();
    },
    hints: {
      string(schema: JsonSchema, name: string) {
        const [field = '', where = ''] = name.split('@');
        if (['from', 'to', 'date', 'endDate'].includes(field)) return isoDate();
        if (schema.format === 'uuid' && documentIds.length) return fc.oneof(fc.constantFrom(...documentIds), fc.uuid());
        if (schema.pattern === '^[A-Z]{2}$') return fc.constantFrom('KZ', 'KG', 'XX');
        if (schema.pattern?.startsWith('^[a-z0-9-]')) {
          const collection = field === 'key' ? where.split('/')[3] : collectionOfField[field];
          return keyFor((collection && known[collection]) || allKeys);
        }
        return undefined;
      },
    },
  };
}
