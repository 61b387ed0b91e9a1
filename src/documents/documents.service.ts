import { createHash, randomUUID } from 'node:crypto';
import { withNamesWithheld } from '../consent/identity-shaping.js';
import type { Db } from '../db/database.js';
import { loadCaseFile, type CaseFile } from './case-file/case-file.js';
import { audienceOf, refuseEmptySelection } from './compose/compose.js';
import { getDocumentFile, insertDocumentVersion, type DocumentSummary, type NewFile } from './documents.repository.js';
import { getOrganisationProfile } from '../records/organisation-profile.repository.js';
import { resolveKeyAliases } from '../records/record-keys.repository.js';
import { BusyError, ForbiddenError, throwIfCancelled } from '../shared/errors.js';
import { codeForFileName } from '../shared/appeal-codes.js';
import { readAppealCodeScheme } from './appeal-code-scheme.source.js';
import { AppealNumberTaken, planAppeal, type AppealPlan } from './appeal-codes.js';
import type { ComposedModel, DocumentPreview } from './workers/compose-tasks.js';
import type { DocumentRenderer } from './workers/render-pool.js';
import { CONTENT_TYPES } from './render/render-document.js';
import { numberedText } from './model/numbered-text.js';
import { FORMATS, type DocumentFormat, type DocumentRequest } from './request.schemas.js';

/**
 * Generation end to end: records → composition → bytes → stored version with provenance.
 * Plain functions over a database and a renderer; the HTTP layer only translates.
 */

/**
 * What generating, previewing and downloading need to know of the caller: whether they may see
 * real names (identities:read). The edge decides; nothing here knows of HTTP or principals.
 */
export interface DocumentDeps {
  db: Db;
  renderer: DocumentRenderer;
  maySeeIdentities: boolean;
  /** The organisation's appeal-code scheme; absent: read it (appeal-code-scheme.source.ts). */
  appealCodeScheme?: string | null;
  /**
   * The caller's cancellation (its client disconnected, or the service is stopping): its renders
   * are stopped, and nothing is stored once it fired. Throws the signal's reason (shared/errors.ts).
   */
  signal?: AbortSignal;
}

/** Why a caller without identities:read is refused a document. It names no one. */
export const NAMES_PROTECTED_REASON =
  'This document prints the real name of a person who has not consented to be named in public (as a UN communication does for '
  + 'persons who consented to UN submission only). Generating, previewing or downloading it needs the identities:read scope.';

export function refuseIfNamesProtected(deps: Pick<DocumentDeps, 'maySeeIdentities'>, namesProtectedPersons: boolean): void {
  if (namesProtectedPersons && !deps.maySeeIdentities) throw new ForbiddenError(NAMES_PROTECTED_REASON);
}

/**
 * The request as it is composed: its options typed by a caller who may not see names have every
 * name on record withheld first (consent/identity-shaping.ts, withNamesWithheld).
 */
async function asTypedBy(deps: Pick<DocumentDeps, 'db' | 'maySeeIdentities'>, request: DocumentRequest): Promise<DocumentRequest> {
  return deps.maySeeIdentities ? request : ({ ...request, options: await withNamesWithheld(deps.db, request.options) } as DocumentRequest);
}

/** The browser preview of a request: composed (like a generation) off the event loop. */
export async function previewDocument(deps: DocumentDeps, typed: DocumentRequest, now = new Date()): Promise<DocumentPreview> {
  const request = await asTypedBy(deps, typed);
  const file = await loadRequestedCaseFile(deps.db, request, deps.maySeeIdentities);
  refuseEmptySelection(file);
  // An appeal shows the code it would be given; nothing is numbered until it is generated.
  const plan = await appealPlanOf(deps, request, file, now);
  const preview = await deps.renderer.preview(file, plan?.request ?? request, now, deps.signal);
  refuseIfNamesProtected(deps, preview.namesProtectedPersons);
  return preview;
}

/** An urgent appeal's code, earlier appeal and addressees (appeal-codes.ts); null for other kinds. */
async function appealPlanOf(deps: DocumentDeps, request: DocumentRequest, file: CaseFile, now: Date): Promise<AppealPlan | null> {
  if (request.kind !== 'urgent-appeal') return null;
  const scheme = deps.appealCodeScheme !== undefined ? deps.appealCodeScheme : await readAppealCodeScheme(deps.db);
  const country = request.selection.country ?? file.country?.code ?? 'XX';
  return planAppeal(deps.db, request, { appealId: appealId(request), country, today: now.toISOString().slice(0, 10), scheme });
}

/** Tries to number an appeal before another takes its number: then plan, compose and render again. */
const APPEAL_NUMBER_ATTEMPTS = 5;

/**
 * The records a request needs, with every person its audience may not see named, and the
 * sending organisation's profile. For callers who may see names, a person key replaced by an
 * opaque one (record_key_aliases) still selects.
 */
export async function loadRequestedCaseFile(db: Db, request: DocumentRequest, resolveAliases = false): Promise<CaseFile> {
  const persons = request.selection.persons;
  const selection = resolveAliases && persons ? { ...request.selection, persons: await resolveKeyAliases(db, 'persons', persons) } : request.selection;
  const [file, sender] = await Promise.all([
    loadCaseFile(db, selection, audienceOf(request.kind), request.kind === 'eu-briefing'),
    getOrganisationProfile(db),
  ]);
  return { ...file, sender };
}

/**
 * One file of a stored version (the given format, or its primary one); refused (403) to a caller
 * without identities:read when it names a protected person. Undefined: no such version;
 * `file` undefined: the version has no file in that format.
 */
export async function readDocumentFile(deps: Pick<DocumentDeps, 'db' | 'maySeeIdentities'>, id: string, format?: DocumentFormat) {
  const doc = await getDocumentFile(deps.db, id, format);
  if (doc) refuseIfNamesProtected(deps, doc.names_protected_persons);
  return doc;
}

/**
 * Both formats of one composition, drawn at the same time on the render pool (each render is
 * its own task, so two threads share the work). Refused before any drawing when the caller may
 * not read what was composed.
 */
async function composeAndRenderBoth(deps: DocumentDeps, file: CaseFile, request: DocumentRequest, now: Date, onProgress: OnProgress) {
  await onProgress({ stage: 'composing', incidentsTotal: file.incidents.length });
  const { model, ...composition } = await deps.renderer.compose(file, request, now, deps.signal);
  // Decided by the composed document: it knows who is named and who is pseudonymised.
  refuseIfNamesProtected(deps, composition.namesProtectedPersons);
  await onProgress({ stage: 'rendering', incidentsComposed: file.incidents.length });
  const rendered = await Promise.all(FORMATS.map(async (format) => ({ format, bytes: await deps.renderer.render(model, format, deps.signal) })));
  const pdf = rendered.find((r) => r.format === 'pdf');
  await onProgress({ stage: 'storing', ...(pdf ? { pagesRendered: pdfPageCount(pdf.bytes) } : {}) });
  return { composition, rendered, text: numberedText(model) };
}

/** Where a generation is, for a job's progress (stages in order: loading, composing, rendering, storing). */
export interface GenerationProgress {
  stage: 'loading' | 'composing' | 'rendering' | 'storing';
  incidentsTotal?: number;
  incidentsComposed?: number;
  pagesRendered?: number;
}
/** Told at each stage; may throw to stop the generation there (a cancelled job). */
export type OnProgress = (progress: GenerationProgress) => Promise<void>;
const noProgress: OnProgress = async () => {};

/** Pages of a PDF as pdfkit writes it: one `/Type /Page` object per page. */
export function pdfPageCount(bytes: Uint8Array): number {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1').match(/\/Type \/Page\b(?!s)/g)?.length ?? 0;
}

export async function generateDocument(
  deps: DocumentDeps,
  typed: DocumentRequest,
  actor: string | null = null,
  /** Runs inside the transaction that stores the document (see insertDocumentVersion). */
  beforeCommit?: (trx: Db, saved: DocumentSummary) => Promise<void>,
  onProgress: OnProgress = noProgress,
): Promise<{ document: DocumentSummary; composition: Omit<ComposedModel, 'model'> }> {
  const now = new Date();
  await onProgress({ stage: 'loading' });
  const request = await asTypedBy(deps, typed);
  const file = await loadRequestedCaseFile(deps.db, request, deps.maySeeIdentities);
  refuseEmptySelection(file);
  for (let attempt = 1; ; attempt++) {
    const plan = await appealPlanOf(deps, request, file, now);
    try {
      return await composeAndStore(deps, request, file, now, plan, actor, beforeCommit, onProgress);
    } catch (err) {
      if (!(err instanceof AppealNumberTaken)) throw err;
      if (attempt >= APPEAL_NUMBER_ATTEMPTS) throw new BusyError('Other appeals are being numbered at the same time; try again.', 1);
    }
  }
}

async function composeAndStore(
  deps: DocumentDeps,
  request: DocumentRequest,
  file: CaseFile,
  now: Date,
  plan: AppealPlan | null,
  actor: string | null,
  beforeCommit: ((trx: Db, saved: DocumentSummary) => Promise<void>) | undefined,
  onProgress: OnProgress,
): Promise<{ document: DocumentSummary; composition: Omit<ComposedModel, 'model'> }> {
  // Composing and drawing are CPU work: they run in the renderer's workers, off the event loop.
  const { composition, rendered, text } = await composeAndRenderBoth(deps, file, plan?.request ?? request, now, onProgress);
  const { provenance } = composition;
  // Kind and code, or kind, country and date: a file name travels in e-mails and must never carry a name.
  const baseName = plan ? `${request.kind}-${codeForFileName(plan.code)}` : `${request.kind}-${composition.countryCode}-${now.toISOString().slice(0, 10)}`;
  // A caller who left while the last render finished: nothing is stored (its retry starts afresh).
  throwIfCancelled(deps.signal);
  const files: NewFile[] = rendered.map(({ format, bytes }) => ({
    format,
    file_name: `${baseName}.${format}`,
    content_type: CONTENT_TYPES[format],
    bytes,
    byte_size: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }));
  const primary = files.find((f) => f.format === request.format)!;
  const document = await insertDocumentVersion(deps.db, {
    id: randomUUID(),
    series_id: seriesId(request),
    kind: request.kind,
    format: request.format,
    language: request.language,
    title: composition.title,
    file_name: primary.file_name,
    content_type: primary.content_type,
    status: 'draft',
    draft: request.draft,
    request: request as unknown as object,
    provenance: provenance as unknown as object,
    byte_size: primary.byte_size,
    sha256: primary.sha256,
    template_hash: composition.templateHash,
    claims: provenance.claims.length,
    incidents: provenance.records.incidents.length,
    sources: provenance.records.sources.length,
    created_by: actor,
    names_protected_persons: composition.namesProtectedPersons,
    text: text as unknown as object,
  }, files, async (trx, saved) => {
    // The appeal's numbers are taken with the document, or not at all.
    await plan?.claim(trx);
    await beforeCommit?.(trx, saved);
  });
  return { document, composition };
}

/** One appeal whatever its format or draft state: the PDF, the DOCX and the drafts of a request share its code. */
export function appealId(request: DocumentRequest): string {
  const { format: _format, draft: _draft, ...rest } = request;
  return seriesId(rest as DocumentRequest);
}

/** The same request (whatever its key order) continues the same series of versions. */
export function seriesId(request: DocumentRequest): string {
  const hex = createHash('sha256').update(stableJson(request)).digest('hex');
  // Shaped as a UUID so it fits the uuid column.
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
