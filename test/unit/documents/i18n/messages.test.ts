import { describe, expect, it } from 'vitest';
import { messagesFor } from '../../../../src/documents/i18n/messages.js';
import { typeset } from '../../../../src/documents/i18n/typography.js';
import { countryForms } from '../../../../src/documents/i18n/countries.js';

describe('messages, dates and counts per language', () => {
  it('counts with CLDR plural rules (Russian one/few/many)', () => {
    const ru = messagesFor('ru');
    expect([1, 3, 5, 21].map((count) => ru.t('un.subject.incidents', { count, period: 'март 2018 г.' }))).toEqual([
      '1 инцидент (март 2018 г.)', '3 инцидента (март 2018 г.)', '5 инцидентов (март 2018 г.)', '21 инцидент (март 2018 г.)',
    ]);
    expect(messagesFor('en').t('un.subject.incidents', { count: 1, period: 'March 2018' })).toBe('1 incident (March 2018)');
  });

  it('writes dates as each language does, with the cases Russian needs', () => {
    expect(messagesFor('en').lead('2018-03-13', null, 'exact')).toBe('On 13 March 2018');
    expect(messagesFor('fr').date('2018-03-01')).toBe('1er mars 2018');
    expect(messagesFor('es').lead('2018-03-13', null, 'month')).toBe('En marzo de 2018');
    expect(messagesFor('ru').lead('2018-03-13', null, 'month')).toBe('В марте 2018 г.');
    expect(messagesFor('ru').lead('2018-03-01', '2018-05-01', 'month')).toBe('С марта 2018 г. по май 2018 г.');
    expect(messagesFor('en').period('2018-01-05', '2018-03-20')).toBe('January–March 2018');
    expect(messagesFor('ru').period('2018-01-05', '2018-03-20')).toBe('январь–март 2018 г.');
    expect(messagesFor('fr').t('eu.meta.round', { round: 1, country: 'Kazakhstan' })).toContain('1re session');
  });

  it('elides French "de" before a vowel where a value begins, and only there', () => {
    expect(messagesFor('fr').t('eu.ask.release', { name: 'Akmaral Tobylova' })).toBe('Demander la libération d’Akmaral Tobylova.');
    expect(messagesFor('fr').t('eu.ask.release', { name: 'Yerlan Temirov' })).toBe('Demander la libération de Yerlan Temirov.');
  });

  it('escapes values in HTML and keeps only the catalogue\'s markup', () => {
    expect(messagesFor('fr').html('un.standard', { right: '<b>x</b>', instruments: 'A & B' })).toBe('<strong>&lt;b&gt;x&lt;/b&gt;</strong> : A &amp; B.');
    expect(messagesFor('es').html('eu.keyIssue.section', { section: '2.1' }, 'right-expression')).toBe(' (<a href="#right-expression">sección 2.1</a>)');
  });

  it('typesets French: narrow no-break spaces before ; : ! ? and inside « », never in a URL or a time', () => {
    expect(typeset('fr', 'Annexe : sources ; « citées » ! Vraiment?')).toBe('Annexe\u202F: sources\u202F; «\u202Fcitées\u202F»\u202F! Vraiment\u202F?');
    expect(typeset('fr', 'https://example.org/a?b=1 à 10:30')).toBe('https://example.org/a?b=1 à 10:30');
    const once = typeset('fr', 'Note : « x »');
    expect(typeset('fr', once)).toBe(once);
    expect(typeset('ru', '15 марта 2018 г..')).toBe('15 марта 2018 г.');
  });

  it('declines country names for French and Russian sentences', () => {
    expect(countryForms('fr', 'KZ', 'Kazakhstan')).toEqual({ country: 'Kazakhstan', countryOf: 'du Kazakhstan', countryIn: 'au Kazakhstan' });
    expect(countryForms('fr', 'UZ', 'Uzbekistan').countryOf).toBe('de l’Ouzbékistan');
    expect(countryForms('ru', 'KZ', 'Kazakhstan')).toEqual({ country: 'Казахстан', countryOf: 'Казахстана', countryIn: 'в Казахстане' });
    expect(countryForms('ru', 'RU', 'Russia').countryOf).toBe('России');
    expect(countryForms('es', 'KZ', 'Kazakhstan').country).toBe('Kazajistán');
  });
});
