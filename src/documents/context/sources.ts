import type { OrganisationRecord, SourceRecord } from '../../records/records.js';
import type { TextRedactor } from '../../consent/consent.js';
import { ENGLISH, type Messages } from '../i18n/messages.js';

/** What a document may say about a source. Confidential sources say only their type and month. */
export interface SourceView {
  key: string;
  confidential: boolean;
  /** One line naming the source, e.g. 'KIBHR, "Monitoring note…", monitoring report, 13 March 2018'. */
  description: string;
  url: string | null;
  reliability: string | null;
  /** A UN communication's reference ("AL KAZ 1/2018"): how the Special Procedures know their own letter. */
  reference?: string | null;
  /** Author (or organisation) and title as printed, for the short form of later citations; null when confidential. */
  author: string | null;
  title: string | null;
}

/**
 * `identifiesProtected`: the source names or identifies somebody protected for the document's
 * audience (its `identifies` list, or a name in its title, author, reference, URL, locator or excerpt). Such
 * a source is cited exactly like a confidential one, with no remark that says why: a remark
 * ("address withheld: it names a protected person") would itself tell the reader something.
 */
export function sourceView(
  source: SourceRecord,
  organisation: OrganisationRecord | undefined,
  redactor: TextRedactor,
  identifiesProtected = false,
  m: Messages = ENGLISH,
): SourceView {
  const type = m.t(`sourceType.${source.type}`);
  if (source.confidential || identifiesProtected) {
    const description = source.date
      ? m.t('source.confidentialDated', { type, month: m.month(source.date) })
      : m.t('source.confidential', { type });
    return { key: source.key, confidential: true, description, url: null, reliability: null, author: null, title: null };
  }
  const by = source.author ?? organisation?.name ?? null;
  const author = by ? redactor.redact(by) : null;
  const title = redactor.redact(source.title);
  const reference = source.reference ?? null;
  const parts = [
    author,
    m.t('quote', { text: title }),
    // "UN Special Procedures communication AL KAZ 1/2018": the reference is how the mandate holders find it.
    reference ? `${type} ${reference}` : type,
    source.date ? m.date(source.date) : reference ? null : m.t('source.undated'),
  ].filter((p): p is string => p !== null);
  // A URL cannot be rewritten like text: one that names a protected person makes the whole
  // source identifying (see sourceIdentifiesProtected); this is the last guard.
  const urlNamesSomebody = source.url !== null && redactor.namesSomebody(source.url);
  return {
    key: source.key, confidential: false,
    description: parts.join(', '),
    url: urlNamesSomebody ? null : source.url,
    reliability: source.reliability,
    reference,
    author,
    title,
  };
}

const MENTION = /\[\[person:([a-z0-9-]{1,80})\]\]/g;

/**
 * Whether a source identifies somebody protected for the audience: a protected person in its
 * `identifies` list, or mentioned or named in its title, author (or organisation, when it has no
 * author), reference, URL, or the locator or excerpt of any incident that cites it.
 */
export function sourceIdentifiesProtected(
  source: SourceRecord,
  organisation: OrganisationRecord | undefined,
  links: ReadonlyArray<{ locator?: string | null | undefined; excerpt?: string | null | undefined }>,
  protectedKeys: ReadonlySet<string>,
  redactor: TextRedactor,
): boolean {
  if (source.identifies.some((k) => protectedKeys.has(k))) return true;
  // The reference too: a court case is cited by number and party ("No. 1-45/2018 (Rakhimov R.R.)").
  const texts = [source.title, source.author ?? organisation?.name ?? null, source.reference, ...links.flatMap((l) => [l.locator ?? null, l.excerpt ?? null])]
    .filter((t): t is string => typeof t === 'string' && t.length > 0);
  for (const t of texts) {
    // Most texts mention nobody: a look for the marker spares the regex.
    if (t.includes('[[person:')) for (const m of t.matchAll(MENTION)) if (protectedKeys.has(m[1]!)) return true;
    if (redactor.findLeaks(t).length > 0) return true;
  }
  return source.url !== null && redactor.namesSomebody(source.url);
}

/** How one incident uses one source: where, how credible, and the grading "B2" (internal: never printed). */
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
