import type { Language } from '../../shared/languages.js';
import type { DocumentModel, Inline } from '../model/model.js';
import { mapRuns } from '../model/walk.js';

/**
 * French spacing (Imprimerie nationale, as the UN's French texts print it): a narrow no-break
 * space (U+202F) before ; : ! ? and inside « ». A space typed there becomes one; a mark typed
 * straight after a word gets one when a space or the end follows it ("10:30" and "https://" keep
 * theirs). Idempotent, so text may pass through it twice. Russian: no full stop doubled after "г.".
 */
const NNBSP = '\u202F';

export function typeset(language: Language, text: string): string {
  // Russian dates end in "г." (2018 г.): a sentence ending on one takes no second full stop.
  if (language === 'ru') return text.replace(/(\d\s?г)\.\./gu, '$1.');
  if (language !== 'fr' || text === '') return text;
  return text
    .replace(/[ \u00A0]+([;:!?])/g, `${NNBSP}$1`)
    .replace(/([\p{L}\p{N})\]»”’.])([;:!?])(?=\s|$)/gu, `$1${NNBSP}$2`)
    .replace(/«[ \u00A0\u202F]*/g, `«${NNBSP}`)
    .replace(/[ \u00A0\u202F]*»/g, `${NNBSP}»`);
}

/** Sentences that open with their own date ("On 13 March 2018, …", "Le 13 mars 2018, …"): a lead needs no other. */
const DATED_OPENINGS: Record<Language, RegExp> = {
  en: /^(on|in|from|between|since|around)\s+(\d{1,2}\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|early|mid|late)/i,
  fr: /^(le|en|du|depuis|vers le|entre le|début|mi-|fin)\s*(\d{1,2}(er)?\s+)?(janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)/i,
  es: /^(el|en|desde|hacia el|entre el|a principios de|a mediados de|a finales de)\s+(\d{1,2}\s+de\s+)?(enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|noviembre|diciembre)/i,
  ru: /^((в|с|около|между|начале|середине|конце)\s+)*(\d{1,2}\s+)?(январ|феврал|март|апрел|ма[йяе]|июн|июл|август|сентябр|октябр|ноябр|декабр)/i,
};

export function opensWithDate(language: Language, text: string): boolean {
  return DATED_OPENINGS[language].test(text.trim());
}

/**
 * The whole document typeset (body and notes): each text run as above, and a mark that opens a
 * run after bold or linked text ("<strong>Name</strong>: …") spaced from it too.
 */
export function typesetModel(language: Language, model: DocumentModel): DocumentModel {
  if (language !== 'fr' && language !== 'ru') return model;
  const run = (inlines: Inline[]): Inline[] => {
    const out = inlines.map((i) => (i.type === 'text' || i.type === 'link' || i.type === 'flag' ? { ...i, text: typeset(language, i.text) } : i));
    for (let k = 1; k < out.length; k++) {
      const here = out[k]!, before = out[k - 1]!;
      if (language !== 'fr' || here.type !== 'text' || !/^[;:!?]/.test(here.text)) continue;
      if ((before.type === 'text' || before.type === 'link') && before.text !== '' && !/\s$/u.test(before.text)) {
        out[k] = { ...here, text: `${NNBSP}${here.text}` };
      }
    }
    return out;
  };
  return {
    meta: { ...model.meta, title: typeset(language, model.meta.title), subject: typeset(language, model.meta.subject) },
    blocks: mapRuns(model.blocks, (inlines) => run(inlines)),
    notes: model.notes.map((n) => ({ ...n, paragraphs: n.paragraphs.map(run) })),
  };
}
