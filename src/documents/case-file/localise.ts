import type { IncidentRecord, PersonRecord, RecommendationRecord } from '../../records/records.js';
import type { IncidentTranslation, PersonTranslation, RecommendationTranslation } from '../../records/translations.js';
import type { Language, TranslationLanguage } from '../../shared/languages.js';
import type { CaseFile } from './case-file.js';

/**
 * The case file in the document's language: each free-text field of a record replaced by its
 * translation where the record has one. Where it has none, the original stays — marked
 * "[NOT TRANSLATED]" (in the language) when `marker` is given (drafts) — and the field is
 * listed, so that a final document can be refused or allowed to mix languages.
 *
 * Localising the records themselves, before any view is built, keeps consent in one place:
 * mentions in a translation are rendered, and typed names redacted, exactly like the original's.
 */

export interface UntranslatedField {
  collection: 'incidents' | 'persons' | 'recommendations';
  key: string;
  /** JSON pointer inside the record, e.g. "/summary", "/perpetrators/0/reason". */
  field: string;
}

export interface LocalisedCaseFile {
  file: CaseFile;
  untranslated: UntranslatedField[];
}

export function localiseCaseFile(file: CaseFile, language: Language, marker: string | null, withRecommendations: boolean): LocalisedCaseFile {
  if (language === 'en') return { file, untranslated: [] };
  const untranslated: UntranslatedField[] = [];
  const pick = (collection: UntranslatedField['collection'], key: string) =>
    (field: string, original: string, translated: string | null | undefined): string => {
      if (translated) return translated;
      untranslated.push({ collection, key, field });
      return marker ? `[${marker}] ${original}` : original;
    };
  const pickNullable = (p: ReturnType<typeof pick>) => (field: string, original: string | null | undefined, translated: string | null | undefined) =>
    (original === null || original === undefined ? null : p(field, original, translated));

  const l = language as TranslationLanguage;
  const incident = (i: IncidentRecord): IncidentRecord => {
    const t: IncidentTranslation = i.translations?.[l] ?? {};
    const p = pick('incidents', i.key);
    const pn = pickNullable(p);
    return {
      ...i,
      title: p('/title', i.title, t.title),
      summary: p('/summary', i.summary, t.summary),
      legalBasis: i.legalBasis.map((b, k) => p(`/legalBasis/${k}`, b, t.legalBasis?.[k])),
      perpetrators: i.perpetrators.map((x, k) => {
        const tp = t.perpetrators?.[k] ?? {};
        return {
          ...x,
          description: p(`/perpetrators/${k}/description`, x.description, tp.description),
          stateLink: pn(`/perpetrators/${k}/stateLink`, x.stateLink, tp.stateLink),
          reason: pn(`/perpetrators/${k}/reason`, x.reason, tp.reason),
        };
      }),
      domesticRemedies: i.domesticRemedies ? {
        steps: (i.domesticRemedies.steps ?? []).map((st, k) => {
          const ts = t.domesticRemedies?.steps?.[k] ?? {};
          return {
            ...st,
            authority: p(`/domesticRemedies/steps/${k}/authority`, st.authority, ts.authority),
            action: p(`/domesticRemedies/steps/${k}/action`, st.action, ts.action),
            outcome: pn(`/domesticRemedies/steps/${k}/outcome`, st.outcome, ts.outcome),
          };
        }),
        noneBecause: pn('/domesticRemedies/noneBecause', i.domesticRemedies.noneBecause, t.domesticRemedies?.noneBecause),
      } : i.domesticRemedies,
    };
  };
  const person = (x: PersonRecord): PersonRecord => {
    const t: PersonTranslation = x.translations?.[l] ?? {};
    const pn = pickNullable(pick('persons', x.key));
    return {
      ...x,
      occupation: pn('/occupation', x.occupation, t.occupation),
      affiliation: pn('/affiliation', x.affiliation, t.affiliation),
      whereabouts: x.whereabouts ? { ...x.whereabouts, place: pn('/whereabouts/place', x.whereabouts.place, t.whereabouts?.place) } : x.whereabouts,
    };
  };
  const recommendation = (r: RecommendationRecord): RecommendationRecord => {
    const t: RecommendationTranslation = r.translations?.[l] ?? {};
    return { ...r, text: pick('recommendations', r.key)('/text', r.text, t.text) };
  };

  const localised: CaseFile = {
    ...file,
    incidents: file.incidents.map(incident),
    earlier: file.earlier.map(incident),
    persons: new Map([...file.persons].map(([k, x]) => [k, person(x)])),
    recommendations: withRecommendations ? file.recommendations.map(recommendation) : file.recommendations,
  };
  return { file: localised, untranslated };
}
