import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_COUNT_CAP } from '../../../src/auth/audit.repository.js';
import { createTestApp, type TestAppWithAuth } from '../../support/app.js';

/**
 * The audit trail only grows (every answer that shows a name adds a row): its pages count up to a
 * cap, and continue from a row id, so that the millionth row costs what the first does and rows
 * written meanwhile shift nothing.
 */

let t: TestAppWithAuth;
let admin: Record<string, string>;

/** `n` rows by `actor`, in one statement (as a busy service writes them, only faster). */
const write = (actor: string, n: number) => sql`insert into audit_log (actor, actor_type, action, target)
  select ${actor}, 'api_key', 'identities.read', 'incident:inc-' || g from generate_series(1, ${n}::int) g`.execute(t.database.db);

beforeAll(async () => {
  t = await createTestApp({}, { actor: null });
  admin = await t.authenticate('admin', 'volume-admin');
  await write('bulk-sync', AUDIT_COUNT_CAP + 500);
  await write('bulk-rare', 30);
  await write('bulk-sync', 700);
});
afterAll(async () => t?.close());

interface AuditAnswer { items: Array<{ id: string; actor: string }>; total: number; totalExact: boolean; next: string | null }

async function audit(query: string): Promise<AuditAnswer> {
  const res = await t.app.inject({ url: `/api/v1/audit?${query}`, headers: admin });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as AuditAnswer;
}

describe('the audit trail past its counting cap', () => {
  it('says "at least the cap" for a broad filter and counts a narrow one exactly', async () => {
    const all = await audit('limit=5');
    expect(all).toMatchObject({ total: AUDIT_COUNT_CAP, totalExact: false });
    expect(await audit('actor=bulk-rare&limit=5')).toMatchObject({ total: 30, totalExact: true });
  });

  it('following next reads each row once, newest first, while new rows arrive at the head', async () => {
    const expected = (await t.database.db.selectFrom('audit_log').select('id').where('actor', '=', 'bulk-sync')
      .orderBy('id', 'desc').execute()).map((r) => String(r.id));
    const seen: string[] = [];
    let before = '';
    for (let pages = 0; ; pages++) {
      expect(pages).toBeLessThan(100);
      const page = await audit(`actor=bulk-sync&limit=500${before}`);
      seen.push(...page.items.map((r) => r.id));
      if (page.next === null) break;
      before = `&before=${page.next}`;
      await write('bulk-sync', 50); // newer than everything read: an offset page would repeat 50 rows
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a row id that is none, and an offset with before', async () => {
    for (const query of ['before=abc', 'before=0', 'before=1e5', `before=${'9'.repeat(30)}`, 'before=5&offset=10']) {
      const res = await t.app.inject({ url: `/api/v1/audit?${query}`, headers: admin });
      expect(res.statusCode, query).toBe(400);
    }
  });

  it('the admin page says more than the cap, and its older and newer links go and come back', async () => {
    const page = async (url: string) => {
      const res = await t.app.inject({ url, headers: { ...admin, accept: 'text/html' } });
      expect(res.statusCode).toBe(200);
      const unescaped = (href: string) => href.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&');
      const link = (rel: string) => [...res.body.matchAll(/href="([^"]+)" rel="(\w+)"/g)].find((m) => m[2] === rel)?.[1];
      const [older, newer] = [link('next'), link('prev')].map((href) => (href === undefined ? undefined : unescaped(href)));
      return { body: res.body, rows: [...res.body.matchAll(/<td>bulk-(?:sync|rare) <span/g)].length, older, newer };
    };
    const first = await page('/admin/audit');
    expect(first.body).toContain(`More than ${AUDIT_COUNT_CAP.toLocaleString('en-GB')} rows`);
    expect(first.newer).toBeUndefined();
    expect(first.older).toMatch(/^\/admin\/audit\?before=\d+$/);
    const second = await page(first.older!);
    expect(second.rows).toBeGreaterThan(0);
    expect(second.newer).toMatch(/^\/admin\/audit\?after=\d+$/);
    const back = await page(second.newer!);
    expect(back.body.match(/<tbody>[\s\S]*<\/tbody>/)![0]).toBe(first.body.match(/<tbody>[\s\S]*<\/tbody>/)![0]);
  });
});
