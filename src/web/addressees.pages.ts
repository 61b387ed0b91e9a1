import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../http/errors.js';
import { AddresseeSchema, type Addressee } from '../records/addressees.schemas.js';
import { getAddressee, listAddressees } from '../records/addressees.repository.js';
import { createAddressee, removeAddressee, replaceAddressee } from '../records/addressees.service.js';
import { countries } from '../records/record-choices.repository.js';
import { problemsFromZod } from '../shared/problems.js';
import { errorsByField, fieldViews, optionalText, text, type Errors, type FieldSpec, type Values } from './fields.js';
import { filledQuery, headings, listView, pager, type Column } from './listing.js';
import { mayUse, principalOf } from './actions.js';

/** The address book's columns (listed by country, then title: no other order is offered). */
const COLUMNS: Column[] = [{ label: 'Title' }, { label: 'Name' }, { label: 'Country' }, { label: 'Salutation' }];
import { renderPage } from './page.js';

/**
 * The address book's pages: the authorities to write to, per country — list (by country),
 * detail, add, edit, delete. Saved through the API's schema and service.
 */

const LABELS: Record<string, string> = {
  country: 'Country', title: 'Title', name: 'Name', postalAddress: 'Postal address', email: 'E-mail', fax: 'Fax',
  salutation: 'Salutation', language: 'Languages',
};
const common = { section: 'addressees' as const, noun: 'addressee' };

function fields(known: Array<{ code: string; name: string }>): Record<string, FieldSpec> {
  return {
    country: {
      label: 'Country', type: 'select', required: true, empty: '— choose —',
      options: known.map((c) => ({ value: c.code, label: c.name })), hint: 'Whose authority this is.',
    },
    title: { label: 'Title', required: true, maxlength: 300, hint: 'The office, as a letter is addressed: e.g. "Prosecutor General of the Republic of Kazakhstan".' },
    name: { label: 'Name', maxlength: 300, hint: 'Who holds the office now.' },
    postalAddress: { label: 'Postal address', type: 'textarea', rows: 4, maxlength: 500, hint: 'As on the envelope, one line per line.' },
    email: { label: 'E-mail', type: 'email', maxlength: 320 },
    fax: { label: 'Fax', maxlength: 50, placeholder: '+7 7172 00 00 00' },
    salutation: { label: 'Salutation', maxlength: 200, hint: 'How a letter opens, e.g. "Dear Prosecutor General".' },
    language: { label: 'Languages', maxlength: 100, hint: 'Languages to write in, e.g. "Kazakh, Russian, English".' },
  };
}

function input(values: Values) {
  const opt = (k: string) => optionalText(values, k);
  return {
    country: optionalText(values, 'country') ?? undefined,
    title: text(values, 'title'),
    name: opt('name'), postalAddress: opt('postalAddress'), email: opt('email'), fax: opt('fax'),
    salutation: opt('salutation'), language: opt('language'),
  };
}

function valuesOf(a: Addressee): Values {
  return {
    country: a.country, title: a.title, name: a.name ?? '', postalAddress: a.postalAddress ?? '', email: a.email ?? '',
    fax: a.fax ?? '', salutation: a.salutation ?? '', language: a.language ?? '',
  };
}

function idOr404(raw: string): number {
  if (!/^\d{1,9}$/.test(raw)) throw notFound(`Addressee '${raw}'`);
  return Number(raw);
}

export async function addresseePages(web: FastifyInstance): Promise<void> {
  async function loadOr404(raw: string): Promise<Addressee> {
    const found = await getAddressee(web.db, idOr404(raw));
    if (!found) throw notFound(`Addressee '${raw}'`);
    return found;
  }

  async function showForm(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, id: number | null, status = 200) {
    const known = await countries(web.db);
    return renderPage(request, reply, 'addressees/form', {
      ...common,
      title: id === null ? 'New addressee' : `Edit addressee ${id}`,
      action: id === null ? '/addressees' : `/addressees/${id}`,
      cancel: id === null ? '/addressees' : `/addressees/${id}`,
      fields: fieldViews(fields(known), values, errors),
      errors,
    }, status);
  }

  /** Saves a form; the errors by field when the schema refuses it. */
  async function save(values: Values, id: number | null): Promise<{ id: number } | { errors: Errors }> {
    const parsed = AddresseeSchema.safeParse(input(values), { reportInput: true });
    if (!parsed.success) return { errors: errorsByField(problemsFromZod(parsed.error), Object.keys(LABELS), LABELS) };
    const saved = id === null ? await createAddressee(web.db, parsed.data) : await replaceAddressee(web.db, id, parsed.data);
    return { id: saved.id };
  }

  web.get('/addressees', async (request, reply) => {
    const view = listView(filledQuery(request.query), COLUMNS, { by: 'country', dir: 'asc' });
    const raw = view.filters;
    const page = view.page;
    const country = typeof raw.country === 'string' && /^[A-Z]{2}$/.test(raw.country) ? raw.country : undefined;
    const shown: Values = country ? { country } : {};
    const known = await countries(web.db);
    const names = new Map(known.map((c) => [c.code, c.name]));
    const { items, total } = await listAddressees(web.db, { country }, { limit: view.size, offset: (page - 1) * view.size });
    return renderPage(request, reply, 'addressees/list', {
      ...common,
      title: 'Address book',
      filters: fieldViews({ country: { label: 'Country', type: 'select', empty: 'Any country', options: known.map((c) => ({ value: c.code, label: c.name })) } }, shown, {}),
      filtered: country !== undefined,
      items: items.map((a) => ({ ...a, countryName: names.get(a.country) ?? a.country })),
      headings: headings('/addressees', shown, view.keep, COLUMNS, view.sort),
      keepHidden: Object.entries(view.keep).map(([name, value]) => ({ name, value })),
      pager: pager('/addressees', shown, page, total, items.length, 'addressees', view.size, view.keep),
      newButton: mayUse(principalOf(request), 'GET /addressees/new'),
    });
  });

  web.get('/addressees/new', async (request, reply) => showForm(request, reply, filledQuery(request.query), {}, null));

  web.post('/addressees', async (request, reply) => {
    const values = request.body as Values;
    const result = await save(values, null);
    if ('id' in result) return reply.redirect(`/addressees/${result.id}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, null, 422);
  });

  web.get<{ Params: { id: string } }>('/addressees/:id', async (request, reply) => {
    const a = await loadOr404(request.params.id);
    const known = await countries(web.db);
    return renderPage(request, reply, 'addressees/detail', {
      ...common,
      key: String(a.id),
      title: a.title,
      saved: (request.query as Record<string, unknown>).saved === '1',
      a,
      countryName: known.find((c) => c.code === a.country)?.name ?? a.country,
      addressLines: (a.postalAddress ?? '').split(/\r?\n/).filter((l) => l.trim() !== ''),
    });
  });

  web.get<{ Params: { id: string } }>('/addressees/:id/edit', async (request, reply) => {
    const a = await loadOr404(request.params.id);
    return showForm(request, reply, valuesOf(a), {}, a.id);
  });

  web.post<{ Params: { id: string } }>('/addressees/:id', async (request, reply) => {
    const a = await loadOr404(request.params.id);
    const values = request.body as Values;
    const result = await save(values, a.id);
    if ('id' in result) return reply.redirect(`/addressees/${a.id}?saved=1`, 303);
    return showForm(request, reply, values, result.errors, a.id, 422);
  });

  web.post<{ Params: { id: string } }>('/addressees/:id/delete', async (request, reply) => {
    const a = await loadOr404(request.params.id);
    await removeAddressee(web.db, a.id);
    return reply.redirect('/addressees?deleted=1', 303);
  });
}
