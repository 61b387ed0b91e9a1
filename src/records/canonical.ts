import type {
  Bundle,
  BundleIncident, BundleOrganisation, BundlePerson, BundleIntervention, BundleRecommendation, BundleSource,
} from './bundle.schemas.js';
import { canonicalTranslations } from './translations.js';

/**
 * The one normal form of each record: every optional field present, absent ≡ null. Used to
 * decide whether a save changes anything, and as the shape the export emits.
 */

const n = <T>(v: T | null | undefined): T | null => (v === undefined ? null : v);

export function canonicalOrganisation(o: BundleOrganisation) {
  const contact = o.contact ? { email: n(o.contact.email), address: n(o.contact.address) } : null;
  return {
    key: o.key, name: o.name, acronym: n(o.acronym),
    contact: contact && (contact.email !== null || contact.address !== null) ? contact : null,
  };
}

export function canonicalPerson(p: BundlePerson) {
  return {
    key: p.key, kind: p.kind, name: p.name, nameNative: n(p.nameNative), pseudonym: p.pseudonym,
    sex: n(p.sex), birthYear: n(p.birthYear),
    age: p.age ? { years: p.age.years, asOf: p.age.asOf } : null,
    nationality: n(p.nationality), occupation: n(p.occupation), affiliation: n(p.affiliation),
    whereabouts: p.whereabouts ? { status: p.whereabouts.status, place: n(p.whereabouts.place), asOf: n(p.whereabouts.asOf) } : null,
    consent: {
      unSubmission: p.consent.unSubmission ?? false,
      publicNaming: p.consent.publicNaming ?? false,
      stateTransmission: p.consent.stateTransmission ?? false,
      unPublicReport: p.consent.unPublicReport ?? false,
    },
    risk: n(p.risk),
    ...translationsField(p.translations),
  };
}

/** `translations` only where there are some: records without them export exactly as before. */
function translationsField<T extends object>(t: Partial<Record<string, T>> | null | undefined): { translations?: Partial<Record<string, T>> } {
  const c = canonicalTranslations(t);
  return c ? { translations: c } : {};
}

/** `identifies` may be left out by callers that predate it (it means an empty list). */
export type SourceInput = Omit<BundleSource, 'identifies'> & { identifies?: string[] | undefined };

/** An incident's domestic remedies in normal form (absent ≡ null). */
function canonicalRemedies(r: BundleIncident['domesticRemedies']) {
  if (!r) return null;
  return {
    steps: (r.steps ?? []).map((s) => ({ date: n(s.date), authority: s.authority, action: s.action, outcome: n(s.outcome) })),
    noneBecause: n(r.noneBecause),
  };
}

export function canonicalSource(s: SourceInput) {
  return {
    key: s.key, type: s.type, title: s.title, author: n(s.author), organisation: n(s.organisation),
    date: n(s.date), url: n(s.url), reliability: s.reliability, confidential: s.confidential ?? false,
    reference: n(s.reference),
    identifies: [...(s.identifies ?? [])],
  };
}

export function canonicalIncident(i: BundleIncident) {
  return {
    key: i.key, title: i.title, date: i.date, dateAccuracy: i.dateAccuracy, endDate: n(i.endDate),
    location: { place: i.location.place, region: n(i.location.region) },
    rights: [...i.rights], violations: [...(i.violations ?? [])], summary: i.summary,
    victims: [...(i.victims ?? [])],
    perpetrators: (i.perpetrators ?? []).map((p) => ({
      description: p.description, stateActor: p.stateActor, stateLink: n(p.stateLink), reason: n(p.reason),
    })),
    legalBasis: [...(i.legalBasis ?? [])], status: i.status, urgent: i.urgent ?? false,
    followUpOf: n(i.followUpOf),
    sources: (i.sources ?? []).map((s) => ({
      source: s.source, credibility: s.credibility, locator: n(s.locator), excerpt: n(s.excerpt),
    })),
    domesticRemedies: canonicalRemedies(i.domesticRemedies),
    internationalProcedures: (i.internationalProcedures ?? []).map((p) => ({
      body: p.body, reference: n(p.reference), date: n(p.date), status: n(p.status),
    })),
    ...translationsField(i.translations),
  };
}

export function canonicalRecommendation(r: BundleRecommendation) {
  return { key: r.key, right: r.right, addressee: r.addressee, text: r.text, incidents: [...(r.incidents ?? [])], ...translationsField(r.translations) };
}

/** A whole bundle in normal form: what an export of it gives back. */
export function canonicalBundle(b: Bundle): Bundle {
  return {
    bundleVersion: 1,
    country: { code: b.country.code, name: b.country.name },
    period: { from: b.period.from, to: b.period.to },
    organisations: b.organisations.map(canonicalOrganisation),
    persons: b.persons.map(canonicalPerson),
    sources: b.sources.map(canonicalSource),
    incidents: b.incidents.map(canonicalIncident),
    recommendations: b.recommendations.map(canonicalRecommendation),
    interventions: (b.interventions ?? []).map(canonicalIntervention),
  };
}

export function canonicalIntervention(i: BundleIntervention): BundleIntervention {
  const n = <T>(v: T | null | undefined): T | null => v ?? null;
  return {
    key: i.key, documentKind: i.documentKind, documentCode: n(i.documentCode), incidents: [...i.incidents], persons: [...(i.persons ?? [])],
    mandates: [...(i.mandates ?? [])], addressees: [...(i.addressees ?? [])], sentOn: i.sentOn, channel: i.channel, reference: n(i.reference),
    replyDue: n(i.replyDue), reply: i.reply ? { receivedOn: i.reply.receivedOn, summary: n(i.reply.summary) } : null,
    outcome: n(i.outcome), outcomeNote: n(i.outcomeNote), notes: n(i.notes),
  };
}
