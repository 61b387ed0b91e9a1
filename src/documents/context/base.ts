import type { CaseFile } from '../case-file/case-file.js';
import type { PersonView } from '../../consent/consent.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { Letterhead } from '../model/model.js';
import type { OrganisationLogo, OrganisationProfile } from '../../records/organisation-profile.repository.js';
import { ENGLISH, messagesFor, type Messages } from '../i18n/messages.js';
import { countryForms } from '../i18n/countries.js';
import { annexOf, type IncidentSet, type IncidentView } from './incidents.js';
import type { SourceView } from './sources.js';

/** What every kind's template can rely on. Every key is present (null when empty): templates run in strict mode. */
export interface BaseContext {
  kind: DocumentRequest['kind'];
  title: string;
  draft: boolean;
  generatedOn: string;
  /** The country's name in the document's language, with the forms sentences need (i18n/countries.ts). */
  country: { code: string; name: string; of: string; in: string };
  period: { from: string; to: string; label: string };
  organisation: Sender;
  incidents: IncidentView[];
  victims: PersonView[];
  perpetrators: Array<{ description: string; stateActor: boolean }>;
  /** Every source cited in the document, once. */
  annex: SourceView[];
}

export interface BaseParts {
  country: BaseContext['country'];
  period: BaseContext['period'];
  organisation: BaseContext['organisation'];
  /** Whether a UN communication asks for the sender's identity to be kept confidential when the request does not say (the profile's default). */
  confidentialityRequest: boolean;
  victims: PersonView[];
  perpetrators: BaseContext['perpetrators'];
  generatedOn: string;
  annexOf: (cited: readonly IncidentView[]) => SourceView[];
  /** The document's language: its fixed words, dates and lists. */
  m: Messages;
}

/** The sender as templates see it: the organisation profile, or the submitter a request names. */
export interface Sender {
  name: string;
  acronym: string | null;
  email: string | null;
  /** Postal address on one line (the profile's lines joined). */
  address: string | null;
  phone: string | null;
  website: string | null;
  /** Who signs letters (the profile's signatory); null for a submitter a request names. */
  signatory: { name: string; title: string } | null;
}

/** Who submits a document when no organisation profile exists and the request names none. */
export const SUBMITTING_ORGANISATION_PLACEHOLDER: Sender = {
  name: 'The submitting organisation', acronym: null, email: null, address: null, phone: null, website: null, signatory: null,
};

/**
 * The sender: a submitter the request names, else the organisation profile, else the neutral
 * placeholder — never the organisation of a cited source (a confidential source's organisation
 * once became the "submitting organisation" in the text and the file's author).
 */
export function senderOf(request: DocumentRequest, profile: OrganisationProfile | null | undefined, m: Messages = ENGLISH): Sender {
  const given = request.options.submittingOrganisation;
  if (given) {
    return {
      ...SUBMITTING_ORGANISATION_PLACEHOLDER, name: given.name, acronym: given.acronym ?? null, email: given.email ?? null, address: given.address ?? null,
    };
  }
  if (profile) {
    return {
      name: profile.name, acronym: profile.acronym, email: profile.email, address: oneLine(profile.postalAddress),
      phone: profile.phone, website: profile.website, signatory: profile.signatory,
    };
  }
  return { ...SUBMITTING_ORGANISATION_PLACEHOLDER, name: m.t('organisation.placeholder') };
}

function oneLine(text: string | null): string | null {
  if (text === null) return null;
  const parts = text.split(/\r?\n/).map((l) => l.trim().replace(/,$/, '')).filter((l) => l !== '');
  return parts.length > 0 ? parts.join(', ') : null;
}

/**
 * The letterhead of a document: the sender's name and contact lines, with the profile's logo when
 * the profile is the sender (a submitter named in the request has no logo here).
 */
export function letterheadOf(sender: Sender, logo: OrganisationLogo | null, m: Messages = ENGLISH): Letterhead {
  const website = sender.website ? sender.website.replace(/^https?:\/\//, '').replace(/\/$/, '') : null;
  const contact = [sender.phone ? m.t('letterhead.phone', { phone: sender.phone }) : null, sender.email, website].filter((x): x is string => x !== null);
  const lines = [sender.address, contact.length > 0 ? contact.join(' · ') : null].filter((x): x is string => x !== null);
  return { name: sender.name, lines, ...(logo ? { logo: { contentType: logo.contentType, width: logo.width, height: logo.height, bytes: logo.bytes } } : {}) };
}

export function baseParts(file: CaseFile, request: DocumentRequest, set: IncidentSet, today: string): BaseParts {
  const m = messagesFor(request.language);
  const incidents = set.views;
  const from = request.selection.from ?? incidents[0]?.isoDate ?? today;
  const to = request.selection.to ?? incidents.at(-1)?.isoDate ?? today;
  const organisation = senderOf(request, file.sender, m);

  const victims = new Map<string, PersonView>();
  for (const i of incidents) for (const v of i.victims) victims.set(v.key, v);
  const perpetrators = new Map<string, { description: string; stateActor: boolean }>();
  for (const i of incidents) for (const p of i.perpetrators) perpetrators.set(p.description.toLowerCase(), p);

  return {
    country: countryOf(m, file.country ?? { code: 'XX', name: 'Unknown country' }),
    period: { from, to, label: m.period(from, to) },
    organisation,
    confidentialityRequest: file.sender?.confidentialityRequest ?? true,
    victims: [...victims.values()],
    perpetrators: [...perpetrators.values()],
    generatedOn: m.date(today),
    annexOf,
    m,
  };
}

function countryOf(m: Messages, country: { code: string; name: string }): BaseContext['country'] {
  const forms = countryForms(m.language, country.code, country.name);
  return { code: country.code, name: forms.country, of: forms.countryOf, in: forms.countryIn };
}

/** The values catalogue messages take for the country: {country}, {countryOf}, {countryIn}. */
export const countryValues = (country: BaseContext['country']) => ({ country: country.name, countryOf: country.of, countryIn: country.in });
