import { z } from 'zod';
import { CountrySchema, Line, Text } from './bundle.schemas.js';

/**
 * The address book: the authorities an urgent appeal asks its readers to write to, per country.
 * Not part of the case bundle (it is the organisation's own, not case evidence); kept by staff
 * through /api/v1/addressees and the Address book pages, picked by id in an appeal request.
 */

/** Digits, spaces and the usual punctuation of a telephone number: "+7 7172 74 56 31". */
const Fax = z.string().trim().min(1, 'must not be empty').max(50, 'must be at most 50 characters')
  .regex(/^\+?[0-9 ()./-]+$/, 'must be a fax number: digits, spaces, + ( ) . / -');

export const AddresseeSchema = z.strictObject({
  country: CountrySchema.shape.code.describe('ISO 3166-1 alpha-2 of the country whose authority this is'),
  title: Line(300).describe('e.g. "President of the Republic of Kazakhstan"'),
  name: Line(300).nullable().optional(),
  postalAddress: Text(500).nullable().optional().describe('Postal address; one line per line of the envelope'),
  email: z.email('must be an e-mail address').max(320).nullable().optional(),
  fax: Fax.nullable().optional(),
  salutation: Line(200).nullable().optional().describe('How a letter opens, e.g. "Dear President"'),
  language: Line(100).nullable().optional().describe('Languages to write in, e.g. "Kazakh, Russian or English"'),
});
export type AddresseeInput = z.output<typeof AddresseeSchema>;

/** An addressee as stored and as documents print it. */
export interface Addressee {
  id: number;
  country: string;
  title: string;
  name: string | null;
  postalAddress: string | null;
  email: string | null;
  fax: string | null;
  salutation: string | null;
  language: string | null;
  meta: { version: number; createdAt: string; updatedAt: string };
}
