import { BundleSchema, IsoDate, type Bundle } from './bundle.schemas.js';
import { problemsFromZod, toPointer, type Problem } from '../shared/problems.js';
import { FREE_TEXT_COLLECTIONS, recordMentionedKeys, recordMentionProblems } from './mention-syntax.js';
import { sourceRuleProblems } from './record-rules.js';

export type BundleValidation = { ok: true; bundle: Bundle } | { ok: false; problems: Problem[] };

/**
 * Validates a bundle completely: structure (zod) and cross-record rules. Cross-record rules run
 * on the raw input even when the structure has defects, so the caller hears every problem at once.
 */
export function validateBundle(raw: unknown, options: BundleValidationOptions = {}): BundleValidation {
  const parsed = BundleSchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : problemsFromZod(parsed.error);
  problems.push(...crossRecordProblems(raw, options.storedPersonKeys ?? new Set()));
  if (problems.length > 0 || !parsed.success) return { ok: false, problems: dedupe(problems) };
  return { ok: true, bundle: parsed.data };
}

export interface BundleValidationOptions {
  /** Person keys already on record: a mention may name them as well as the bundle's own persons. */
  storedPersonKeys?: ReadonlySet<string>;
}

/** Every person key the bundle's free text mentions (to look up which of them are stored). */
export function bundleMentionedKeys(raw: unknown): string[] {
  if (!isObj(raw)) return [];
  const keys = new Set<string>();
  for (const collection of FREE_TEXT_COLLECTIONS) {
    for (const record of list(raw[collection])) for (const k of recordMentionedKeys(collection, record)) keys.add(k);
  }
  return [...keys];
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const validDate = (v: unknown): string | undefined => (IsoDate.safeParse(v).success ? (v as string) : undefined);

function crossRecordProblems(raw: unknown, storedPersonKeys: ReadonlySet<string>): Problem[] {
  if (!isObj(raw)) return [];
  const problems: Problem[] = [];
  const add = (path: PropertyKey[], message: string) => problems.push({ path: toPointer(path), message });

  const period = isObj(raw.period) ? raw.period : {};
  const from = validDate(period.from);
  const to = validDate(period.to);
  if (from && to && from > to) add(['period', 'to'], `period ends (${to}) before it starts (${from})`);

  // Keys unique per record type; remember them for reference checks.
  const keysOf = (collection: string, label: string): Set<string> => {
    const seen = new Map<string, number>();
    list(raw[collection]).forEach((record, i) => {
      const key = isObj(record) ? str(record.key) : undefined;
      if (key === undefined) return;
      const first = seen.get(key);
      if (first !== undefined) add([collection, i, 'key'], `duplicate ${label} key '${key}' (first at /${collection}/${first})`);
      else seen.set(key, i);
    });
    return new Set(seen.keys());
  };
  const organisations = keysOf('organisations', 'organisation');
  const persons = keysOf('persons', 'person');
  const sources = keysOf('sources', 'source');
  const incidents = keysOf('incidents', 'incident');
  keysOf('recommendations', 'recommendation');
  keysOf('interventions', 'intervention');

  list(raw.sources).forEach((s, i) => {
    if (!isObj(s)) return;
    problems.push(...sourceRuleProblems(s, ['sources', i]));
    const org = str(s.organisation);
    if (org !== undefined && !organisations.has(org)) add(['sources', i, 'organisation'], `unknown organisation key '${org}'`);
    const identified = new Set<string>();
    list(s.identifies).forEach((p, j) => {
      const pk = str(p);
      if (pk === undefined) return;
      if (!persons.has(pk)) add(['sources', i, 'identifies', j], `unknown person key '${pk}'`);
      else if (identified.has(pk)) add(['sources', i, 'identifies', j], `person '${pk}' is listed twice`);
      identified.add(pk);
    });
  });

  const incidentDates = new Map<string, string>();
  list(raw.incidents).forEach((inc, i) => {
    if (!isObj(inc)) return;
    const key = str(inc.key);
    const date = validDate(inc.date);
    if (key && date) incidentDates.set(key, date);
    const end = validDate(inc.endDate);
    if (date && end && end < date) add(['incidents', i, 'endDate'], `ends (${end}) before it starts (${date})`);

    const victimsSeen = new Set<string>();
    list(inc.victims).forEach((v, j) => {
      const pk = str(v);
      if (pk === undefined) return;
      if (!persons.has(pk)) add(['incidents', i, 'victims', j], `unknown person key '${pk}'`);
      else if (victimsSeen.has(pk)) add(['incidents', i, 'victims', j], `person '${pk}' is listed twice`);
      victimsSeen.add(pk);
    });

    const sourcesSeen = new Set<string>();
    list(inc.sources).forEach((link, j) => {
      const sk = isObj(link) ? str(link.source) : undefined;
      if (sk === undefined) return;
      if (!sources.has(sk)) add(['incidents', i, 'sources', j, 'source'], `unknown source key '${sk}'`);
      else if (sourcesSeen.has(sk)) add(['incidents', i, 'sources', j, 'source'], `source '${sk}' is cited twice`);
      sourcesSeen.add(sk);
    });

    const follow = str(inc.followUpOf);
    if (follow !== undefined) {
      if (follow === key) add(['incidents', i, 'followUpOf'], 'an incident cannot follow up itself');
      else if (!incidents.has(follow)) add(['incidents', i, 'followUpOf'], `unknown incident key '${follow}'`);
    }
  });

  list(raw.recommendations).forEach((r, i) => {
    if (!isObj(r)) return;
    const seen = new Set<string>();
    list(r.incidents).forEach((ik, j) => {
      const k = str(ik);
      if (k === undefined) return;
      if (!incidents.has(k)) add(['recommendations', i, 'incidents', j], `unknown incident key '${k}'`);
      else if (seen.has(k)) add(['recommendations', i, 'incidents', j], `incident '${k}' is listed twice`);
      seen.add(k);
    });
  });

  list(raw.interventions).forEach((iv, i) => {
    if (!isObj(iv)) return;
    const refs = (field: string, known: Set<string>, label: string) => {
      const seen = new Set<string>();
      list(iv[field]).forEach((v, j) => {
        const k = str(v);
        if (k === undefined) return;
        if (!known.has(k)) add(['interventions', i, field, j], `unknown ${label} key '${k}'`);
        else if (seen.has(k)) add(['interventions', i, field, j], `${label} '${k}' is listed twice`);
        seen.add(k);
      });
    };
    refs('incidents', incidents, 'incident');
    refs('persons', persons, 'person');
    const sent = validDate(iv.sentOn);
    const due = validDate(iv.replyDue);
    const received = isObj(iv.reply) ? validDate(iv.reply.receivedOn) : undefined;
    if (sent && due && due < sent) add(['interventions', i, 'replyDue'], `is before it was sent (${sent})`);
    if (sent && received && received < sent) add(['interventions', i, 'reply', 'receivedOn'], `is before it was sent (${sent})`);
  });

  // Mentions in free text: each key a person of the bundle or one already stored.
  const knownPerson = (k: string) => persons.has(k) || storedPersonKeys.has(k);
  for (const collection of FREE_TEXT_COLLECTIONS) {
    list(raw[collection]).forEach((record, i) => problems.push(...recordMentionProblems(collection, record, knownPerson, [collection, i])));
  }

  problems.push(...followUpCycles(raw));
  return problems;
}

/** followUpOf chains must end: a cycle would make "New information" chains endless. */
function followUpCycles(raw: Obj): Problem[] {
  const next = new Map<string, string>();
  const index = new Map<string, number>();
  list(raw.incidents).forEach((inc, i) => {
    if (!isObj(inc)) return;
    const k = str(inc.key);
    const f = str(inc.followUpOf);
    if (k && f && k !== f) next.set(k, f);
    if (k && !index.has(k)) index.set(k, i);
  });
  const problems: Problem[] = [];
  const reported = new Set<string>();
  for (const start of next.keys()) {
    const seen = new Set<string>();
    let cur: string | undefined = start;
    while (cur && !seen.has(cur)) {
      seen.add(cur);
      cur = next.get(cur);
    }
    if (cur === start && !reported.has(start)) {
      for (const k of seen) reported.add(k);
      problems.push({
        path: toPointer(['incidents', index.get(start) ?? 0, 'followUpOf']),
        message: `followUpOf forms a cycle: ${[...seen].join(' → ')} → ${start}`,
      });
    }
  }
  return problems;
}

function dedupe(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
