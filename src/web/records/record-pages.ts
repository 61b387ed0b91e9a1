import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { KEPT, translationColumns, translationsInput, translationValues } from './translation-fields.js';
import type { z } from 'zod';
import type { Db } from '../../db/database.js';
import { notFound } from '../../http/errors.js';
import { KEY_PATTERN } from '../../records/bundle.schemas.js';
import { freeKey } from '../../records/record-choices.repository.js';
import { nextOpaqueKey, resolveKeyAlias } from '../../records/record-keys.repository.js';
import type { Problem } from '../../shared/problems.js';
import type { AfterSave } from '../../records/records.service.js';
import type { Page, RecordStore } from '../../records/record-stores.repository.js';
import { fieldViews, keepOrder, type Errors, type FieldSpec, type Values } from '../fields.js';
import { filledQuery, headings, listView, pager, queryString, type Column, type Sort } from '../listing.js';
import { mayUse, principalOf } from '../actions.js';
import { renderPage } from '../page.js';
import { proposeMentions, showMentionProposal, wantsEdit } from './mention-confirm.js';
import { saveFromForm } from './save.js';

/** The record types with staff pages: each is a nav section, a path segment and a table. */
export type RecordSection = 'incidents' | 'persons' | 'sources' | 'recommendations';

/** What a list query asks for: the values drawn back into the filter form, and the store's filter or why there is none. */
export type ListQuery<TFilter> = { shown: Values; filter: TFilter } | { shown: Values; errors: Errors };

/**
 * Everything that differs between the record types' pages; the routes themselves are the same
 * (compare routes/api/records/record-routes.ts for the API).
 */
export interface RecordPagesSpec<TInput extends { key: string }, TRecord extends { key: string }, TFilter> {
  section: RecordSection;
  store: RecordStore<TInput, TRecord, TFilter>;
  /** The API's create schema: forms are checked by the same rules. */
  schema: z.ZodType;
  /** Field labels for error messages ("Pseudonym: must not be empty"), by field name. */
  labels: Record<string, string>;
  list: {
    /** The list query's filter, from the query's non-empty values (without `page`). */
    query(raw: Values, page: Page): ListQuery<TFilter>;
    /** The filter form's fields, in the order drawn. */
    fields(db: Db): Record<string, FieldSpec> | Promise<Record<string, FieldSpec>>;
    /** One table row's values. */
    row(record: TRecord): Record<string, unknown>;
    /** Anything else the list template draws. */
    extra?(shown: Values): Record<string, unknown>;
    /** The table's columns (those with a sort key sort the list), and the order without a choice: newest first. */
    columns: Column[];
    defaultSort: Sort;
  };
  form: {
    /** The key field's hint on a new record (on an existing one the key is read-only). */
    keyHint: string;
    /** The form's fields besides the key (with their choices), and anything else its template draws. */
    fields(db: Db, values: Values, errors: Errors, editing: boolean): Promise<FormParts>;
    /** A new record's form values; `query` may prefill some. */
    blank(db: Db, query: Values): Values | Promise<Values>;
    /** The form values of an existing record. */
    values(record: NoInfer<TRecord>): Values;
    /** The create body (as the API takes it) from the form's values. */
    input(values: Values, key: string): unknown;
    /** Submitted values tidied before they are read or drawn back (e.g. repeated rows renumbered). */
    normalise?(values: Values): Values;
    /** The words a key is made from when the form leaves it empty. */
    /**
     * How a record saved without a key gets one: opaque (`p-xx-0001`) where a key made from the
     * record could spell a name, otherwise made from these words and kept free.
     */
    newKey: { opaquePrefix: string; avoid?(key: string, valid: TInput): boolean } | { from(valid: TInput): string };
    /** Checks a new record's key must pass (a key that spells a name: consent/record-keys.ts). */
    keyCheck?: (db: Db, input: TInput) => Promise<Problem[]>;
    /** Checks a changed record must pass (a pseudonym that shares a part of the real name). */
    replaceCheck?: (db: Db, input: TInput) => Promise<Problem[]>;
    /** In the save's transaction: the record keys renamed because they now spell a name it brought (persons). */
    renameKeys?: AfterSave<TInput, readonly unknown[]>;
    /**
     * Lists whose order means something, and the order they have now: ticked items keep it and
     * new ones follow (checkboxes list in vocabulary or name order).
     */
    ordered?(existing: TRecord): Record<string, readonly string[]>;
    /** Errors reworded for the form (the API's wording names JSON fields). */
    wording?(errors: Errors): Errors;
  };
  /** The detail page's title and data. */
  detail(db: Db, record: TRecord): Promise<{ title: string } & Record<string, unknown>>;
}

/** A form's fields besides the key; whatever else it holds (repeated rows, hints) goes to the template as is. */
export interface FormParts {
  fields: Record<string, FieldSpec>;
}

/**
 * GET /<section> (a filtered, paged list), GET /<section>/new, POST /<section> (create),
 * GET /<section>/:key, GET /<section>/:key/edit and POST /<section>/:key (replace). Saving goes
 * through the same schema and record service as the API; on a problem the form comes back (422)
 * with each message beside its field and what was typed kept. An unknown key is a 404.
 */
export function registerRecordPages<TInput extends { key: string }, TRecord extends { key: string }, TFilter>(
  web: FastifyInstance,
  spec: RecordPagesSpec<TInput, TRecord, TFilter>,
): void {
  const { section, store, form } = spec;
  const noun = store.label;
  const base = `/${section}`;
  const common = { section, noun };

  async function loadOr404(key: string): Promise<TRecord> {
    const record = KEY_PATTERN.test(key) ? await store.load(web.db, key) : undefined;
    if (!record) throw notFound(`${capitalise(noun)} '${key}'`);
    return record;
  }

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, editing: boolean, status = 200) {
    const key = String(values.key ?? '');
    const { fields, ...extra } = await form.fields(web.db, values, errors, editing);
    const keyField: FieldSpec = editing
      ? { label: 'Key', readonly: true, hint: `The ${noun}'s stable identifier; it cannot be changed.` }
      : { label: 'Key', maxlength: 80, hint: form.keyHint };
    return renderPage(request, reply, `${section}/form`, {
      ...common,
      title: editing ? `Edit ${noun} ${key}` : `New ${noun}`,
      editing,
      action: editing ? `${base}/${key}` : base,
      cancel: editing ? `${base}/${key}` : base,
      fields: fieldViews({ key: keyField, ...fields }, values, errors),
      errors,
      // Translations of the free text, a column per language (staff pages stay English).
      translations: translationColumns(section).map((c) => ({ ...c, fields: Object.values(fieldViews(c.fields, values, errors)) })),
      translationsKept: typeof values[KEPT] === 'string' ? values[KEPT] : '',
      ...extra,
    }, status);
  }

  async function save(mode: 'create' | 'replace', values: Values, key: string, given: boolean) {
    const newKey = form.newKey;
    const fill = async (valid: TInput) => (given ? valid : {
      ...valid,
      key: 'opaquePrefix' in newKey
        ? await nextOpaqueKey(web.db, section, newKey.opaquePrefix, (k) => newKey.avoid?.(k, valid) ?? false)
        : await freeKey(web.db, section, newKey.from(valid)),
    });
    const input = { ...(form.input(values, key) as object), ...translationsInput(section, values) };
    const result = await saveFromForm(
      web.db, store, mode, spec.schema, input, spec.labels, mode === 'create' ? fill : undefined, form.keyCheck, form.replaceCheck,
      form.renameKeys as AfterSave<{ key: string }, readonly unknown[]> | undefined,
    );
    return result.ok ? result : { ...result, errors: form.wording ? form.wording(result.errors) : result.errors };
  }

  /** The saved record's page, saying so (and how many keys the save renamed: a count, never the old keys). */
  const savedAt = (saved: { key: string; keysRenamed: number }) =>
    `${base}/${saved.key}?saved=1${saved.keysRenamed > 0 ? `&renamed=${saved.keysRenamed}` : ''}`;

  web.get(base, async (request, reply) => {
    const view = listView(filledQuery(request.query), spec.list.columns, spec.list.defaultSort);
    const window = { limit: view.size, offset: (view.page - 1) * view.size, sort: view.sort };
    const query = spec.list.query(view.filters, window);
    const errors = 'errors' in query ? query.errors : {};
    const { items, total } = 'filter' in query ? await store.list(web.db, query.filter, window) : { items: [], total: 0 };
    const sorted = spec.list.columns.find((c) => c.sort === view.sort.by);
    return renderPage(request, reply, `${section}/list`, {
      ...common,
      title: capitalise(section),
      filters: fieldViews(await spec.list.fields(web.db), query.shown, errors),
      filtered: Object.keys(query.shown).length > 0,
      errors,
      items: items.map(spec.list.row),
      headings: headings(base, query.shown, view.keep, spec.list.columns, view.sort),
      sortedBy: sorted ? `sorted by ${sorted.label.toLowerCase()}, ${view.sort.dir === 'asc' ? 'ascending' : 'descending'}` : 'newest first',
      // The filter form keeps the sort and page size; a new filter starts on page 1.
      keepHidden: Object.entries(view.keep).map(([name, value]) => ({ name, value })),
      pager: pager(base, query.shown, view.page, total, items.length, section, view.size, view.keep),
      newButton: mayUse(principalOf(request), `GET ${base}/new`),
      ...spec.list.extra?.(query.shown),
    }, 'errors' in query ? 400 : 200);
  });

  web.get(`${base}/new`, async (request, reply) =>
    showForm(request, reply, await form.blank(web.db, filledQuery(request.query)), {}, false));

  web.post(base, async (request, reply) => {
    const values = form.normalise ? form.normalise(request.body as Values) : (request.body as Values);
    // Names of persons on record typed as plain text: show them turned into mentions first.
    if (wantsEdit(values)) return showForm(request, reply, values, {}, false);
    const proposal = await proposeMentions(web.db, section, values);
    if (proposal) return showMentionProposal(request, reply, proposal, values, { action: base, cancel: base, record: noun, labels: spec.labels, collection: section });
    const given = String(values.key ?? '').trim();
    const result = await save('create', values, given || 'placeholder-key', given !== '');
    if (result.ok) return reply.redirect(savedAt(result), 303);
    return showForm(request, reply, values, result.errors, false, 422);
  });

  web.get<{ Params: { key: string } }>(`${base}/:key`, async (request, reply) => {
    // An old key (renamed because it spelled a name) leads to the record's page under its key now:
    // staff links made before the renaming keep working. Staff may see names (the key spelled one).
    const { key } = request.params;
    if (KEY_PATTERN.test(key) && !(await store.load(web.db, key))) {
      const current = await resolveKeyAlias(web.db, section, key);
      if (current !== undefined) return reply.redirect(`${base}/${current}`, 302);
    }
    const record = await loadOr404(key);
    return renderPage(request, reply, `${section}/detail`, {
      ...common,
      key: record.key,
      saved: (request.query as Record<string, unknown>).saved === '1',
      keysRenamed: keysRenamedOf(request.query),
      ...(await spec.detail(web.db, record)),
    });
  });

  web.get<{ Params: { key: string } }>(`${base}/:key/edit`, async (request, reply) =>
    showForm(request, reply, await (async () => {
      const record = await loadOr404(request.params.key);
      return { ...form.values(record), ...translationValues(section, record as { translations?: unknown }) };
    })(), {}, true));

  web.post<{ Params: { key: string } }>(`${base}/:key`, async (request, reply) => {
    const { key } = request.params;
    const existing = await loadOr404(key);
    const submitted = request.body as Values;
    const values: Values = { ...(form.normalise ? form.normalise(submitted) : submitted), key };
    for (const [name, previous] of Object.entries(form.ordered?.(existing) ?? {})) values[name] = keepOrder(previous, values[name]);
    if (wantsEdit(values)) return showForm(request, reply, values, {}, true);
    const proposal = await proposeMentions(web.db, section, values);
    if (proposal) return showMentionProposal(request, reply, proposal, values, { action: `${base}/${key}`, cancel: `${base}/${key}`, record: noun, labels: spec.labels, collection: section });
    const result = await save('replace', values, key, true);
    // Under its key now: a person renamed so that its own key spells the new name gets an opaque one.
    if (result.ok) return reply.redirect(savedAt(result), 303);
    return showForm(request, reply, values, result.errors, true, 422);
  });
}

/** `renamed=N` of a saved record's page: a small count, or 0 for anything else. */
function keysRenamedOf(query: unknown): number {
  const raw = (query as Record<string, unknown>).renamed;
  return typeof raw === 'string' && /^[1-9]\d{0,5}$/.test(raw) ? Number(raw) : 0;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The query values that are allowed for their filter (one of a list, or matching a pattern), in
 * the order named; anything else is left out: a list page ignores a filter it cannot apply.
 */
export function allowedFilters(raw: Values, allowed: Record<string, readonly string[] | RegExp>): Values {
  const out: Values = {};
  for (const [name, rule] of Object.entries(allowed)) {
    const v = raw[name];
    if (typeof v === 'string' && (rule instanceof RegExp ? rule.test(v) : rule.includes(v))) out[name] = v;
  }
  return out;
}

/** Free text to search for, as a list filter takes it: at most 200 characters, no NUL. */
export function searchText(v: string | string[] | undefined): string | undefined {
  return typeof v === 'string' ? v.slice(0, 200).replace(/\u0000/g, '') : undefined;
}
