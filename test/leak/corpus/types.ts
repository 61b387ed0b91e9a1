/**
 * Shapes shared by the leak corpus generator, the oracle and the channels. Kept apart from
 * src/ on purpose: the oracle must not depend on the service's own types or consent code.
 */

export type Audience = 'un' | 'public' | 'none';

export const ATTACK_CLASSES = [
  'apostrophe', 'plural', 'gendered', 'surname-first', 'patronymic-dropped', 'kazakh-endings',
  'tajik-endings', 'russian-case', 'yo-e', 'kazakh-latin', 'accents', 'homoglyph', 'invisible',
  'hyphen-break', 'glued', 'percent-encoded', 'translit', 'initials', 'family-group', 'first-name',
  'indirect-source', 'confidential-source', 'consenting-control', 'mention', 'person-name', 'other-spelling',
] as const;
export type AttackClass = (typeof ATTACK_CLASSES)[number];

/** Where an attack was planted: record type, record key and field (JSON-pointer-like). */
export interface Placement {
  record: 'incident' | 'source' | 'person' | 'recommendation' | 'intervention';
  key: string;
  field: string;
}

export interface Attack {
  /** "LC0042": also the anchor written next to the planted name, so a leak can be attributed. */
  id: string;
  cls: AttackClass;
  /** Person key the attack names (for confidential-source: the person the source is about). */
  person: string;
  /** The name-bearing fragment exactly as planted (no anchor). */
  planted: string;
  /** The whole field text as planted (with anchor and sentence around it). */
  text: string;
  placement: Placement;
  /**
   * Phrases that identify by themselves (a confidential source's title/author/URL, an
   * identifying description): found anywhere in a channel, whatever the name matching says.
   */
  phrases: string[];
  /** Confidential-source attacks apply to every document audience, not only where the person is protected. */
  confidential: boolean;
  /** False where the planted text does not spell the person's name (a description, a monitor's code). */
  namesPerson: boolean;
  /** Control: a consenting person's name, allowed in documents; a leak only to callers without identities:read. */
  control: boolean;
}

/** The bundle fields the corpus uses (case bundle v1, ../shared/case-bundle.md). */
export interface Consent { unSubmission: boolean; publicNaming: boolean; stateTransmission: boolean }
export interface CorpusPerson {
  key: string;
  kind: 'individual' | 'group';
  name: string;
  nameNative: string | null;
  pseudonym: string;
  sex: 'female' | 'male' | 'unknown';
  birthYear: number | null;
  occupation: string | null;
  affiliation: string | null;
  consent: Consent;
  risk: 'low' | 'medium' | 'high';
  translations?: Record<string, { occupation?: string; affiliation?: string; whereabouts?: { place: string } }>;
  whereabouts?: { status: string; place: string | null; asOf: string | null };
}
export interface CorpusSource {
  key: string;
  type: string;
  title: string;
  author: string | null;
  organisation: string | null;
  date: string | null;
  url: string | null;
  reliability: string;
  confidential: boolean;
  identifies?: string[];
}
export interface CorpusIncident {
  key: string;
  title: string;
  date: string;
  dateAccuracy: 'exact';
  endDate: null;
  location: { place: string; region: string | null };
  rights: string[];
  violations: string[];
  summary: string;
  victims: string[];
  perpetrators: Array<{ description: string; stateActor: boolean; stateLink?: string; reason?: string }>;
  legalBasis: string[];
  status: 'ongoing' | 'concluded';
  urgent: boolean;
  followUpOf: null;
  sources: Array<{ source: string; credibility: number; locator: string | null; excerpt: string | null }>;
  translations?: Record<string, {
    title: string; summary: string; legalBasis: string[]; perpetrators: Array<{ description: string; stateLink?: string; reason?: string }>;
    domesticRemedies?: { steps?: Array<{ authority: string; action: string; outcome?: string }>; noneBecause?: string };
  }>;
  domesticRemedies?: { steps: Array<{ date: string | null; authority: string; action: string; outcome: string | null }>; noneBecause: string | null };
  internationalProcedures?: Array<{ body: string; reference: string | null; date: string | null; status: string | null }>;
}
/** An intervention (bundle revision 4): a document sent, and what came back. */
export interface CorpusIntervention {
  key: string;
  documentKind: 'urgent-appeal' | 'un-communication' | 'eu-briefing';
  documentCode: string | null;
  incidents: string[];
  persons: string[];
  mandates: string[];
  addressees: string[];
  sentOn: string;
  channel: string;
  reference: string | null;
  replyDue: string | null;
  reply: { receivedOn: string; summary: string | null } | null;
  outcome: string | null;
  outcomeNote: string | null;
  notes: string | null;
}
export interface CorpusRecommendation { key: string; right: string; addressee: 'state' | 'eu' | 'un'; text: string; incidents: string[]; translations?: Record<string, { text: string }> }
export interface CorpusBundle {
  bundleVersion: 1;
  country: { code: string; name: string };
  period: { from: string; to: string };
  organisations: Array<{ key: string; name: string; acronym: string | null; contact: { email: string | null; address: string | null } | null }>;
  persons: CorpusPerson[];
  sources: CorpusSource[];
  incidents: CorpusIncident[];
  recommendations: CorpusRecommendation[];
  interventions: CorpusIntervention[];
}

export interface Corpus {
  bundle: CorpusBundle;
  attacks: Attack[];
  /** Incidents a document can cite (the unsourced one is kept for the refused request). */
  sourcedIncidents: string[];
  unsourcedIncident: string;
  /** Generator flags, recorded with the corpus. */
  options: { seed: number; mentions: boolean };
}
