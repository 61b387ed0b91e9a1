/**
 * The work a render thread does besides drawing: composing a loaded case file (consent redaction
 * and the audits, seconds at 1000 incidents) into a stored document's bytes and provenance, or
 * into the browser preview. Plain functions: the pool runs them in its threads, and a renderer
 * with no threads runs them in-process.
 */
import type { CaseFile } from '../case-file/case-file.js';
import {
  adoptDocumentMatchers, type DocumentMatcherIndexes,
} from '../../consent/index.js';
import { compose, CompositionAuditError, CompositionRefused, type Composition, type ComposeOptions, type Provenance } from '../compose/compose.js';
import type { NameAmbiguity } from '../compose/name-ambiguities.js';
import { renderHtml } from '../render/html/html.renderer.js';
import type { DocumentRequest } from '../request.schemas.js';
import type { DocumentModel } from '../model/model.js';
import { renderDocument } from '../render/render-document.js';

/** What storing a generated document needs of its composition, and its bytes. */
export interface ComposedDocument {
  bytes: Uint8Array;
  title: string;
  countryCode: string;
  provenance: Provenance;
  templateHash: string;
  /** Prints a real name of somebody protected in the public audience (see compose.ts). */
  namesProtectedPersons: boolean;
}

/** A composition ready to be drawn in any format: the model and what storing it needs. */
export interface ComposedModel extends Omit<ComposedDocument, 'bytes'> {
  model: DocumentModel;
}

/** What the preview pages and the preview API show of a composition, built where it was composed. */
export interface DocumentPreview {
  /** The model as an HTML fragment (render/html): numbered, hoverable citations, pseudonyms marked, notes at the end. */
  html: string;
  title: string;
  claims: number;
  sources: number;
  pseudonymised: string[];
  /** Ids of the incidents stated without a source (a draft only). */
  unsourcedIncidentIds: number[];
  /** Prints a real name of somebody protected in the public audience (see compose.ts). */
  namesProtectedPersons: boolean;
  /** Typed names that may be either of several persons (compose/name-ambiguities.ts). */
  ambiguities: NameAmbiguity[];
}

/** A refusal crosses the thread boundary as data: errors lose their class and fields there. */
export type ComposeOutcome<T> =
  | { ok: true; value: T }
  | { ok: false; error: { kind: 'refused'; message: string; problems: CompositionRefused['problems'] } | { kind: 'audit'; message: string } }
  | { ok: false; error: { kind: 'identities-needed' } };

/** What a case file carries of everybody protected: sent to a render thread once per persons revision. */
export interface IdentityLists {
  protectedPersons: CaseFile['protectedPersons'];
  publiclyProtectedPersons: CaseFile['publiclyProtectedPersons'];
  nameablePersons: CaseFile['nameablePersons'];
  /**
   * The matchers' indexes, built by a thread of their own from these lists (render-pool.ts): shared
   * memory, so the render threads neither build them (seconds at 20,000 persons) nor copy them.
   */
  indexes?: DocumentMatcherIndexes;
}

/** A thread's lists by CaseFile.identityListsKey, of the newest revision it was sent only. */
const heldLists = new Map<string, IdentityLists>();
const revisionOf = (key: string) => key.slice(0, key.lastIndexOf('/'));

/**
 * The case file to post to a render thread: without its identity lists (thousands of persons,
 * copied into every message otherwise) when the thread may hold them by revision.
 */
export function withoutIdentityLists(file: CaseFile): { file: CaseFile; lists: IdentityLists | null } {
  if (!file.identityListsKey) return { file, lists: null };
  const { protectedPersons, publiclyProtectedPersons, nameablePersons } = file;
  return {
    file: { ...file, protectedPersons: [], publiclyProtectedPersons: [], nameablePersons: [] },
    lists: { protectedPersons, publiclyProtectedPersons, nameablePersons },
  };
}

/**
 * In the thread: the case file with its identity lists, as sent with it or as kept for its
 * revision (the same arrays, so the matchers built from them are found again: consent/index.ts);
 * null when this thread was not sent them yet (the pool then sends them).
 */
export function withIdentityLists(file: CaseFile, lists: IdentityLists | undefined): CaseFile | null {
  const key = file.identityListsKey;
  if (!key) return file;
  if (lists !== undefined) {
    for (const held of heldLists.keys()) if (revisionOf(held) !== revisionOf(key)) heldLists.delete(held);
    if (!heldLists.has(key)) {
      const { indexes, ...kept } = lists;
      if (indexes !== undefined) {
        adoptDocumentMatchers(kept.protectedPersons, kept.nameablePersons ?? [], kept.publiclyProtectedPersons, indexes);
      }
      heldLists.set(key, kept);
    }
  }
  const held = heldLists.get(key);
  return held === undefined ? null : { ...file, ...held };
}

async function composing<T>(
  file: CaseFile, request: DocumentRequest, now: Date, then: (c: Composition) => T | Promise<T>, options: ComposeOptions = {},
): Promise<ComposeOutcome<T>> {
  let composition: Composition;
  try {
    composition = compose(file, request, now, options);
  } catch (err) {
    if (err instanceof CompositionRefused) return { ok: false, error: { kind: 'refused', message: err.message, problems: err.problems } };
    if (err instanceof CompositionAuditError) return { ok: false, error: { kind: 'audit', message: err.message } };
    throw err;
  }
  return { ok: true, value: await then(composition) };
}

export function composeAndRenderHere(file: CaseFile, request: DocumentRequest, now: Date): Promise<ComposeOutcome<ComposedDocument>> {
  return composing(file, request, now, async (composition) => ({
    bytes: await renderDocument(composition.model, request.format),
    title: composition.model.meta.title,
    countryCode: composition.context.country.code,
    provenance: composition.provenance,
    templateHash: composition.templateHash,
    namesProtectedPersons: composition.namesProtectedPersons,
  }));
}

/** Composes only: the model goes back to be drawn in each format (in parallel, on the pool). */
export function composeHere(file: CaseFile, request: DocumentRequest, now: Date): Promise<ComposeOutcome<ComposedModel>> {
  return composing(file, request, now, (composition) => ({
    model: composition.model,
    title: composition.model.meta.title,
    countryCode: composition.context.country.code,
    provenance: composition.provenance,
    templateHash: composition.templateHash,
    namesProtectedPersons: composition.namesProtectedPersons,
  }));
}

export function previewHere(file: CaseFile, request: DocumentRequest, now: Date): Promise<ComposeOutcome<DocumentPreview>> {
  return composing(file, request, now, (composition) => ({
    html: renderHtml(composition.model),
    title: composition.model.meta.title,
    claims: composition.provenance.claims.length,
    sources: composition.provenance.records.sources.length,
    pseudonymised: composition.pseudonymised,
    unsourcedIncidentIds: [...new Set(composition.provenance.claims.filter((c) => c.unsourced).map((c) => c.incident.id))],
    namesProtectedPersons: composition.namesProtectedPersons,
    ambiguities: composition.ambiguities,
  }), { preview: true });
}

/** The outcome back on the calling side: the value, or the refusal thrown again as its own class. */
export function unwrap<T>(outcome: ComposeOutcome<T>): T {
  if (outcome.ok) return outcome.value;
  if (outcome.error.kind === 'identities-needed') throw new Error('a render thread was not sent the identity lists');
  if (outcome.error.kind === 'refused') throw new CompositionRefused(outcome.error.message, outcome.error.problems);
  throw new CompositionAuditError(outcome.error.message);
}
