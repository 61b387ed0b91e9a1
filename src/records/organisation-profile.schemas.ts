import { parseScheme } from '../shared/appeal-codes.js';
import { z } from 'zod';
import { checkLogo, decodeLogoText, LOGO_MAX_BYTES } from './organisation-logo.js';

/**
 * The organisation profile as an admin sends it (PUT /api/v1/organisation-profile, the admin
 * page). Every field is checked in one pass, the logo too, so a 422 lists every defect at once.
 */

const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const optional = <T extends z.ZodType>(s: T) => s.nullable().optional();

const Website = z.string().trim().max(300, 'must be at most 300 characters').refine((v) => {
  try {
    const u = new URL(v);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname.includes('.');
  } catch {
    return false;
  }
}, 'must be a web address starting with https://');

/** Digits with the usual separators, optionally an international "+": what a letterhead prints. */
const Phone = z.string().trim().max(40, 'must be at most 40 characters')
  .regex(/^\+?[0-9][0-9 ().\/-]{4,38}$/, 'must be a phone number: digits, spaces and + ( ) . / -');

/** base64 of a PNG or JPEG (or a data: URL of it); checked by its bytes (organisation-logo.ts). */
const Logo = z.string().max(Math.ceil(LOGO_MAX_BYTES / 3) * 4 + 200, `must be at most ${LOGO_MAX_BYTES / 1024} KB`)
  .transform((text, ctx) => {
    const bytes = decodeLogoText(text);
    if (bytes === null) {
      ctx.addIssue({ code: 'custom', message: 'must be a PNG or JPEG file in base64 (or a data: URL)' });
      return z.NEVER;
    }
    const checked = checkLogo(bytes);
    if (!checked.ok) {
      ctx.addIssue({ code: 'custom', message: checked.message });
      return z.NEVER;
    }
    return checked.logo;
  })
  .describe(`PNG or JPEG in base64, at most ${LOGO_MAX_BYTES / 1024} KB, 16–4000 px a side; SVG is refused. Absent: the stored logo stays; null: removed.`);

export const OrganisationProfileInputSchema = z.strictObject({
  name: line(300).describe('As it should appear as the sender of every document'),
  acronym: optional(line(40)),
  postalAddress: optional(z.string().trim().min(1, 'must not be empty').max(500, 'must be at most 500 characters')).describe('Lines separated by new lines'),
  email: optional(z.email('must be an e-mail address').max(320)),
  phone: optional(Phone),
  website: optional(Website),
  logo: optional(Logo),
  signatory: optional(z.strictObject({ name: line(200), title: line(200) })).describe('Who signs letters: printed at their end'),
  confidentialityRequest: z.boolean().default(true).describe('Default for UN communications: ask that the organisation\'s identity not be disclosed to the Government'),
  appealCodeScheme: optional(line(200).superRefine((source, ctx) => {
    const parsed = parseScheme(source);
    if (!parsed.ok) for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
  })).describe('How urgent appeals are numbered: a pattern with {ISO3} {ISO2} {seq:N} {n:N} {MM} {YY} {YYYY}, e.g. "{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}", or free text (codes then typed by hand)'),
});
export type OrganisationProfileInput = z.output<typeof OrganisationProfileInputSchema>;
