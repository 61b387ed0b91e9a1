import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOCUMENT_MAX_INCIDENTS } from '../../../src/documents/request.schemas.js';
import { createTestApp, type TestApp } from '../../support/app.js';

// A selection of 50,000 incidents (confirmed large) ran a render thread out of its heap, and the process with it.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // One more incident than a document takes, written straight to the table: an import of this many would take minutes.
  await sql`insert into countries (code, name) values ('ZQ', 'Testland')`.execute(t.database.db);
  await sql`insert into incidents (key, country_code, title, date, date_accuracy, place, summary, status)
    select 'zq-' || n, 'ZQ', 'Incident ' || n, date '2020-01-01' + (n % 300), 'exact', 'Capital', 'Nothing happened.', 'closed'
    from generate_series(1, ${DOCUMENT_MAX_INCIDENTS + 1}) as n`.execute(t.database.db);
});
afterAll(async () => t?.close());

const BRIEFING = {
  kind: 'eu-briefing', format: 'docx',
  selection: { country: 'ZQ', from: '2020-01-01', to: '2020-12-31' },
  options: { dialogueRound: { number: 9, date: '2020-11-20', place: 'Brussels' }, publicationDate: '2020-11-01' },
};
const refusal = {
  path: '/selection',
  message: `${DOCUMENT_MAX_INCIDENTS + 1} incidents, more than ${DOCUMENT_MAX_INCIDENTS}: narrow the period, rights or persons`,
};

describe(`a selection of more than ${DOCUMENT_MAX_INCIDENTS} incidents`, () => {
  it('is refused (422) before it is queued, even confirmed large', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: { ...BRIEFING, confirmLarge: true } });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([refusal]);
    const jobs = await sql<{ n: string }>`select count(*) as n from generation_jobs`.execute(t.database.db);
    expect(Number(jobs.rows[0]!.n)).toBe(0);
  });

  it('is refused (422) for a preview too', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: BRIEFING });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([refusal]);
  });

  it('a document of the cap itself is still estimated (the refusal is for more, not for as many)', async () => {
    await sql`delete from incidents where key = 'zq-1'`.execute(t.database.db);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents', payload: BRIEFING });
    expect(res.statusCode).toBe(422);
    expect(res.json().problems).toEqual([{ path: '/confirmLarge', message: expect.stringMatching(new RegExp(`\\(${DOCUMENT_MAX_INCIDENTS} incidents\\)`)) }]);
  });
});
