import { hasNoIncidents } from '../records/records.repository.js';
import { readFile } from 'node:fs/promises';
import type { Db } from '../db/database.js';
import { validateBundle } from '../records/bundle-validation.js';
import { importBundle, type ImportSummary } from '../records/bundle.service.js';
import { checkLogo } from '../records/organisation-logo.js';
import { getOrganisationProfile, saveOrganisationProfile, type OrganisationProfileChange } from '../records/organisation-profile.repository.js';
import { AddresseeSchema } from '../records/addressees.schemas.js';
import { insertAddressee, listAddressees } from '../records/addressees.repository.js';

export const DEMO_BUNDLE_URL = new URL('./kz-2018-q1.bundle.json', import.meta.url);
/** Demo address book: Kazakh authorities by their official titles, with fictional office-holders and contacts. */
export const DEMO_ADDRESSEES_URL = new URL('./kz-addressees.json', import.meta.url);

export async function readDemoBundle(): Promise<unknown> {
  return JSON.parse(await readFile(DEMO_BUNDLE_URL, 'utf8'));
}

/** Loads the Kazakhstan demo bundle (validated like any other bundle). */
export async function loadDemoData(db: Db): Promise<ImportSummary> {
  const result = validateBundle(await readDemoBundle());
  if (!result.ok) throw new Error(`demo bundle is invalid: ${JSON.stringify(result.problems.slice(0, 5))}`);
  const summary = await importBundle(db, result.bundle);
  await loadDemoAddressees(db);
  return summary;
}

/** The demo address book, once: nothing is added when Kazakhstan has addressees already. */
export async function loadDemoAddressees(db: Db): Promise<number> {
  if ((await listAddressees(db, { country: 'KZ' }, { limit: 1, offset: 0 })).total > 0) return 0;
  const entries = AddresseeSchema.array().parse(JSON.parse(await readFile(DEMO_ADDRESSEES_URL, 'utf8')));
  for (const entry of entries) await insertAddressee(db, entry);
  return entries.length;
}

/** True when the database holds no incident yet (a first start). */
export async function isEmpty(db: Db): Promise<boolean> {
  return hasNoIncidents(db);
}

export const DEMO_LOGO_URL = new URL('./demo-logo.png', import.meta.url);

/**
 * A fictional sender for the demo: invented name, address and people, and reserved .example
 * domains, so that no real organisation is ever made to sign a demo document.
 */
export const DEMO_PROFILE: Omit<OrganisationProfileChange, 'logo'> = {
  name: 'Steppe Rights Monitor',
  acronym: 'SRM',
  postalAddress: 'Office 4, 17 Zheltoksan Street\nAlmaty 050000\nKazakhstan',
  email: 'appeals@steppe-rights.example',
  phone: '+7 727 000 0417',
  website: 'https://steppe-rights.example',
  signatory: { name: 'Marat Yesenov', title: 'Director of Monitoring' },
  confidentialityRequest: true,
  appealCodeScheme: '{ISO3} {seq:3}/{MM}{YY}/SRM {n:3}',
};

/** Saves the demo organisation profile unless a profile exists (an admin's own is never replaced). */
export async function seedDemoProfile(db: Db): Promise<boolean> {
  if (await getOrganisationProfile(db)) return false;
  const checked = checkLogo(await readFile(DEMO_LOGO_URL));
  if (!checked.ok) throw new Error(`demo logo is invalid: ${checked.message}`);
  await saveOrganisationProfile(db, { ...DEMO_PROFILE, logo: checked.logo }, 'demo');
  return true;
}
