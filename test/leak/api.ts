/**
 * API channels, as a service key WITHOUT identities:read sees them (records:read,
 * documents:generate, documents:read): records, search, bundle export, document list,
 * metadata and provenance, refused requests, and every key in every answer. Nobody may be
 * named here ('none' audience), consenting or not.
 */
import type { FastifyInstance } from 'fastify';
import type { Attack, Corpus } from './corpus/types.js';
import { documentRequest, type ChannelText, type GeneratedDoc } from './documents.js';
import type { Channel, SearchQuery } from './oracle.js';

export interface Answer { status: number; body: string; raw: Buffer; headers: Record<string, unknown> }

export class Api {
  /** Every JSON answer, for the person-keys channel. */
  readonly bodies: string[] = [];
  constructor(private readonly app: FastifyInstance, private readonly headers: Record<string, string>) {}

  async call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<Answer> {
    const res = await this.app.inject({ method, url, headers: this.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    if (String(res.headers['content-type'] ?? '').includes('json')) this.bodies.push(res.body);
    return { status: res.statusCode, body: res.body, raw: res.rawPayload, headers: res.headers };
  }

  async json(url: string): Promise<unknown> {
    const res = await this.call('GET', url);
    return res.status === 200 ? JSON.parse(res.body) : { status: res.status, body: res.body };
  }
}

const apiChannel = (type: string): Channel => ({ name: `api/${type}`, type, audience: 'none', group: 'api' });

/** The strings of a JSON answer, one per line: a name split by an escaped newline is rejoined by the oracle. */
export function jsonStrings(body: string): string {
  const out: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(body));
  } catch {
    out.push(body);
  }
  return out.join('\n');
}

const COLLECTIONS = ['persons', 'incidents', 'sources', 'organisations', 'recommendations'] as const;

export async function apiTexts(api: Api, corpus: Corpus, docs: GeneratedDoc[], refusals: readonly string[]): Promise<ChannelText[]> {
  const out: ChannelText[] = [];
  const b = corpus.bundle;
  const keysOf: Record<(typeof COLLECTIONS)[number], string[]> = {
    persons: b.persons.map((p) => p.key), incidents: b.incidents.map((i) => i.key), sources: b.sources.map((s) => s.key),
    organisations: b.organisations.map((o) => o.key), recommendations: b.recommendations.map((r) => r.key),
  };
  for (const collection of COLLECTIONS) {
    const texts: string[] = [];
    for (let offset = 0; ; offset += 200) {
      const page = await api.call('GET', `/api/v1/${collection}?limit=200&offset=${offset}`);
      texts.push(jsonStrings(page.body));
      const total = page.status === 200 ? (JSON.parse(page.body) as { total?: number }).total ?? 0 : 0;
      if (offset + 200 >= total) break;
    }
    for (const key of keysOf[collection]) texts.push(jsonStrings((await api.call('GET', `/api/v1/${collection}/${key}`)).body));
    out.push({ channel: apiChannel(`records:${collection}`), text: texts.join('\n') });
  }

  const personFilter: string[] = [];
  for (const p of b.persons) personFilter.push(jsonStrings((await api.call('GET', `/api/v1/incidents?person=${p.key}&limit=200`)).body));
  out.push({ channel: apiChannel('search:person'), text: personFilter.join('\n') });

  const exported = await api.call('GET', `/api/v1/bundles?country=${b.country.code}&from=${b.period.from}&to=${b.period.to}`);
  out.push({ channel: apiChannel('bundle-export'), text: jsonStrings(exported.body) });

  // Interventions (bundle revision 4): the list, each one, and every person's timeline.
  const interventions: string[] = [jsonStrings((await api.call('GET', '/api/v1/interventions?limit=200')).body)];
  const listed = await api.json('/api/v1/interventions?limit=200') as { items?: Array<{ id: number }> };
  for (const item of listed.items ?? []) interventions.push(jsonStrings((await api.call('GET', `/api/v1/interventions/${item.id}`)).body));
  for (const p of b.persons) interventions.push(jsonStrings((await api.call('GET', `/api/v1/persons/${p.key}/timeline`)).body));
  out.push({ channel: apiChannel('interventions'), text: interventions.join('\n') });

  const list = await api.call('GET', '/api/v1/documents?limit=200');
  out.push({ channel: apiChannel('doc-list'), text: jsonStrings(list.body) });
  const meta: string[] = [];
  const provenance: string[] = [];
  const review: string[] = [];
  for (const d of docs) {
    meta.push(jsonStrings(d.created), jsonStrings((await api.call('GET', `/api/v1/documents/${d.id}`)).body));
    provenance.push(jsonStrings((await api.call('GET', `/api/v1/documents/${d.id}/provenance`)).body));
    // The review routes (issue 14.1): numbered text, and a version compared (with itself: all its text).
    review.push(jsonStrings((await api.call('GET', `/api/v1/documents/${d.id}/text`)).body));
    review.push(jsonStrings((await api.call('GET', `/api/v1/documents/${d.id}/compare?with=${d.id}`)).body));
  }
  out.push({ channel: apiChannel('doc-meta'), text: meta.join('\n') });
  out.push({ channel: apiChannel('doc-review'), text: review.join('\n') });
  out.push({ channel: apiChannel('provenance'), text: provenance.join('\n') });

  out.push({ channel: apiChannel('4xx'), text: [await refusedAnswers(api, corpus), ...refusals.map(jsonStrings)].join('\n') });
  return out;
}

/** Requests that are refused; their answers must not name anyone either. */
async function refusedAnswers(api: Api, corpus: Corpus): Promise<string> {
  const withUnsourced = [corpus.unsourcedIncident, ...corpus.sourcedIncidents.slice(0, 3)];
  const victims = corpus.bundle.incidents.find((i) => i.key === corpus.unsourcedIncident)?.victims ?? [];
  const answers = await Promise.all([
    api.call('POST', '/api/v1/documents', documentRequest('urgent-appeal', 'pdf', withUnsourced)),
    // Typed names that may be a consenting or a protected person: a final document is refused per name.
    api.call('POST', '/api/v1/documents', documentRequest('urgent-appeal', 'pdf', corpus.sourcedIncidents)),
    api.call('POST', '/api/v1/documents/preview', documentRequest('eu-briefing', 'pdf', withUnsourced)),
    api.call('POST', '/api/v1/documents', { kind: 'urgent-appeal', format: 'pdf', selection: { persons: victims }, options: {} }),
    api.call('POST', '/api/v1/documents', { kind: 'un-communication', format: 'docx', selection: { persons: victims }, options: { variant: 'allegation-letter', mandates: [] } }),
    api.call('PUT', `/api/v1/persons/${victims[0] ?? 'p-lc-0001'}`, { key: victims[0] ?? 'p-lc-0001' }),
    api.call('GET', '/api/v1/persons/p-lc-9999'),
    api.call('GET', '/api/v1/incidents?from=2021-13-01'),
  ]);
  return answers.map((a) => `${a.status}\n${jsonStrings(a.body)}`).join('\n');
}

/** Every key-like value in every JSON answer: person keys must not spell names. */
export function personKeysText(api: Api): ChannelText {
  const keys = new Set<string>();
  for (const body of api.bodies) {
    for (const m of body.matchAll(/"(?:key|person|victims|identifies|source)"\s*:\s*("(?:[^"\\]|\\.)*"|\[[^\]]*\])/g)) {
      for (const k of m[1]!.matchAll(/"((?:[^"\\]|\\.)*)"/g)) keys.add(k[1]!);
    }
    for (const m of body.matchAll(/\[\[person:[^\]]*\]\]|\bp-[a-z0-9-]{1,78}/g)) keys.add(m[0]);
  }
  return { channel: apiChannel('person-keys'), text: [...keys].join('\n') };
}

/** The name fragments to search for: the planted fragment of each attack in a searchable field, and each protected surname. */
function searchPlan(corpus: Corpus): Array<{ attack: Attack | null; person: string; collection: string; q: string }> {
  const plan: Array<{ attack: Attack | null; person: string; collection: string; q: string }> = [];
  const searchable: Record<string, string[]> = { incident: ['title', 'summary'], source: ['title', 'author'] };
  for (const a of corpus.attacks) {
    if (!a.namesPerson || !searchable[a.placement.record]?.includes(a.placement.field)) continue;
    plan.push({ attack: a, person: a.person, collection: `${a.placement.record}s`, q: a.planted.trim().slice(0, 200) });
  }
  for (const p of corpus.bundle.persons) {
    for (const name of [p.name, p.nameNative]) {
      if (!name) continue;
      const surname = p.kind === 'individual' ? name.split(/\s+/).at(-1)! : name;
      for (const collection of ['persons', 'incidents', 'sources']) plan.push({ attack: null, person: p.key, collection, q: surname });
    }
  }
  return plan;
}

/** Runs the search plan with `?q=` and a `?person=` filter spelled as the surname. */
export async function searches(api: Api, corpus: Corpus): Promise<{ channel: Channel; queries: SearchQuery[] }> {
  const queries: SearchQuery[] = [];
  const itemKeys = (body: string): string[] => {
    try {
      return ((JSON.parse(body) as { items?: Array<{ key: string }> }).items ?? []).map((i) => i.key);
    } catch {
      return [];
    }
  };
  for (const s of searchPlan(corpus)) {
    const url = `/api/v1/${s.collection}?limit=200&q=${encodeURIComponent(s.q)}`;
    const res = await api.call('GET', url);
    queries.push({ attack: s.attack?.id ?? null, person: s.person, q: s.q, url, status: res.status, returned: itemKeys(res.body) });
  }
  for (const p of corpus.bundle.persons.filter((x) => x.kind === 'individual')) {
    const slug = p.name.split(/\s+/).at(-1)!.toLowerCase().replace(/[^a-z0-9-]/g, '');
    const url = `/api/v1/incidents?limit=200&person=${encodeURIComponent(slug)}`;
    const res = await api.call('GET', url);
    queries.push({ attack: null, person: p.key, q: slug, url, status: res.status, returned: itemKeys(res.body) });
  }
  return { channel: apiChannel('search:q'), queries };
}
