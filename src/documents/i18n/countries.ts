import type { Language } from '../../shared/languages.js';

/**
 * A country's name in the document's language (Intl.DisplayNames; English keeps the record's
 * name), with the forms a sentence needs: French "du Kazakhstan" / "au Kazakhstan", Russian
 * "Казахстана" / "в Казахстане". Catalogue messages use {country}, {countryOf} ("of the
 * country") and {countryIn} ("in the country"); the placeholder check counts the forms as one.
 */
export interface CountryForms {
  /** "Kazakhstan", "Kazajistán", "Казахстан". */
  country: string;
  /** en "Kazakhstan" (after "of"), fr "du Kazakhstan", es "Kazajistán" (after "de"), ru "Казахстана". */
  countryOf: string;
  /** en "Kazakhstan" (after "in"), fr "au Kazakhstan", es "Kazajistán" (after "en"), ru "в Казахстане". */
  countryIn: string;
}

/** French names that do not follow the gender rule (-e feminine, else masculine), and plurals. */
const FR_MASCULINE_IN_E = new Set(['Mexique', 'Cambodge', 'Mozambique', 'Zimbabwe', 'Belize', 'Suriname']);
const FR_PLURAL = new Set(['États-Unis', 'Pays-Bas', 'Philippines', 'Émirats arabes unis', 'Comores', 'Maldives', 'Seychelles', 'Bahamas']);
/** Russian names that do not decline. */
const RU_INDECLINABLE = /(о|у|ю|и|е|э)$/;

export function countryForms(language: Language, code: string, recordName: string): CountryForms {
  if (language === 'en' || !/^[A-Z]{2}$/.test(code)) return { country: recordName, countryOf: recordName, countryIn: recordName };
  let name: string;
  try {
    name = new Intl.DisplayNames(language, { type: 'region', fallback: 'none' }).of(code) ?? recordName;
  } catch {
    name = recordName;
  }
  if (language === 'es') return { country: name, countryOf: name, countryIn: name };
  if (language === 'fr') return { country: name, ...frenchForms(name) };
  return { country: name, ...russianForms(name) };
}

function frenchForms(name: string): Omit<CountryForms, 'country'> {
  if (FR_PLURAL.has(name)) return { countryOf: `des ${name}`, countryIn: `aux ${name}` };
  const vowel = /^[AEIOUÉÈÊYÂÎÔ]/i.test(name);
  const feminine = name.endsWith('e') && !FR_MASCULINE_IN_E.has(name);
  if (vowel) return { countryOf: `de l’${name}`, countryIn: `en ${name}` };
  if (feminine) return { countryOf: `de la ${name}`, countryIn: `en ${name}` };
  return { countryOf: `du ${name}`, countryIn: `au ${name}` };
}

function russianForms(name: string): Omit<CountryForms, 'country'> {
  const last = name.split(' ').at(-1)!;
  const head = name.slice(0, name.length - last.length);
  if (name.includes(' ') || RU_INDECLINABLE.test(last)) {
    // Compound names ("Соединённые Штаты Америки") are kept whole, after a noun that declines.
    return { countryOf: `государства ${name}`, countryIn: `в государстве ${name}` };
  }
  if (last.endsWith('ия')) return { countryOf: `${head}${last.slice(0, -2)}ии`, countryIn: `в ${head}${last.slice(0, -2)}ии` };
  if (last.endsWith('а')) return { countryOf: `${head}${last.slice(0, -1)}${/[гкхжчшщ]а$/.test(last) ? 'и' : 'ы'}`, countryIn: `в ${head}${last.slice(0, -1)}е` };
  if (last.endsWith('ь')) return { countryOf: `${head}${last.slice(0, -1)}и`, countryIn: `в ${head}${last.slice(0, -1)}и` };
  if (last.endsWith('й')) return { countryOf: `${head}${last.slice(0, -1)}я`, countryIn: `в ${head}${last.slice(0, -1)}е` };
  return { countryOf: `${name}а`, countryIn: `в ${name}е` };
}
