import { z } from 'zod';
import { TRANSLATION_LANGUAGES, type TranslationLanguage } from '../shared/languages.js';

/**
 * Translations of a record's free text (case-bundle revision 4): `translations.fr` (es, ru) holds
 * the same fields as the record, in that language, each optional. Lists are translated item by
 * item, by position (null: that item is not translated). The record's own text is the original.
 */

const nullable = <T extends z.ZodType>(s: T) => s.nullable().optional();
const line = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`).refine((s) => !/[\r\n]/.test(s), 'must be one line');
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

export const IncidentTranslationSchema = z.strictObject({
  title: line(500).optional(),
  summary: text(10_000).optional(),
  legalBasis: z.array(line(500).nullable()).max(50).optional(),
  perpetrators: z.array(z.strictObject({
    description: line(500).optional(),
    stateLink: line(500).optional(),
    reason: text(1000).optional(),
  }).nullable()).max(100).optional(),
  domesticRemedies: z.strictObject({
    steps: z.array(z.strictObject({
      authority: line(300).optional(),
      action: line(500).optional(),
      outcome: line(1000).optional(),
    }).nullable()).max(50).optional(),
    noneBecause: text(2000).optional(),
  }).optional(),
});

export const PersonTranslationSchema = z.strictObject({
  occupation: line(300).optional(),
  affiliation: line(500).optional(),
  whereabouts: z.strictObject({ place: line(300).optional() }).optional(),
});

export const RecommendationTranslationSchema = z.strictObject({
  text: text(5000).optional(),
});

/** `{ fr?, es?, ru? }` of one record kind's translation. */
function translationsOf<T extends z.ZodType>(schema: T) {
  return z.strictObject(Object.fromEntries(TRANSLATION_LANGUAGES.map((l) => [l, schema.optional()])) as Record<TranslationLanguage, z.ZodOptional<T>>)
    .describe('Translations of this record\'s free text, by language (fr, es, ru); see "Translations" in case-bundle.md');
}

export const IncidentTranslationsSchema = nullable(translationsOf(IncidentTranslationSchema));
export const PersonTranslationsSchema = nullable(translationsOf(PersonTranslationSchema));
export const RecommendationTranslationsSchema = nullable(translationsOf(RecommendationTranslationSchema));

export type IncidentTranslation = z.output<typeof IncidentTranslationSchema>;
export type PersonTranslation = z.output<typeof PersonTranslationSchema>;
export type RecommendationTranslation = z.output<typeof RecommendationTranslationSchema>;
export type Translations<T> = Partial<Record<TranslationLanguage, T>>;

/**
 * Translations in normal form: languages with nothing in them dropped, keys in a fixed order.
 * Null when there is none, so that a record without translations exports as it always did.
 */
export function canonicalTranslations<T extends object>(t: Translations<T> | null | undefined): Translations<T> | null {
  if (!t) return null;
  const out: Translations<T> = {};
  for (const l of TRANSLATION_LANGUAGES) {
    const v = t[l];
    if (v && Object.values(v).some((x) => x !== undefined)) out[l] = JSON.parse(JSON.stringify(v)) as T;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/** Where an incident translation's lists do not line up with the record's, as bundle problems. */
export function translationListProblems(
  incident: { legalBasis?: unknown[] | undefined; perpetrators?: unknown[] | undefined; domesticRemedies?: { steps?: unknown[] | undefined } | null | undefined; translations?: Translations<IncidentTranslation> | null | undefined },
): Array<{ path: PropertyKey[]; message: string }> {
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  for (const l of TRANSLATION_LANGUAGES) {
    const t = incident.translations?.[l];
    if (!t) continue;
    const check = (name: string, given: unknown[] | undefined, original: unknown[] | undefined, path: PropertyKey[]) => {
      if (given && given.length !== (original?.length ?? 0)) {
        problems.push({ path: ['translations', l, ...path], message: `has ${given.length} item(s) but the record's ${name} has ${original?.length ?? 0}: translate item by item (null for one left untranslated)` });
      }
    };
    check('legalBasis', t.legalBasis, incident.legalBasis, ['legalBasis']);
    check('perpetrators', t.perpetrators, incident.perpetrators, ['perpetrators']);
    check('domesticRemedies.steps', t.domesticRemedies?.steps, incident.domesticRemedies?.steps, ['domesticRemedies', 'steps']);
  }
  return problems;
}
