import { describe, expect, it } from 'vitest';
import { compose } from '../../../../src/documents/compose/compose.js';
import { DocumentRequestSchema } from '../../../../src/documents/request.schemas.js';
import { smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';

/**
 * A first name alone is matched ("Aigerim was detained" → her pseudonym), so a typed full name of
 * a person who may be named but is neither a victim nor a mention of this document (a witness on
 * record who consented) shares its first word with protected persons. The full name is hers alone:
 * it must print as typed — not as "[name withheld] Saparova", nor refuse the document.
 */
function withWitness(summary: string) {
  const bundle = smallBundle();
  const base = bundle.persons[1]!;
  const open = { unSubmission: true, publicNaming: true, stateTransmission: true };
  const closed = { unSubmission: false, publicNaming: false, stateTransmission: false };
  bundle.persons.push(
    { ...base, key: 'p-victim', name: 'Aigerim Abenova', nameNative: 'Айгерим Абенова', pseudonym: 'Activist V', consent: open },
    { ...base, key: 'p-witness', name: 'Aigerim Saparova', nameNative: 'Айгерим Сапарова', pseudonym: 'Witness W', consent: open },
    { ...base, key: 'p-hidden', name: 'Aigerim Nurlanova', nameNative: 'Айгерим Нурланова', pseudonym: 'Journalist J', consent: closed },
  );
  bundle.incidents[0]!.victims = ['p-victim'];
  bundle.incidents[0]!.summary = summary;
  return bundle;
}

const appeal = DocumentRequestSchema.parse({
  kind: 'urgent-appeal', format: 'pdf', selection: { incidents: ['kz-2018-03-13-detention'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' },
});
const at = new Date('2024-01-02T00:00:00Z');

describe('a consenting person outside the document, typed in full', () => {
  it('prints as typed in a final document, in Latin and Cyrillic', () => {
    const file = caseFileOf(withWitness('[[person:p-victim]] was detained. Aigerim Saparova, a neighbour, saw it; Айгерим Сапарова told monitors.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const composition = compose(file, appeal, at);
    expect(composition.ambiguities).toEqual([]);
    const text = JSON.stringify(composition.model);
    expect(text).toContain('Aigerim Saparova, a neighbour, saw it');
    expect(text).toContain('Айгерим Сапарова told monitors');
    expect(text).not.toMatch(/Nurlanova|Нурланова|Journalist J|name withheld/);
  });

  it('her first name alone still may be the protected one: withheld, and listed for staff', () => {
    const file = caseFileOf(withWitness('[[person:p-victim]] was detained. Aigerim Nurlanova saw it; later Aigerim left.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const composition = compose(file, { ...appeal, draft: true }, at);
    const text = JSON.stringify(composition.model);
    expect(text).toContain('Journalist J saw it');
    expect(text).not.toMatch(/Nurlanova|Нурланова|later Aigerim/);
  });

  it('a group or organisation named after a protected person shields nothing: her name is still redacted', () => {
    const bundle = withWitness('');
    bundle.persons.push({ ...bundle.persons[1]!, key: 'g-friends', kind: 'group', name: 'Friends of Aigerim Nurlanova', nameNative: 'Друзья Айгерим Нурлановой', pseudonym: 'Group F', consent: { unSubmission: true, publicNaming: true, stateTransmission: true } });
    bundle.incidents[0]!.summary = '[[person:p-victim]] was detained. Friends of Aigerim Nurlanova protested.';
    const file = caseFileOf(bundle, 'public', { incidents: ['kz-2018-03-13-detention'] });
    const text = JSON.stringify(compose(file, { ...appeal, draft: true }, at).model);
    expect(text).not.toMatch(/Nurlanova|Нурланова/);
  });

  it('a namesake’s longer name shields only where it stands whole: the protected full name alone is redacted', () => {
    const file = caseFileOf(withWitness('[[person:p-victim]] was detained. Aigerim Saparova saw it; Aigerim Nurlanova did not.'), 'public', { incidents: ['kz-2018-03-13-detention'] });
    const text = JSON.stringify(compose(file, appeal, at).model);
    expect(text).toContain('Aigerim Saparova saw it; Journalist J did not.');
  });
});
