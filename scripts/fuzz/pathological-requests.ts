import { matcherWork } from '../../src/consent/index.js';
import type { InjectOptions } from 'fastify';
import type { TestAppWithAuth } from '../../test/support/app.js';
import { type PathologicalFamily } from './pathological.js';

/**
 * One pathological family sent through the API at a fraction of the fields' maximum lengths: a
 * person named with it, an incident whose title, place, summary, legal basis and excerpt are
 * made of it, then reads of that incident as every kind of reader, a search for it and a draft
 * preview. Returns each request's status and time, and the name-matching work it all took
 * (`matcherWork`), so that a test can bound the work by the input's size without a clock.
 */

/** The fields' maximum lengths (src/records/bundle.schemas.ts). */
export const MAX = { name: 300, title: 500, place: 200, summary: 10_000, legalBasis: 500, excerpt: 2_000, q: 200 } as const;

export interface PathologicalRun {
  family: string;
  scale: number;
  /** Characters of pathological text sent. */
  chars: number;
  steps: number;
  requests: Array<{ what: string; status: number; ms: number }>;
}

export interface PathologicalClients {
  test: TestAppWithAuth;
  /** A key with every scope (sees names: its answers are scanned for the audit trail). */
  named: Record<string, string>;
  /** A key without identities:read (its answers are redacted). */
  pseudonymous: Record<string, string>;
  /** A staff member's session (the pages). */
  staff: Record<string, string>;
}

let serial = 0;

export async function runPathological(c: PathologicalClients, family: PathologicalFamily, scale: number): Promise<PathologicalRun> {
  const n = serial++;
  const size = (max: number) => Math.max(8, Math.floor(max * scale));
  const lineOf = (max: number) => (family.line ? family.make(size(max)) : family.make(size(max)).replace(/[\n\r\u0000-\u001f]/g, ' '));
  const name = lineOf(MAX.name);
  const title = lineOf(MAX.title);
  const place = lineOf(MAX.place);
  const summary = family.make(size(MAX.summary));
  const legal = lineOf(MAX.legalBasis);
  const excerpt = family.make(size(MAX.excerpt));
  const q = lineOf(MAX.q);
  const chars = name.length + title.length + place.length + summary.length + legal.length + excerpt.length + q.length;
  const person = `p-zz-${String(9000 + n).padStart(4, '0')}`;
  const incident = `zz-2018-03-${String(n).padStart(4, '0')}`;

  const requests: PathologicalRun['requests'] = [];
  const before = matcherWork.steps;
  const send = async (what: string, options: InjectOptions) => {
    const t0 = performance.now();
    const res = await c.test.app.inject(options);
    requests.push({ what, status: res.statusCode, ms: performance.now() - t0 });
    return res;
  };

  const created = await send('POST person', {
    method: 'POST', url: '/api/v1/persons', headers: c.staff,
    payload: { key: person, kind: 'individual', name, nameNative: name, pseudonym: `Witness ${9000 + n}`, sex: null, birthYear: null, occupation: name, affiliation: null, consent: { unSubmission: true, publicNaming: false, stateTransmission: false }, risk: null },
  });
  const victims = created.statusCode === 201 ? [person] : [];
  await send('POST incident', {
    method: 'POST', url: '/api/v1/incidents', headers: c.staff,
    payload: {
      key: incident, title, date: '2018-03-20', dateAccuracy: 'exact', endDate: null, location: { place, region: null },
      rights: ['expression'], violations: ['detention'], summary, victims, perpetrators: [], legalBasis: [legal], status: 'ongoing',
      urgent: false, followUpOf: null, country: { code: 'KZ' },
      sources: [{ source: 's-kibhr-interview-2018-03', credibility: 2, locator: null, excerpt }],
    },
  });
  await send('GET incident (sees names)', { url: `/api/v1/incidents/${incident}`, headers: c.named });
  await send('GET incident (pseudonyms)', { url: `/api/v1/incidents/${incident}`, headers: c.pseudonymous });
  await send('GET incident page', { url: `/incidents/${incident}`, headers: { ...c.staff, accept: 'text/html' } });
  await send('GET person (pseudonyms)', { url: `/api/v1/persons/${person}`, headers: c.pseudonymous });
  await send('search (pseudonyms)', { url: `/api/v1/incidents?q=${encodeURIComponent(q)}&limit=5`, headers: c.pseudonymous });
  await send('preview (draft)', {
    method: 'POST', url: '/api/v1/documents/preview', headers: c.named,
    payload: { kind: 'eu-briefing', format: 'pdf', draft: true, selection: { incidents: [incident] } },
  });
  const steps = matcherWork.steps - before;
  // Gone again, so that the next run's search and matcher meet the same records as this one did.
  await c.test.app.inject({ method: 'DELETE', url: `/api/v1/incidents/${incident}`, headers: c.staff });
  await c.test.app.inject({ method: 'DELETE', url: `/api/v1/persons/${person}`, headers: c.staff });
  return { family: family.label, scale, chars, steps, requests };
}
