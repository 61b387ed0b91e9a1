/**
 * A CaseFile made in memory from a bundle, as loadCaseFile would load it after the bundle was
 * imported: records in the bundle's canonical form with metadata, selected incidents in date
 * order, earlier incidents they follow up, and every person whose consent does not cover the
 * audience. For unit tests of the stages after the database (context, compose).
 */
import type { Audience } from '../../src/consent/consent.js';
import type { CaseFile } from '../../src/documents/case-file/case-file.js';
import { BundleSchema } from '../../src/records/bundle.schemas.js';
import { canonicalBundle } from '../../src/records/canonical.js';
import type { IncidentRecord, OrganisationRecord, PersonRecord, RecordMeta, RecommendationRecord, SourceRecord } from '../../src/records/records.js';
import { mayName } from '../../src/consent/consent.js';

export function caseFileOf(input: unknown, audience: Audience, select: { incidents?: string[]; recommendations?: boolean } = {}): CaseFile {
  const bundle = canonicalBundle(BundleSchema.parse(input));
  let id = 0;
  const meta = (): RecordMeta => ({ id: ++id, version: 1, createdAt: '2024-01-01T00:00:00.000Z', updatedAt: '2024-01-01T00:00:00.000Z' });
  const withMeta = <T>(r: T) => ({ ...r, meta: meta() });

  const all: IncidentRecord[] = bundle.incidents
    .map((i) => ({ ...(i as Omit<IncidentRecord, 'country' | 'meta'>), country: bundle.country.code, meta: meta() }))
    .sort((a, b) => a.date.localeCompare(b.date) || a.key.localeCompare(b.key));
  const incidents = select.incidents ? all.filter((i) => select.incidents!.includes(i.key)) : all;
  const selected = new Set(incidents.map((i) => i.key));
  const earlier = all.filter((i) => !selected.has(i.key) && incidents.some((s) => s.followUpOf === i.key));
  const used = [...earlier, ...incidents];

  // canonicalBundle fills every optional field: the records' own shape.
  const persons = bundle.persons.map(withMeta) as unknown as PersonRecord[];
  const sources = (bundle.sources.map(withMeta) as unknown as SourceRecord[]).filter((s) => used.some((i) => i.sources.some((l) => l.source === s.key)));
  const organisations = (bundle.organisations.map(withMeta) as unknown as OrganisationRecord[]).filter((o) => sources.some((s) => s.organisation === o.key));
  const victims = new Set(used.flatMap((i) => i.victims));
  return {
    country: bundle.country,
    incidents,
    earlier,
    persons: new Map(persons.filter((p) => victims.has(p.key)).map((p) => [p.key, p])),
    // Every other person may be mentioned in free text: the loader brings those it finds.
    mentioned: new Map(persons.filter((p) => !victims.has(p.key)).map((p) => [p.key, p])),
    sources: new Map(sources.map((s) => [s.key, s])),
    organisations: new Map(organisations.map((o) => [o.key, o])),
    recommendations: select.recommendations
      ? (bundle.recommendations.filter((r) => r.incidents!.some((k) => selected.has(k))).map((r) => ({ ...r, country: bundle.country.code, meta: meta() })) as RecommendationRecord[])
      : [],
    // Those a document for the UN names who have not consented to public naming (the 403 rule).
    publiclyProtectedPersons: audience === 'public' ? [] : persons.filter((p) => !mayName(p, 'public')).sort((a, b) => a.key.localeCompare(b.key)),
    // Every individual the audience may see named, victim or not (their longer names shield protected ones).
    nameablePersons: persons
      .filter((p) => p.kind === 'individual' && mayName(p, audience))
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((p) => ({ key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative, pseudonym: p.pseudonym })),
    protectedPersons: persons
      .filter((p) => !mayName(p, audience))
      .sort((a, b) => a.key.localeCompare(b.key))
      .map((p) => ({ key: p.key, kind: p.kind, name: p.name, nameNative: p.nameNative, pseudonym: p.pseudonym })),
  };
}
