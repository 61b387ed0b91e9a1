import { readFileSync } from 'node:fs';
import type { Bundle } from '../../support/consent-oracle.js';
import { defineDocumentMatrix } from '../../support/document-matrix.js';
import { importBundle } from '../../support/documents.js';

/** Issue 3 acceptance on a second, independent team's bundle (Kyrgyzstan 2019), imported via the API. */
const second = JSON.parse(readFileSync(new URL('../../fixtures/second-team.bundle.json', import.meta.url), 'utf8')) as Bundle;

defineDocumentMatrix({
  label: 'second bundle (KG 2019 Q2)',
  bundles: [second],
  load: (app) => importBundle(app, second),
  cases: [
    {
      name: 'UN allegation letter',
      kind: 'un-communication',
      selection: { country: 'KG' },
      options: { variant: 'allegation-letter', mandates: ['sr-expression', 'sr-assembly-association'] },
    },
    {
      name: 'UN urgent appeal',
      kind: 'un-communication',
      selection: { persons: ['p-kg-0002', 'p-kg-0003'] },
      options: { variant: 'urgent-appeal', mandates: ['wg-arbitrary-detention', 'sr-judges-lawyers'] },
    },
    {
      name: 'EU briefing',
      kind: 'eu-briefing',
      selection: { country: 'KG', from: '2019-04-01', to: '2019-06-30' },
      options: {},
    },
    {
      name: 'NGO urgent appeal',
      kind: 'urgent-appeal',
      selection: { persons: ['p-kg-0003'] },
      options: { appealCode: 'KGZ 002/0619/OBS 041' },
    },
  ],
  kazakhNativeName: { caseName: 'UN allegation letter', text: 'Жаңыл Өрнөкова' },
});
