import type { OrganisationRecord, SourceRecord } from '../../records/records.js';
import { SOURCE_TYPE_LABELS } from '../../records/vocabulary.js';
import type { TextRedactor } from '../../consent/consent.js';
import { formatDate, formatMonth } from './dates.js';

/** What a document may say about a source. Confidential sources say only their type and month. */
export interface SourceView {
  key: string;
  confidential: boolean;
  /** One line naming the source, e.g. 'KIBHR, "Monitoring note…", monitoring report, 13 March 2018'. */
  description: string;
  url: string | null;
  reliability: string | null;
}

export function sourceView(source: SourceRecord, organisation: OrganisationRecord | undefined, redactor: TextRedactor): SourceView {
  const type = SOURCE_TYPE_LABELS[source.type];
  if (source.confidential) {
    const when = source.date ? `, ${formatMonth(source.date)}` : '';
    return {
      key: source.key, confidential: true,
      description: `Confidential source (${type}${when})`, url: null, reliability: null,
    };
  }
  const by = source.author ?? organisation?.name ?? null;
  const parts = [
    by ? redactor.redact(by) : null,
    `“${redactor.redact(source.title)}”`,
    type,
    source.date ? formatDate(source.date) : 'undated',
  ].filter((p): p is string => p !== null);
  // A URL cannot be rewritten like text: one that names a protected person is withheld whole.
  const urlNamesSomebody = source.url !== null && redactor.namesSomebody(source.url);
  return {
    key: source.key, confidential: false,
    description: urlNamesSomebody ? `${parts.join(', ')} (address withheld: it names a protected person)` : parts.join(', '),
    url: urlNamesSomebody ? null : source.url,
    reliability: source.reliability,
  };
}

/** How one incident uses one source: where, how credible, and the grading "B2". */
export interface EvidenceView {
  source: SourceView;
  locator: string | null;
  excerpt: string | null;
  credibility: number;
  grading: string | null;
}

export function evidenceView(
  source: SourceView,
  link: { credibility: number; locator?: string | null | undefined; excerpt?: string | null | undefined },
  redactor: TextRedactor,
): EvidenceView {
  // A confidential source's locator and excerpt could identify it: they are withheld too.
  if (source.confidential) return { source, locator: null, excerpt: null, credibility: link.credibility, grading: null };
  return {
    source,
    locator: redactor.redact(link.locator ?? null),
    excerpt: redactor.redact(link.excerpt ?? null),
    credibility: link.credibility,
    grading: `${source.reliability}${link.credibility}`,
  };
}
