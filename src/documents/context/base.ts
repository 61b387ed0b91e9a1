import type { CaseFile } from '../case-file/case-file.js';
import type { PersonView } from '../../consent/consent.js';
import type { DocumentRequest } from '../request.schemas.js';
import { formatDate, formatPeriod } from './dates.js';
import { annexOf, type IncidentSet, type IncidentView } from './incidents.js';
import type { SourceView } from './sources.js';

/** What every kind's template can rely on. Every key is present (null when empty): templates run in strict mode. */
export interface BaseContext {
  kind: DocumentRequest['kind'];
  title: string;
  draft: boolean;
  generatedOn: string;
  country: { code: string; name: string };
  period: { from: string; to: string; label: string };
  organisation: { name: string; acronym: string | null; email: string | null; address: string | null };
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
  victims: PersonView[];
  perpetrators: BaseContext['perpetrators'];
  generatedOn: string;
  annexOf: (cited: readonly IncidentView[]) => SourceView[];
}

/** Who submits a document whose request names no organisation. */
export const SUBMITTING_ORGANISATION_PLACEHOLDER = { name: 'The submitting organisation', acronym: null, email: null, address: null } as const;

export function baseParts(file: CaseFile, request: DocumentRequest, set: IncidentSet, today: string): BaseParts {
  const incidents = set.views;
  const from = request.selection.from ?? incidents[0]?.isoDate ?? today;
  const to = request.selection.to ?? incidents.at(-1)?.isoDate ?? today;
  const given = request.options.submittingOrganisation;
  // Never an organisation of a cited source (a confidential source's organisation became the
  // "submitting organisation" in the text and the file's author): until an organisation profile
  // exists, a request that names none gets a neutral placeholder.
  const organisation = given
    ? { name: given.name, acronym: given.acronym ?? null, email: given.email ?? null, address: given.address ?? null }
    : { ...SUBMITTING_ORGANISATION_PLACEHOLDER };

  const victims = new Map<string, PersonView>();
  for (const i of incidents) for (const v of i.victims) victims.set(v.key, v);
  const perpetrators = new Map<string, { description: string; stateActor: boolean }>();
  for (const i of incidents) for (const p of i.perpetrators) perpetrators.set(p.description.toLowerCase(), p);

  return {
    country: file.country ?? { code: 'XX', name: 'Unknown country' },
    period: { from, to, label: formatPeriod(from, to) },
    organisation,
    victims: [...victims.values()],
    perpetrators: [...perpetrators.values()],
    generatedOn: formatDate(today),
    annexOf,
  };
}
