import { describe, expect, it } from 'vitest';
import { provenanceTexts, type Provenance } from '../../../../src/documents/compose/compose.js';

/** Every string of a JSON value as the provenance audit reads it: values, keys, and other values as text. */
function naive(value: unknown, out = new Set<string>()): Set<string> {
  if (typeof value === 'string') out.add(value);
  else if (Array.isArray(value)) for (const v of value) naive(v, out);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) { out.add(k); naive(v, out); }
  else if (value !== undefined) out.add(String(value));
  return out;
}

const provenance = {
  kind: 'eu-briefing',
  audience: 'public',
  template: { name: 'eu-briefing.hbs', sha256: 'b45aa0c1d2' },
  generatedAt: '2019-03-01T10:00:00.000Z',
  request: { kind: 'eu-briefing', format: 'docx', selection: { country: 'KZ', persons: ['p-activist'] }, options: { publicationDate: '2018-11-01' } },
  claims: [
    {
      note: 1, section: 'Freedom of expression', text: 'Printed claim text naming Marat Abenov',
      incident: { id: 7, key: 'i-7', version: 2 },
      sources: [{ id: 42, key: null, version: 1, description: 'Interfax report of 3 March', grading: 'B2' }],
      unsourced: false,
    },
    {
      note: 2, section: 'Assembly', text: 'Another printed claim',
      incident: { id: 8, key: 'i-8', version: 1 },
      sources: [], unsourced: true,
    },
  ],
  records: { incidents: [{ id: 7, key: 'i-7', version: 2 }], persons: [{ id: 3, key: 'p-3', version: 1, named: false }], sources: [{ id: 42, key: null, version: 1 }] },
} as unknown as Provenance;

describe('provenanceTexts (what the provenance audit reads)', () => {
  it('is every string of the provenance but the template and the claims\' printed text', () => {
    const expected = naive({ ...provenance, template: null, claims: provenance.claims.map(({ text: _printed, ...claim }) => claim) });
    expect(provenanceTexts(provenance)).toEqual(expected);
  });

  it('reads the claims\' keys, sources and numbers, not their printed text or the template hash', () => {
    const texts = provenanceTexts(provenance);
    for (const t of ['Interfax report of 3 March', 'B2', 'Freedom of expression', 'Assembly', '42', 'sources', 'grading', 'unsourced', 'true', 'p-activist']) expect(texts).toContain(t);
    for (const t of ['Printed claim text naming Marat Abenov', 'Another printed claim', 'text', 'b45aa0c1d2', 'eu-briefing.hbs']) expect(texts).not.toContain(t);
  });
});
