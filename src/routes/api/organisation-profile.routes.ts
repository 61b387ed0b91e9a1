import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getOrganisationProfile, saveOrganisationProfile, type OrganisationProfile } from '../../records/organisation-profile.repository.js';
import { OrganisationProfileInputSchema } from '../../records/organisation-profile.schemas.js';
import { notFound } from '../../http/errors.js';
import { ProblemsResponse } from './schemas/common.schemas.js';

const LOGO_URL = '/api/v1/organisation-profile/logo';

const ProfileJson = z.object({
  name: z.string(),
  acronym: z.string().nullable(),
  postalAddress: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  website: z.string().nullable(),
  logo: z.object({ contentType: z.string(), width: z.number(), height: z.number(), byteSize: z.number(), sha256: z.string(), href: z.string() }).nullable(),
  signatory: z.object({ name: z.string(), title: z.string() }).nullable(),
  confidentialityRequest: z.boolean(),
  appealCodeScheme: z.string().nullable(),
  version: z.number(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string(),
});

function profileJson(p: OrganisationProfile): z.infer<typeof ProfileJson> {
  return {
    name: p.name, acronym: p.acronym, postalAddress: p.postalAddress, email: p.email, phone: p.phone, website: p.website,
    logo: p.logo
      ? {
        contentType: p.logo.contentType, width: p.logo.width, height: p.logo.height, byteSize: p.logo.bytes.byteLength,
        sha256: createHash('sha256').update(p.logo.bytes).digest('hex'), href: LOGO_URL,
      }
      : null,
    signatory: p.signatory, confidentialityRequest: p.confidentialityRequest, appealCodeScheme: p.appealCodeScheme,
    version: p.version, updatedBy: p.updatedBy, updatedAt: new Date(p.updatedAt).toISOString(),
  };
}

/** The sending organisation: read by everybody signed in, replaced by an admin (audited). Not case data: no bundle carries it. */
export async function organisationProfileRoutes(app: FastifyInstance): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['organisation'];

  r.get('/organisation-profile', {
    schema: { tags, summary: 'The organisation that sends every document (letterhead, signatory, defaults)', response: { 200: ProfileJson } },
  }, async () => {
    const profile = await getOrganisationProfile(app.db);
    if (!profile) throw notFound('Organisation profile');
    return profileJson(profile);
  });

  r.get('/organisation-profile/logo', {
    schema: { tags, summary: 'The logo printed on the letterhead (PNG or JPEG)' },
  }, async (_request, reply) => {
    const logo = (await getOrganisationProfile(app.db))?.logo;
    if (!logo) throw notFound('Logo');
    return reply.type(logo.contentType).header('cache-control', 'private, no-cache').send(Buffer.from(logo.bytes));
  });

  r.put('/organisation-profile', {
    schema: {
      tags,
      summary: 'Replace the organisation profile (admins). A field left out is cleared, except the logo, which stays unless given or null.',
      body: OrganisationProfileInputSchema,
      response: { 200: ProfileJson, 422: ProblemsResponse },
    },
  }, async (request) => {
    const b = request.body;
    const saved = await saveOrganisationProfile(app.db, {
      name: b.name, acronym: b.acronym ?? null, postalAddress: b.postalAddress ?? null, email: b.email ?? null, phone: b.phone ?? null,
      website: b.website ?? null, signatory: b.signatory ?? null, confidentialityRequest: b.confidentialityRequest,
      appealCodeScheme: b.appealCodeScheme ?? null, ...(b.logo === undefined ? {} : { logo: b.logo }),
    }, request.actor ?? null);
    return profileJson(saved);
  });
}
