import { readDemoBundle } from '../../../src/demo/seed.js';
import type { Bundle } from '../../support/consent-oracle.js';
import { defineDocumentMatrix } from '../../support/document-matrix.js';
import { importBundle } from '../../support/documents.js';

/** Issue 3 acceptance on the demo data (Kazakhstan, January–March 2018), through the HTTP API. */
const demo = (await readDemoBundle()) as Bundle;
const UNSOURCED = 'kz-2018-03-16-dvk-warnings';
const sourced = demo.incidents.filter((i) => i.key !== UNSOURCED).map((i) => i.key);

defineDocumentMatrix({
  label: 'demo data (KZ 2018 Q1)',
  bundles: [demo],
  load: (app) => importBundle(app, demo),
  cases: [
    {
      name: 'UN allegation letter',
      kind: 'un-communication',
      selection: { country: 'KZ', incidents: sourced },
      options: { variant: 'allegation-letter', mandates: ['sr-assembly-association', 'sr-expression', 'sr-defenders'] },
    },
    {
      name: 'UN urgent appeal',
      kind: 'un-communication',
      selection: { persons: ['p-kz-0001', 'p-kz-0019'] },
      options: { variant: 'urgent-appeal', mandates: ['wg-arbitrary-detention', 'sr-defenders'], confidentiality: true },
    },
    {
      name: 'EU briefing',
      kind: 'eu-briefing',
      selection: { country: 'KZ', incidents: sourced },
      options: { dialogueRound: { number: 10, date: '2018-06-20', place: 'Astana' }, publicationDate: '2018-06-01' },
    },
    {
      name: 'NGO urgent appeal',
      kind: 'urgent-appeal',
      selection: { persons: ['p-kz-0001'] },
      options: {
        appealCode: 'KAZ 001/0318/OBS 025',
        addressees: [{ title: 'President of the Republic of Kazakhstan', address: 'Akorda, Astana' }],
      },
    },
    {
      // An approximately dated incident whose summary does not open with its date: the lead sentence dates it.
      name: 'NGO urgent appeal (approximate date)',
      kind: 'urgent-appeal',
      selection: { persons: ['p-kz-0017'] },
      options: { appealCode: 'KAZ 004/0218/OBS 011', violation: 'Harsher prison regime' },
    },
  ],
  kazakhNativeName: { caseName: 'UN allegation letter', text: 'Алмат Жұмағұлов' },
});
