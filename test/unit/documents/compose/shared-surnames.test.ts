import { describe, expect, it } from 'vitest';
import { compose } from '../../../../src/documents/compose/compose.js';
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

  it('still withholds what typed text says of the family: "the Abenovs" could be him', () => {
    const file = caseFileOf(family('Police detained [[person:p-wife]] at home; the Abenovs\u2019 flat was searched.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const text = JSON.stringify(compose(file, appeal, new Date('2024-01-02T00:00:00Z')).model);
    expect(text).toContain('Aigerim Abenova');
    expect(text).not.toMatch(/Abenovs/);
  });
});
