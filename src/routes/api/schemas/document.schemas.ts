import { z } from 'zod';
import type { DocumentSummary } from '../../../documents/documents.repository.js';
import type { DocumentPreview } from '../../../documents/workers/compose-tasks.js';
import type { OutOfDate } from '../../../documents/review/out-of-date.js';
import { REVIEW_STATUSES, type ReviewStatus } from '../../../documents/review/review-workflow.js';

/** What changed since an approved version was generated (GET /documents/:id only). */
export const OutOfDateJson = z.object({
  count: z.number().describe('Records (incidents, persons, sources) changed or deleted since this version was generated'),
  templateChanged: z.boolean(),
  records: z.array(z.object({
    type: z.enum(['incident', 'person', 'source']),
    key: z.string().nullable(),
    title: z.string().nullable().describe('An incident\'s or source\'s title, a person\'s name (their pseudonym without identities:read); null when deleted'),
    version: z.number().describe('The version this document was made from'),
    currentVersion: z.number().nullable().describe('null: deleted since'),
  })),
});

/** A stored document version as the API describes it (generation, listing, review). */
export const DocumentMeta = z.object({
  id: z.string(),
  seriesId: z.string(),
  version: z.number(),
  kind: z.string(),
  format: z.string().describe('The primary file\'s format (the file link without ?format= serves it)'),
  language: z.string(),
  title: z.string(),
  fileName: z.string(),
  contentType: z.string(),
  status: z.enum(REVIEW_STATUSES).describe('draft → in_review → changes_requested → in_review … → approved'),
  draft: z.boolean(),
  byteSize: z.number(),
  sha256: z.string(),
  templateHash: z.string(),
  citations: z.object({ claims: z.number(), incidents: z.number(), sources: z.number() }),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  approvedBy: z.string().nullable(),
  approvedAt: z.string().nullable(),
  review: z.object({
    assignee: z.string().nullable().describe('The lawyer the version is in review with (or was last)'),
    submittedBy: z.string().nullable(),
    submittedAt: z.string().nullable(),
  }),
  /** Approved versions, on GET /documents/:id: null when nothing changed (or not approved); absent elsewhere. */
  outOfDate: OutOfDateJson.nullable().optional(),
  /** It prints a real name of somebody protected in public: its file and preview need identities:read. */
  namesProtectedPersons: z.boolean(),
  /** Every file of this version (DOCX and PDF from one composition); format/fileName/byteSize/sha256 above are the primary one's. */
  files: z.array(z.object({ format: z.string(), fileName: z.string(), contentType: z.string(), byteSize: z.number(), sha256: z.string(), href: z.string() })),
  links: z.object({ self: z.string(), file: z.string(), provenance: z.string(), text: z.string().describe('Numbered text and review comments') }),
});

export function documentMeta(d: DocumentSummary, outOfDate?: OutOfDate | null): z.infer<typeof DocumentMeta> {
  const self = `/api/v1/documents/${d.id}`;
  return {
    id: d.id, seriesId: d.series_id, version: d.version, kind: d.kind, format: d.format, language: d.language,
    title: d.title, fileName: d.file_name, contentType: d.content_type, status: d.status as ReviewStatus,
    draft: d.draft, byteSize: d.byte_size, sha256: d.sha256, templateHash: d.template_hash,
    citations: { claims: d.claims, incidents: d.incidents, sources: d.sources },
    createdBy: d.created_by, createdAt: new Date(d.created_at).toISOString(),
    approvedBy: d.approved_by, approvedAt: d.approved_at ? new Date(d.approved_at).toISOString() : null,
    review: {
      assignee: d.review_assignee, submittedBy: d.review_submitted_by,
      submittedAt: d.review_submitted_at ? new Date(d.review_submitted_at).toISOString() : null,
    },
    ...(outOfDate === undefined ? {} : { outOfDate: outOfDate && (outOfDate.count > 0 || outOfDate.templateChanged) ? outOfDate : null }),
    namesProtectedPersons: d.names_protected_persons,
    files: d.files.map((f) => ({
      format: f.format, fileName: f.file_name, contentType: f.content_type, byteSize: f.byte_size, sha256: f.sha256, href: `${self}/file?format=${f.format}`,
    })),
    links: { self, file: `${self}/file`, provenance: `${self}/provenance`, text: `${self}/text` },
  };
}


/**
 * A typed name the document would print that may be a person it names or one it protects
 * (redacted meanwhile; a final document is refused until it is a mention). `text` and
 * `candidates` only for callers with identities:read (consent/identity-shaping.ts strips them).
 */
export const NameAmbiguityJson = z.object({
  path: z.string().describe('JSON Pointer into the records: /incidents/<key>/summary'),
  collection: z.enum(['incidents', 'persons', 'sources', 'recommendations']),
  key: z.string(),
  field: z.string().describe('JSON Pointer inside the record: /summary, /legalBasis/0'),
  occurrence: z.number().describe('1 for the first such typed name in the field, 2 for the second…'),
  blocking: z.boolean().describe('false: a source\'s text, cited by type and month only until resolved'),
  candidateCount: z.number(),
  message: z.string(),
  start: z.number().optional(),
  end: z.number().optional(),
  text: z.string().optional(),
  candidates: z.array(z.object({ key: z.string(), name: z.string(), named: z.boolean() })).optional(),
});

/** The preview as JSON (Accept: application/json): the HTML and what staff must decide. */
export const DocumentPreviewJson = z.object({
  title: z.string(),
  html: z.string(),
  claims: z.number(),
  sources: z.number(),
  pseudonymised: z.array(z.string()),
  ambiguities: z.array(NameAmbiguityJson),
});

export function documentPreviewJson(p: DocumentPreview, problemOf: (a: DocumentPreview['ambiguities'][number]) => { message: string }): z.infer<typeof DocumentPreviewJson> {
  return {
    title: p.title, html: p.html, claims: p.claims, sources: p.sources, pseudonymised: p.pseudonymised,
    ambiguities: p.ambiguities.map((a) => ({
      path: a.path, collection: a.collection, key: a.key, field: a.field, occurrence: a.occurrence, blocking: a.blocking,
      candidateCount: a.candidates.length, message: problemOf(a).message,
      start: a.start, end: a.end, text: a.text, candidates: a.candidates,
    })),
  };
}
