import { IntlMessageFormat, type PrimitiveType } from 'intl-messageformat';
import { LOCALES, type Language } from '../../shared/languages.js';
import { CATALOGUES } from './catalogues/index.js';
import type { MessageKey } from './catalogues/en.js';

/**
 * The fixed words of a document in its language: catalogue messages (ICU MessageFormat, plural
 * and ordinal rules from CLDR), dates, lists and numbers through Intl. One instance per language,
 * shared: compiled messages are cached.
 */

export type Values = Record<string, string | number>;
export type Accuracy = 'exact' | 'month' | 'approximate';

/** Russian months after "в" (prepositional case): Intl has the nominative and the genitive only. */
const RU_MONTHS_IN = ['январе', 'феврале', 'марте', 'апреле', 'мае', 'июне', 'июле', 'августе', 'сентябре', 'октябре', 'ноябре', 'декабре'];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#x27;', '`': '&#x60;', '=': '&#x3D;' };
/** HTML escaping as Handlebars does it, for values put into a message that templates print raw. */
export const escapeHtml = (s: string): string => s.replace(/[&<>"'`=]/g, (c) => ESCAPES[c]!);

/** The markup a message's <strong>, <em> and (without a target) <link> become in html(). */
const STRONG = (chunks: unknown[]): string => `<strong>${chunks.join('')}</strong>`;
const EM = (chunks: unknown[]): string => `<em>${chunks.join('')}</em>`;
const PLAIN = (chunks: unknown[]): string => chunks.join('');

const utc = (iso: string): Date => {
  const [y, m, d] = iso.split('-').map(Number);
  return new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
};

export class Messages {
  readonly locale: string;
  private readonly compiled = new Map<string, IntlMessageFormat>();
  /**
   * Messages without values ("right.expression") and date phrases, by their arguments: a
   * 1000-incident document asks for the same few thousand, and ICU and Intl formatting dominate
   * building its incidents' labels. Neither holds record text (dates are ISO strings).
   */
  private readonly memo = new Map<string, string>();
  private readonly fullDate: Intl.DateTimeFormat;
  private readonly monthYear: Intl.DateTimeFormat;
  private readonly monthOnly: Intl.DateTimeFormat;
  private readonly dayMonth: Intl.DateTimeFormat;
  private readonly lists: Record<'and' | 'or', Intl.ListFormat>;

  constructor(readonly language: Language) {
    this.locale = LOCALES[language];
    this.fullDate = new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    this.monthYear = new Intl.DateTimeFormat(this.locale, { month: 'long', year: 'numeric', timeZone: 'UTC' });
    this.monthOnly = new Intl.DateTimeFormat(this.locale, { month: 'long', timeZone: 'UTC' });
    this.dayMonth = new Intl.DateTimeFormat(this.locale, { day: 'numeric', month: 'long', timeZone: 'UTC' });
    this.lists = {
      and: new Intl.ListFormat(this.locale, { type: 'conjunction', style: 'long' }),
      or: new Intl.ListFormat(this.locale, { type: 'disjunction', style: 'long' }),
    };
  }

  private format(key: MessageKey): IntlMessageFormat {
    let f = this.compiled.get(key);
    if (!f) {
      const source = CATALOGUES[this.language][key];
      if (source === undefined) throw new Error(`no message ${key} in the ${this.language} catalogue`);
      f = new IntlMessageFormat(source, this.locale);
      this.compiled.set(key, f);
    }
    return f;
  }

  /** A message as plain text (markup tags dropped, their content kept). */
  t(key: MessageKey, values?: Values): string {
    if (values === undefined) return this.remembered(key, () => this.formatted(key, {}));
    return this.formatted(key, values);
  }

  private formatted(key: MessageKey, values: Values): string {
    const keep = (chunks: unknown[]) => chunks.join('');
    const out = this.format(key).format<string>({ ...values, strong: keep, em: keep, link: keep } as unknown as Record<string, PrimitiveType>);
    return this.elide(Array.isArray(out) ? out.join('') : String(out));
  }

  /** A message as HTML for a template: values escaped, <strong>/<em> kept, <link> an internal link to `href`. */
  html(key: MessageKey, values: Values = {}, href?: string): string {
    // One object for the formatter: the escaped values, then the tags (which win over a value of
    // the same name, as they did spread after it). Templates call this thousands of times a document.
    const args: Record<string, unknown> = {};
    for (const k of Object.keys(values)) {
      const v = values[k]!;
      args[k] = typeof v === 'string' ? escapeHtml(v) : v;
    }
    args.strong = STRONG;
    args.em = EM;
    args.link = href ? (chunks: unknown[]) => `<a href="#${escapeHtml(href)}">${chunks.join('')}</a>` : PLAIN;
    const out = this.format(key).format<string>(args as Record<string, PrimitiveType>);
    return this.elide(Array.isArray(out) ? out.join('') : String(out));
  }

  /**
   * French elision where a value meets the message: "de Akmaral" → "d’Akmaral", "que il" → "qu’il".
   * The catalogue's own text is elided already; this only ever changes a boundary.
   */
  private elide(text: string): string {
    if (this.language !== 'fr') return text;
    return text.replace(/(^|[\s(])([Dd]e|[Qq]ue) (?=[aeiouàâéèêëîïôûAEIOUÀÂÉÈÊËÎÏÔÛ])/g, (_, before: string, word: string) => `${before}${word.slice(0, -1)}’`);
  }

  private remembered(key: string, make: () => string): string {
    let text = this.memo.get(key);
    if (text === undefined) {
      if (this.memo.size >= MEMO_SIZE) this.memo.clear();
      this.memo.set(key, (text = make()));
    }
    return text;
  }

  /** "13 March 2018" (exact), "March 2018" (month), "around 13 March 2018" (approximate). */
  date(iso: string, accuracy: Accuracy = 'exact'): string {
    return this.remembered(`\u0000date ${iso} ${accuracy}`, () => this.formatDate(iso, accuracy));
  }

  private formatDate(iso: string, accuracy: Accuracy): string {
    if (accuracy === 'month') return this.month(iso);
    let full = this.fullDate.format(utc(iso));
    // French writes the first of the month as an ordinal: "1er mars 2018".
    if (this.language === 'fr') full = full.replace(/^1 /, '1er ');
    return accuracy === 'approximate' ? this.t('date.around', { date: full }) : full;
  }

  /** "March 2018". */
  month(iso: string): string {
    return this.monthYear.format(utc(iso));
  }

  /** An incident's date, with its end date when it spans days. */
  span(date: string, endDate: string | null, accuracy: Accuracy): string {
    return this.remembered(`\u0000span ${date} ${endDate} ${accuracy}`, () => this.formatSpan(date, endDate, accuracy));
  }

  private formatSpan(date: string, endDate: string | null, accuracy: Accuracy): string {
    if (!endDate || endDate === date) return this.date(date, accuracy);
    return this.t('date.span', { from: this.date(date, accuracy), to: this.date(endDate, accuracy === 'approximate' ? 'exact' : accuracy) });
  }

  /** "January–March 2018", "March 2018", "December 2017–February 2018". */
  period(from: string, to: string): string {
    const a = utc(from), b = utc(to);
    if (a.getUTCFullYear() === b.getUTCFullYear() && a.getUTCMonth() === b.getUTCMonth()) return this.month(from);
    if (a.getUTCFullYear() === b.getUTCFullYear()) {
      return this.t('date.monthRange', { from: this.monthOnly.format(a), to: this.monthOnly.format(b), year: String(a.getUTCFullYear()) });
    }
    return this.t('date.yearsRange', { from: this.month(from), to: this.month(to) });
  }

  /** How a sentence opens with a date: "On 13 March 2018", "In February 2018", "Around 6 February 2018". */
  lead(date: string, endDate: string | null, accuracy: Accuracy): string {
    return this.remembered(`\u0000lead ${date} ${endDate} ${accuracy}`, () => this.formatLead(date, endDate, accuracy));
  }

  private formatLead(date: string, endDate: string | null, accuracy: Accuracy): string {
    const end = endDate && endDate !== date ? endDate : null;
    if (accuracy === 'month') {
      return end
        ? this.t('date.lead.fromMonthToMonth', { from: this.monthAfterFrom(date), to: this.month(end) })
        : this.t('date.lead.in', { month: this.monthAfterIn(date) });
    }
    if (accuracy === 'approximate') {
      return end ? this.t('date.lead.fromAroundTo', { from: this.date(date), to: this.date(end) }) : this.t('date.lead.around', { date: this.date(date) });
    }
    return end ? this.t('date.lead.fromTo', { from: this.date(date), to: this.date(end) }) : this.t('date.lead.on', { date: this.date(date) });
  }

  /** "марте 2018 г." after "в"; elsewhere the month as usual. */
  private monthAfterIn(iso: string): string {
    if (this.language !== 'ru') return this.month(iso);
    const d = utc(iso);
    return `${RU_MONTHS_IN[d.getUTCMonth()]} ${d.getUTCFullYear()} г.`;
  }

  /** "марта 2018 г." after "с" (genitive, as Intl writes it after a day); elsewhere the month as usual. */
  private monthAfterFrom(iso: string): string {
    if (this.language !== 'ru') return this.month(iso);
    const d = utc(iso);
    const month = this.dayMonth.formatToParts(d).find((p) => p.type === 'month')?.value ?? this.monthOnly.format(d);
    return `${month} ${d.getUTCFullYear()} г.`;
  }

  /** "A, B and C" / "A, B et C"; `or`: "A, B or C". */
  list(items: readonly string[], type: 'and' | 'or' = 'and'): string {
    return this.lists[type].format(items);
  }

  /** The text with its first letter in upper case, as the language writes it. */
  capitalise(text: string): string {
    return text.charAt(0).toLocaleUpperCase(this.locale) + text.slice(1);
  }

  /** The text with its first letter in lower case ("Detention" inside a sentence). */
  lowerFirst(text: string): string {
    return text.charAt(0).toLocaleLowerCase(this.locale) + text.slice(1);
  }
}

/** Remembered messages per language before the memo starts again (a few hundred bytes each). */
const MEMO_SIZE = 20_000;

const INSTANCES = new Map<Language, Messages>();

/** The shared Messages of a language. */
export function messagesFor(language: Language): Messages {
  let m = INSTANCES.get(language);
  if (!m) INSTANCES.set(language, (m = new Messages(language)));
  return m;
}

/** English: what callers get when they name no language (the web pages' own labels stay English). */
export const ENGLISH = messagesFor('en');
