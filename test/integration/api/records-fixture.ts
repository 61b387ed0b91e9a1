import { expect } from 'vitest';
import type { TestApp } from '../../support/app.js';

/**
 * Small bundles for the record API tests: two countries, a follow-up chain, confidential and
 * open sources, and names with LIKE wildcards in them ('%', '_') to prove they match literally.
 */

export function kzBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KZ', name: 'Kazakhstan' },
    period: { from: '2018-01-01', to: '2018-03-31' },
    organisations: [
      { key: 'org-monitor', name: 'Steppe Rights Monitor', acronym: 'SRM', contact: { email: 'info@example.org', address: 'Almaty' } },
      { key: 'org-press', name: 'Free Press Union', acronym: 'FPU' },
    ],
    persons: [
      {
        key: 'p-asel', kind: 'individual', name: 'Asel Kasymova', nameNative: 'Әсел Қасымова', pseudonym: 'Activist A',
        consent: { unSubmission: true, publicNaming: false, stateTransmission: true }, risk: 'high',
      },
      {
        key: 'p-ivan', kind: 'individual', name: 'Ivan Petrov', pseudonym: 'Blogger B',
        consent: { unSubmission: true, publicNaming: true, stateTransmission: true },
      },
      { key: 'p-group', kind: 'group', name: 'Nur_Sultan 100% Club', pseudonym: 'Group C', consent: {} },
    ],
    sources: [
      {
        key: 's-note', type: 'monitoring', title: 'Monitoring note 12', author: 'SRM', organisation: 'org-monitor',
        date: '2018-03-14', reliability: 'B', confidential: false,
      },
      { key: 's-interview', type: 'interview', title: 'Interview with a relative', reliability: 'C', confidential: true },
      { key: 's-news', type: 'media', title: 'News report on fines', author: 'Vlast.kz', reliability: 'B' },
    ],
    incidents: [
      {
        key: 'kz-jan-fine', title: 'Blogger fined for a post', date: '2018-01-15', dateAccuracy: 'exact',
        location: { place: 'Astana' }, rights: ['expression'], violations: ['fine'],
        summary: 'A court fined the blogger 100% of the maximum amount.', victims: ['p-ivan'], status: 'concluded',
        urgent: false, sources: [{ source: 's-news', credibility: 2 }],
      },
      {
        key: 'kz-feb-detention', title: 'Activist detained in Almaty', date: '2018-02-10', dateAccuracy: 'exact',
        location: { place: 'Almaty' }, rights: ['association', 'liberty'], violations: ['detention'],
        summary: 'Police detained the activist at her home.', victims: ['p-asel'], status: 'ongoing', urgent: true,
        sources: [{ source: 's-note', credibility: 2, locator: 'para. 3' }, { source: 's-interview', credibility: 3 }],
      },
      {
        key: 'kz-mar-house-arrest', title: 'Activist moved to house arrest', date: '2018-03-20', endDate: '2018-04-20',
        dateAccuracy: 'exact', location: { place: 'Almaty' }, rights: ['association'], violations: ['house-arrest'],
        summary: 'The court replaced detention with house arrest.', victims: ['p-asel'], status: 'ongoing', urgent: true,
        followUpOf: 'kz-feb-detention', sources: [{ source: 's-note', credibility: 2 }],
      },
    ],
    recommendations: [
      { key: 'r-kz-association', right: 'association', addressee: 'state', text: 'Release the activist.', incidents: ['kz-feb-detention'] },
      { key: 'r-kz-expression', right: 'expression', addressee: 'eu', text: 'Raise the fines on bloggers.', incidents: ['kz-jan-fine'] },
    ],
  };
}

export function kgBundle() {
  return {
    bundleVersion: 1,
    country: { code: 'KG', name: 'Kyrgyzstan' },
    period: { from: '2018-04-01', to: '2018-06-30' },
    incidents: [
      {
        key: 'kg-apr-search', title: 'Office of a rights group searched', date: '2018-04-05', dateAccuracy: 'exact',
        location: { place: 'Bishkek' }, rights: ['privacy'], violations: ['search'],
        summary: 'Officers searched the office without a warrant.', status: 'concluded',
      },
    ],
    recommendations: [
      { key: 'r-kg-privacy', right: 'privacy', addressee: 'un', text: 'Require warrants for searches.', incidents: ['kg-apr-search'] },
    ],
  };
}

/** Imports both bundles through the bundle API. */
export async function seedBundles(t: TestApp): Promise<void> {
  for (const bundle of [kzBundle(), kgBundle()]) {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/bundles', payload: bundle });
    expect(res.statusCode, res.body).toBe(201);
  }
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** A JSON call to the record API, `url` relative to /api/v1. */
export function callApi(t: TestApp) {
  return (method: Method, url: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, ...(payload === undefined ? {} : { payload: payload as object }) });
}

/** Keys of a list response, in order. */
export const keysOf = (body: { items: Array<{ key: string }> }) => body.items.map((i) => i.key);
