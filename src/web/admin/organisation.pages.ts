import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { getOrganisationProfile, saveOrganisationProfile, type OrganisationProfile } from '../../records/organisation-profile.repository.js';
import { OrganisationProfileInputSchema } from '../../records/organisation-profile.schemas.js';
import { LOGO_MAX_BYTES } from '../../records/organisation-logo.js';
import { problemsFromZod } from '../../shared/problems.js';
import { errorsByField, fieldViews, isChecked, optionalText, type Errors, type FieldSpec, type Values } from '../fields.js';
import { actorOf, renderPage } from '../page.js';

const FIELDS: Record<string, FieldSpec> = {
  name: { label: 'Name', required: true, maxlength: 300, hint: 'As the sender of every document: the letterhead, "Submitted by …", the file\'s author.' },
  acronym: { label: 'Acronym', maxlength: 40 },
  postalAddress: { label: 'Postal address', type: 'textarea', rows: 3, maxlength: 500, hint: 'One line per line of the address.' },
  email: { label: 'E-mail', type: 'email', maxlength: 320 },
  phone: { label: 'Phone', maxlength: 40, placeholder: '+7 727 000 0000' },
  website: { label: 'Website', type: 'url', maxlength: 300, placeholder: 'https://' },
  'signatory.name': { label: 'Signatory: name', maxlength: 200, hint: 'Who signs letters (UN communications and urgent appeals). Leave both empty for no signature block.' },
  'signatory.title': { label: 'Signatory: title', maxlength: 200, placeholder: 'Executive Director' },
  confidentialityRequest: { label: 'By default, ask UN mandate holders to keep our identity confidential from the Government', type: 'checkbox' },
  appealCodeScheme: { label: 'Urgent appeal code scheme', maxlength: 200, placeholder: '{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}', hint: 'How urgent appeals are numbered; free text is kept as written.' },
};
const LABELS: Record<string, string> = { ...Object.fromEntries(Object.entries(FIELDS).map(([k, v]) => [k, v.label])), logo: 'Logo', signatory: 'Signatory' };

function valuesOf(p: OrganisationProfile | null): Values {
  if (!p) return { confidentialityRequest: 'on' };
  return {
    name: p.name, acronym: p.acronym ?? '', postalAddress: p.postalAddress ?? '', email: p.email ?? '', phone: p.phone ?? '',
    website: p.website ?? '', 'signatory.name': p.signatory?.name ?? '', 'signatory.title': p.signatory?.title ?? '',
    confidentialityRequest: p.confidentialityRequest ? 'on' : undefined, appealCodeScheme: p.appealCodeScheme ?? '',
  };
}

/** The form's values as the API's body: the same schema checks both. */
function inputOf(values: Values, logo: Buffer | null, removeLogo: boolean): Record<string, unknown> {
  const signatoryName = optionalText(values, 'signatory.name');
  const signatoryTitle = optionalText(values, 'signatory.title');
  return {
    name: typeof values.name === 'string' ? values.name : '',
    acronym: optionalText(values, 'acronym'),
    postalAddress: optionalText(values, 'postalAddress'),
    email: optionalText(values, 'email'),
    phone: optionalText(values, 'phone'),
    website: optionalText(values, 'website'),
    signatory: signatoryName || signatoryTitle ? { name: signatoryName ?? '', title: signatoryTitle ?? '' } : null,
    confidentialityRequest: isChecked(values.confidentialityRequest),
    appealCodeScheme: optionalText(values, 'appealCodeScheme'),
    ...(removeLogo ? { logo: null } : logo && logo.length > 0 ? { logo: logo.toString('base64') } : {}),
  };
}

/** The admin's page for the organisation profile: the sender, letterhead and signatory of every document. */
export async function organisationPages(web: FastifyInstance): Promise<void> {
  async function show(request: FastifyRequest, reply: FastifyReply, values: Values, errors: Errors, status = 200) {
    const profile = await getOrganisationProfile(web.db);
    const logo = profile?.logo;
    return renderPage(request, reply, 'admin/organisation', {
      title: 'Organisation profile',
      errors,
      fields: fieldViews(FIELDS, values, errors),
      logo: logo ? { src: `data:${logo.contentType};base64,${Buffer.from(logo.bytes).toString('base64')}`, width: logo.width, height: logo.height } : null,
      logoError: errors.logo ?? null,
      logoMaxKb: LOGO_MAX_BYTES / 1024,
      saved: (request.query as Record<string, unknown>).saved === '1',
      exists: profile !== null,
    }, status);
  }

  web.get('/admin/organisation', async (request, reply) => show(request, reply, valuesOf(await getOrganisationProfile(web.db)), {}));

  web.post('/admin/organisation', async (request, reply) => {
    const values = (request.body ?? {}) as Values & { logo?: unknown };
    const upload = Buffer.isBuffer(values.logo) ? values.logo : null;
    // The upload goes through the API's schema as base64: one check of its bytes for both.
    const parsed = OrganisationProfileInputSchema.safeParse(inputOf(values, upload, isChecked(values.removeLogo as string | undefined)));
    if (!parsed.success) {
      const errors = errorsByField(problemsFromZod(parsed.error), [...Object.keys(FIELDS), 'logo'], LABELS);
      return show(request, reply, values, errors, 422);
    }
    const b = parsed.data;
    await saveOrganisationProfile(web.db, {
      name: b.name, acronym: b.acronym ?? null, postalAddress: b.postalAddress ?? null, email: b.email ?? null, phone: b.phone ?? null,
      website: b.website ?? null, signatory: b.signatory ?? null, confidentialityRequest: b.confidentialityRequest,
      appealCodeScheme: b.appealCodeScheme ?? null, ...(b.logo === undefined ? {} : { logo: b.logo }),
    }, actorOf(request));
    return reply.redirect('/admin/organisation?saved=1', 303);
  });
}
