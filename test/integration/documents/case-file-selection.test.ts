import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticBundle } from '../../../bench/synthetic.js';
import { loadRequestedCaseFile } from '../../../src/documents/documents.service.js';
import { DocumentRequestSchema } from '../../../src/documents/request.schemas.js';
import { validateBundle } from '../../../src/records/bundle-validation.js';
import { importBundle } from '../../../src/records/bundle.service.js';
import type { Db } from '../../../src/db/database.js';
import { createTestApp, type TestApp } from '../../support/app.js';
import { statementsRun } from '../../support/database.js';

/**
 * Issue 18, point 9: a document's selection is applied in SQL. On a database with many other
 * incidents, a one-person appeal reads exactly that person's incidents (and only their persons),
 * and the consent matcher still covers every protected person on record: a protected person who
 * is linked to none of the selected incidents but whose name staff typed into one of them is
 * pseudonymised in the document.
 */
let t: TestApp;
const checked = validateBundle(syntheticBundle(150));
if (!checked.ok) throw new Error(JSON.stringify(checked.problems.slice(0, 3)));
const bundle = checked.bundle;
type Person = (typeof bundle.persons)[number];

// The person with the most incidents: the one the appeal is about.
const incidentsOf = (key: string) => bundle.incidents.filter((i) => i.victims.includes(key));
const target: Person = [...bundle.persons].sort((a, b) => incidentsOf(b.key).length - incidentsOf(a.key).length)[0]!;
const theirs = incidentsOf(target.key);
const linked = new Set(theirs.flatMap((i) => i.victims));
// A protected individual who is no victim of those incidents and whose name is typed into one of
// them (staff wrote it by hand; a typed name stays typed when imported without conversion).
const bystander: Person = bundle.persons.find((p) => p.kind === 'individual' && !p.consent.publicNaming && !linked.has(p.key)
  && !theirs.some((i) => i.summary.includes(p.name.split(' ')[1]!)))!;
const surname = bystander.name.split(' ')[1]!;
theirs[0]!.summary += ` A neighbour, ${bystander.name}, saw the arrest and was questioned the next day; ${surname}'s statement was not admitted.`;

const appeal = DocumentRequestSchema.parse({
  kind: 'urgent-appeal', format: 'pdf', selection: { persons: [target.key] },
  options: { appealCode: 'KAZ 001/0318/OBS 025', addressees: [{ title: 'President of the Republic of Kazakhstan' }] },
});


beforeAll(async () => {
  t = await createTestApp();
  await importBundle(t.database.db, bundle);
});
afterAll(async () => t?.close());

describe('a one-person selection on a database with many other incidents', () => {
  it('reads exactly that person\'s incidents, in date order, with only their persons', async () => {
    expect(theirs.length).toBeGreaterThan(1);
    expect(bundle.incidents.length - theirs.length).toBeGreaterThan(100);
    const file = await loadRequestedCaseFile(t.database.db, appeal);
    const expected = [...theirs].sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key)).map((i) => i.key);
    expect(file.incidents.map((i) => i.key)).toEqual(expected);
    const victims = new Set([...file.incidents, ...file.earlier].flatMap((i) => i.victims));
    expect([...file.persons.keys()].sort()).toEqual([...victims].sort());
  });

  it('selects in SQL: the victim filter is in the query, and only the selected incidents are loaded', async () => {
    const queries = await statementsRun(t.database.db, (db) => loadRequestedCaseFile(db, appeal));
    const selection = queries.find((q) => /from "incidents"/.test(q.sql) && /"incident_victims"/.test(q.sql) && q.parameters.includes(target.key));
    expect(selection?.sql).toMatch(/"incidents"\."id" in \(select "v"\."incident_id" from "incident_victims" as "v"/);
    // The rows of incidents read: those of the selection (and any earlier incident they follow up), never the others.
    const loads = queries.filter((q) => /from "incidents" as "i"/.test(q.sql));
    const loadedIds = loads.flatMap((q) => q.parameters.filter((p): p is number => typeof p === 'number'));
    const file = await loadRequestedCaseFile(t.database.db, appeal);
    expect(new Set(loadedIds)).toEqual(new Set([...file.incidents, ...file.earlier].map((i) => i.meta.id)));
    expect(loadedIds.length).toBeLessThan(theirs.length + 5);
  });

  it('pseudonymises a protected person named in a selected incident\'s text, though linked to none of them', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/documents/preview', payload: appeal });
    expect(res.statusCode, res.body).toBe(200);
    const html = res.body;
    expect(html).toContain('saw the arrest');
    expect(html).not.toContain(bystander.name);
    expect(html).not.toContain(surname);
    expect(html).not.toContain(bystander.nameNative!);
    expect(html).toContain(bystander.pseudonym);
  });
});
