import { ANONYMOUS, maySeeIdentities } from '../../auth/roles.js';
import { mayUse } from '../actions.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CompositionAuditError, CompositionRefused } from '../../documents/compose/compose.js';
import { generateDocument, previewDocument } from '../../documents/documents.service.js';
import type { DocumentPreview } from '../../documents/workers/compose-tasks.js';
import { DOCUMENT_KINDS, DocumentRequestSchema, type DocumentKind, type DocumentRequest } from '../../documents/request.schemas.js';
import { HttpError, notFound } from '../../http/errors.js';
import { problemsFromZod, type Problem } from '../../shared/problems.js';
import { InvalidInputError } from '../../shared/errors.js';
import { errorsByField, type Errors, type Values } from '../fields.js';
import { filledQuery } from '../listing.js';
import { actorOf, renderPage } from '../page.js';
import { incidentsById } from '../../records/record-choices.repository.js';
import { demoteHeadings } from './preview-markup.js';
import { ambiguityViews, parseChoice, parseFormValues, recordProblem, saveChoice } from './name-choices.js';
import { ConflictError } from '../../shared/errors.js';
import { getOrganisationProfile } from '../../records/organisation-profile.repository.js';
import {
  defaultValues, documentRequestInput, GENERATE_LABELS, generateForm, KIND_AUDIENCE, KIND_TITLES, LINE_FIELDS,
} from './generate.form.js';

function kindOr404(kind: string): DocumentKind {
  if (!(DOCUMENT_KINDS as readonly string[]).includes(kind)) throw notFound(`Document kind '${kind}'`);
  return kind as DocumentKind;
}

type Validated = { ok: true; request: DocumentRequest } | { ok: false; errors: Errors };

function validate(kind: DocumentKind, values: Values): Validated {
  const parsed = DocumentRequestSchema.safeParse(documentRequestInput(kind, values), { reportInput: true });
  if (parsed.success) return { ok: true, request: parsed.data };
  return { ok: false, errors: errorsByField(problemsFromZod(parsed.error), Object.keys(GENERATE_LABELS), GENERATE_LABELS, LINE_FIELDS) };
}

/** Incidents the composition refused (no source), each with a link to add one. */
function refusedIncidents(problems: readonly Problem[]) {
  return problems.flatMap((p) => {
    const m = /^\/incidents\/([a-z0-9-]+)$/.exec(p.path);
    return m ? [{ key: m[1]!, message: p.message, edit: `/incidents/${m[1]}/edit#sources` }] : [];
  });
}

/** Typed names the composition refused (they may be either of two persons), each with a link to its record. */
const refusedNames = (problems: readonly Problem[]) => problems.flatMap((p) => recordProblem(p) ?? []);

/** The composition's refusals as form errors: an empty selection belongs to the records fieldset. */
function refusalErrors(err: CompositionRefused): Errors {
  const other = err.problems.filter((p) => !p.path.startsWith('/incidents/') && recordProblem(p) === null);
  const errors = errorsByField(other, ['selection'], { selection: 'Records' });
  if (refusedIncidents(err.problems).length > 0) {
    errors[''] = `${err.message} Each is listed under the preview with a link to add a source.`;
  } else if (refusedNames(err.problems).length > 0) {
    errors[''] = err.message;
  }
  return errors;
}

/** What a refusal lists below the form: incidents without a source, names to resolve. */
const refusalLists = (err: CompositionRefused) => ({ refused: refusedIncidents(err.problems), refusedNames: refusedNames(err.problems) });

/**
 * Generate: one form per kind → preview (the document as HTML, citations and pseudonyms marked,
 * unsourced incidents flagged) → generate (stored as a new version) → the document's page.
 */
export async function generatePages(web: FastifyInstance): Promise<void> {
  web.get('/generate', async (request, reply) =>
    renderPage(request, reply, 'generate/choose', {
      title: 'Generate a document',
      section: 'generate',
      kinds: DOCUMENT_KINDS.map((k) => ({ kind: k, title: KIND_TITLES[k], audience: KIND_AUDIENCE[k] })),
    }));

  web.get<{ Params: { kind: string } }>('/generate/:kind', async (request, reply) => {
    const kind = kindOr404(request.params.kind);
    const prefill = filledQuery(request.query);
    const defaults = defaultValues(kind, (await getOrganisationProfile(web.db))?.confidentialityRequest ?? true);
    const values = Object.keys(prefill).length > 0 ? { ...defaults, ...prefill } : defaults;
    return showForm(request, reply, kind, values, {});
  });

  web.post<{ Params: { kind: string } }>('/generate/:kind/preview', async (request, reply) => {
    const kind = kindOr404(request.params.kind);
    return previewPage(request, reply, kind, request.body as Values);
  });

  // A choice for a typed name that may be either of two persons: saved as a mention, then the
  // same preview again (the form's values travel with the choice).
  web.post<{ Params: { kind: string } }>('/generate/:kind/mention', async (request, reply) => {
    const kind = kindOr404(request.params.kind);
    const body = request.body as Values;
    const values = parseFormValues(body.form);
    const choice = parseChoice(body);
    if (!maySeeIdentities(request.principal ?? ANONYMOUS)) throw new HttpError(403, 'Choosing whom a name means needs a colleague who may see identities.');
    let version: number;
    try {
      ({ version } = await saveChoice(web.db, request, choice));
    } catch (err) {
      if (err instanceof ConflictError) {
        return showForm(request, reply, kind, values, {
          '': 'The record changed since this preview, so nothing was saved. Preview again to see what it says now.',
        }, {}, 409);
      }
      throw err;
    }
    return previewPage(request, reply, kind, values, {
      notice: `Saved: the ${choice.collection === 'incidents' ? 'incident' : choice.collection.replace(/s$/, '')} ${choice.key} now mentions the person chosen (version ${version}).`,
    });
  });

  async function previewPage(request: FastifyRequest, reply: FastifyReply, kind: DocumentKind, values: Values, extra: Record<string, unknown> = {}) {
    const checked = validate(kind, values);
    if (!checked.ok) return showForm(request, reply, kind, values, checked.errors, {}, 422);
    let preview: DocumentPreview;
    try {
      preview = await previewDocument({ db: web.db, renderer: web.renderer, maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS) }, checked.request);
    } catch (err) {
      if (err instanceof CompositionRefused) return showForm(request, reply, kind, values, refusalErrors(err), refusalLists(err), 422);
      if (err instanceof CompositionAuditError) return showForm(request, reply, kind, values, auditErrors(request, err), {}, 422);
      if (err instanceof InvalidInputError) return showForm(request, reply, kind, values, optionErrors(err), {}, 422);
      throw err;
    }
    const principal = request.principal ?? ANONYMOUS;
    const viewer = { seeNames: maySeeIdentities(principal), mayChoose: mayUse(principal, 'POST /generate/:kind/mention') };
    const { _csrf: _token, ...formValues } = values;
    const ambiguities = ambiguityViews(preview.ambiguities, viewer, JSON.stringify(formValues));
    const unsourced = (await incidentsById(web.db, preview.unsourcedIncidentIds)).map((i) => ({
      key: i.key, message: `“${i.title}” has no source`, edit: `/incidents/${i.key}/edit#sources`,
    }));
    return showForm(request, reply, kind, values, {}, {
      ...extra,
      preview: {
        ambiguities,
        blockingAmbiguities: !checked.request.draft && ambiguities.some((a) => a.blocking),
        html: demoteHeadings(preview.html),
        title: preview.title,
        claims: preview.claims,
        sources: preview.sources,
        pseudonymised: preview.pseudonymised,
        unsourced,
        draft: checked.request.draft,
        format: checked.request.format.toUpperCase(),
        requestJson: JSON.stringify(checked.request),
      },
    });
  }

  web.post<{ Params: { kind: string } }>('/generate/:kind', async (request, reply) => {
    const kind = kindOr404(request.params.kind);
    const body = request.body as Values;
    let raw: unknown;
    try {
      raw = JSON.parse(String(body.request ?? ''));
    } catch {
      throw new HttpError(400, 'The document request was garbled; go back to the form and preview again');
    }
    const parsed = DocumentRequestSchema.safeParse(raw);
    if (!parsed.success || parsed.data.kind !== kind) {
      throw new HttpError(400, 'The document request is not valid; go back to the form and preview again');
    }
    try {
      const { document } = await generateDocument({ db: web.db, renderer: web.renderer, maySeeIdentities: maySeeIdentities(request.principal ?? ANONYMOUS) }, parsed.data, actorOf(request));
      return reply.redirect(`/documents/${document.id}?generated=1`, 303);
    } catch (err) {
      // The records changed since the preview: show the form again with what is wrong now.
      const values = requestValues(parsed.data);
      if (err instanceof CompositionRefused) return showForm(request, reply, kind, values, refusalErrors(err), refusalLists(err), 422);
      if (err instanceof CompositionAuditError) return showForm(request, reply, kind, values, auditErrors(request, err), {}, 422);
      if (err instanceof InvalidInputError) return showForm(request, reply, kind, values, optionErrors(err), {}, 422);
      throw err;
    }
  });

  async function showForm(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: DocumentKind,
    values: Values,
    errors: Errors,
    extra: Record<string, unknown> = {},
    status = 200,
  ) {
    const form = await generateForm(web.db, kind, values, errors);
    return renderPage(request, reply, 'generate/form', {
      title: extra.preview ? `Preview: ${KIND_TITLES[kind]}` : `Generate: ${KIND_TITLES[kind]}`,
      section: 'generate',
      kind,
      kindTitle: KIND_TITLES[kind],
      audience: KIND_AUDIENCE[kind],
      is: { [kind]: true },
      errors,
      selectionError: errors.selection,
      ...form,
      ...extra,
    }, status);
  }
}

/** An option the records refuse (an unknown addressee, an earlier appeal without its date), beside its field. */
function optionErrors(err: InvalidInputError): Errors {
  return errorsByField(err.problems, Object.keys(GENERATE_LABELS), GENERATE_LABELS, LINE_FIELDS);
}

/** An audit refusal must not echo what it caught (it may be a protected name): say what it means. */
function auditErrors(request: FastifyRequest, _err: CompositionAuditError): Errors {
  request.log.warn({ err: { type: 'CompositionAuditError' } }, 'document composition failed an audit');
  return {
    '': 'The document could not be assembled safely (a consent or citation check failed), so nothing was produced. Check the names written into the selected incidents\' titles and summaries, or report this with the time it happened.',
  };
}

/** A stored request back as form values (for redrawing the form after a late refusal). */
function requestValues(request: DocumentRequest): Values {
  const values: Values = {
    format: request.format,
    draft: request.draft ? 'on' : undefined,
    methodologyNote: request.methodologyNote ? 'on' : undefined,
    'selection.country': request.selection.country,
    'selection.from': request.selection.from,
    'selection.to': request.selection.to,
    'selection.incidents': request.selection.incidents,
    'selection.persons': request.selection.persons,
    'selection.rights': request.selection.rights,
    'selection.sourcedOnly': request.selection.sourcedOnly ? 'on' : undefined,
  };
  const o = request.options as Record<string, unknown>;
  if (request.kind === 'urgent-appeal') {
    const { addressees, followsAppeal, languages } = request.options;
    // Picked ids back into the address book's checkboxes (a group ticks only its own); typed ones into the textarea.
    const ids = addressees.filter((a): a is number => typeof a === 'number').map(String);
    values['options.addresseeIds.*'] = ids;
    values['options.addressees'] = addressees.flatMap((a) => (typeof a === 'number' ? [] : [[a.title, a.name ?? '', a.address ?? '', a.email ?? ''].join(' | ')])).join('\n');
    if (followsAppeal) Object.assign(values, { 'options.followsAppeal.code': followsAppeal.code, 'options.followsAppeal.date': followsAppeal.date });
    if (languages) values['options.languages'] = languages.join(', ');
    if (request.options.sampleLetter) values['options.sampleLetter'] = 'on';
  }
  for (const [k, v] of Object.entries(o)) {
    if (k === 'addressees' || k === 'languages') continue;
    if (typeof v === 'string') values[`options.${k}`] = v;
    else if (typeof v === 'boolean') values[`options.${k}`] = v ? 'on' : undefined;
    else if (Array.isArray(v) && v.every((x) => typeof x === 'string')) values[`options.${k}`] = k === 'mandates' ? v : v.join('\n');
  }
  return values;
}
