import { describe, expect, it } from 'vitest';
import { compose, CompositionRefused } from '../../../../src/documents/compose/compose.js';
import { DocumentRequestSchema } from '../../../../src/documents/request.schemas.js';
import { smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/**
 * A consenting person and a protected relative share a surname (Abenova, named; Abenov, her
 * protected husband). The matcher reads "Abenova" as a form of "Abenov" — rightly, in free text —
 * so the consent audit used to refuse every public document naming her.
 */
function family(summary: string) {
  const bundle = smallBundle();
  bundle.persons.push(
    { ...bundle.persons[1]!, key: 'p-wife', name: 'Aigerim Abenova', nameNative: 'Айгерим Абенова', pseudonym: 'Activist W', consent: { unSubmission: true, publicNaming: true, stateTransmission: true } },
    { ...bundle.persons[1]!, key: 'p-husband', name: 'Marat Abenov', nameNative: 'Марат Абенов', pseudonym: 'Journalist H', consent: { unSubmission: false, publicNaming: false, stateTransmission: false } },
  );
  bundle.incidents[0]!.victims = ['p-wife'];
  bundle.incidents[0]!.summary = summary;
  return bundle;
}

const appeal = DocumentRequestSchema.parse({
  kind: 'urgent-appeal', format: 'pdf', selection: { incidents: ['kz-2018-03-13-detention'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' },
});

describe('a consenting person whose surname a protected relative shares', () => {
  it('is named in a public document: her own name, printed from her record, is not read as his', () => {
    const file = caseFileOf(family('Police detained [[person:p-wife]] at home.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const { model } = compose(file, appeal, new Date('2024-01-02T00:00:00Z'));
    const text = JSON.stringify(model);
    expect(text).toContain('Aigerim Abenova');
    expect(text).not.toContain('Marat');
  });

  it('a preview withholds what typed text says of the family ("the Abenovs" could be him) and lists it for staff', () => {
    const file = caseFileOf(family('Police detained [[person:p-wife]] at home; the Abenovs\u2019 flat was searched.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const composition = compose(file, appeal, new Date('2024-01-02T00:00:00Z'), { preview: true });
    const text = JSON.stringify(composition.model);
    expect(text).toContain('Aigerim Abenova');
    // Withheld, not printed as his pseudonym: "Journalist H" there would say whose pseudonym it is.
    expect(text).not.toMatch(/Abenovs|Marat|Journalist H/);
    expect(text).toContain('the [name withheld]\u2019s flat was searched');
    expect(composition.ambiguities).toMatchObject([{
      collection: 'incidents', key: 'kz-2018-03-13-detention', field: '/summary', path: '/incidents/kz-2018-03-13-detention/summary',
      text: 'Abenovs', occurrence: 1, blocking: true,
      before: 'Police detained [[person:p-wife]] at home; the ', after: '\u2019 flat was searched.',
      candidates: [{ key: 'p-wife', name: 'Aigerim Abenova', named: true }, { key: 'p-husband', name: 'Marat Abenov', named: false }],
    }]);
    // A draft is made too (redacted, like the preview).
    expect(compose(file, { ...appeal, draft: true }, new Date('2024-01-02T00:00:00Z')).ambiguities).toHaveLength(1);
  });

  it('a final document is refused, one readable problem per span, naming no pseudonym', () => {
    const file = caseFileOf(family('[[person:p-wife]] was detained. Abenov was questioned; the Abenovs\u2019 flat was searched; Abenov left.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    let refused: CompositionRefused | undefined;
    try {
      compose(file, appeal, new Date('2024-01-02T00:00:00Z'));
    } catch (err) {
      refused = err as CompositionRefused;
    }
    expect(refused).toBeInstanceOf(CompositionRefused);
    expect(refused!.message).toMatch(/^3 names typed in the selected records may refer to more than one person on record/);
    expect(refused!.problems).toEqual([
      { path: '/incidents/kz-2018-03-13-detention/summary', message: '“Abenov” may name either of two persons on record; make it a mention of the person meant, or rewrite it.' },
      { path: '/incidents/kz-2018-03-13-detention/summary', message: '“Abenovs” may name either of two persons on record; make it a mention of the person meant, or rewrite it.' },
      { path: '/incidents/kz-2018-03-13-detention/summary', message: 'The second “Abenov” here may name either of two persons on record; make it a mention of the person meant, or rewrite it.' },
    ]);
    expect(JSON.stringify(refused)).not.toMatch(/Journalist H|Activist W|Marat|Aigerim/);
  });

  it('once staff chose (a mention), the final document is made and prints whom they chose', () => {
    const wife = caseFileOf(family('[[person:p-wife]] was detained; [[person:p-wife]] was questioned.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const composition = compose(wife, appeal, new Date('2024-01-02T00:00:00Z'));
    expect(composition.ambiguities).toEqual([]);
    const husband = caseFileOf(family('[[person:p-wife]] was detained; [[person:p-husband]] was questioned.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const text = JSON.stringify(compose(husband, appeal, new Date('2024-01-02T00:00:00Z')).model);
    expect(text).toContain('Journalist H was questioned');
    expect(text).not.toContain('Marat');
  });

  it('a source whose title is ambiguous is cited by type and month, and listed without blocking the document', () => {
    const bundle = family('Police detained [[person:p-wife]] at home.');
    const source = bundle.sources.find((s) => s.key === bundle.incidents[0]!.sources[0]!.source)!;
    source.title = 'Abenov family home searched';
    source.confidential = false;
    const file = caseFileOf(bundle, 'public', { incidents: ['kz-2018-03-13-detention'] });
    const composition = compose(file, appeal, new Date('2024-01-02T00:00:00Z'));
    expect(composition.ambiguities).toMatchObject([{ collection: 'sources', key: source.key, field: '/title', text: 'Abenov', blocking: false }]);
    expect(JSON.stringify(composition.model)).not.toContain('Abenov family');
  });
});
