import type { FieldSpec, Values } from '../fields.js';
import { LANGUAGE_NAMES, TRANSLATION_LANGUAGES } from '../../shared/languages.js';
import type { FreeTextCollection } from '../../consent/mentions.js';

/**
 * Translations on the record forms (issue 16): the main free-text fields of a record, one column
 * per language beside each other (`translations.fr.summary` …). The record's other translations
 * (lists: legal basis, perpetrators, remedies) ride along unchanged in a hidden field, so that
 * saving the form never drops what an import brought.
 */
const FIELDS: Partial<Record<FreeTextCollection, Array<{ name: string; label: string; textarea?: boolean; maxlength: number }>>> = {
  incidents: [{ name: 'title', label: 'Title', maxlength: 500 }, { name: 'summary', label: 'Summary', textarea: true, maxlength: 10_000 }],
  persons: [{ name: 'occupation', label: 'Occupation', maxlength: 300 }, { name: 'affiliation', label: 'Affiliation', maxlength: 500 }],
  recommendations: [{ name: 'text', label: 'Text', textarea: true, maxlength: 5000 }],
};

export const KEPT = 'translations.json';

/** The names of the translation fields of a collection (for the mention check, which reads free text). */
export const translationFieldPattern = (collection: FreeTextCollection): RegExp | null =>
  (FIELDS[collection] ? new RegExp(`^translations\\.(?:${TRANSLATION_LANGUAGES.join('|')})\\.(?:${FIELDS[collection]!.map((f) => f.name).join('|')})$`) : null);

/** The form values of a record's translations. */
export function translationValues(collection: FreeTextCollection, record: { translations?: unknown }): Values {
  const fields = FIELDS[collection];
  if (!fields) return {};
  const t = (record.translations ?? {}) as Record<string, Record<string, unknown>>;
  const values: Values = { [KEPT]: Object.keys(t).length > 0 ? JSON.stringify(t) : '' };
  for (const l of TRANSLATION_LANGUAGES) for (const f of fields) values[`translations.${l}.${f.name}`] = typeof t[l]?.[f.name] === 'string' ? t[l]![f.name] as string : '';
  return values;
}

/** The record body's `translations` from the form: what was kept, with the visible fields over it. */
export function translationsInput(collection: FreeTextCollection, values: Values): { translations?: unknown } {
  const fields = FIELDS[collection];
  if (!fields) return {};
  let kept: Record<string, Record<string, unknown>> = {};
  try {
    const raw = typeof values[KEPT] === 'string' && values[KEPT] !== '' ? JSON.parse(values[KEPT] as string) as unknown : {};
    if (raw && typeof raw === 'object' && !Array.isArray(raw)) kept = raw as typeof kept;
  } catch {
    // A mangled hidden field keeps nothing: the visible fields still count.
  }
  const out: Record<string, Record<string, unknown>> = {};
  for (const l of TRANSLATION_LANGUAGES) {
    const t: Record<string, unknown> = { ...(kept[l] ?? {}) };
    for (const f of fields) {
      const v = values[`translations.${l}.${f.name}`];
      if (typeof v === 'string' && v.trim() !== '') t[f.name] = v.trim();
      else delete t[f.name];
    }
    if (Object.keys(t).length > 0) out[l] = t;
  }
  return Object.keys(out).length > 0 ? { translations: out } : {};
}

/** The columns the form draws: per language, its fields. */
export function translationColumns(collection: FreeTextCollection): Array<{ language: string; name: string; fields: Record<string, FieldSpec> }> {
  const fields = FIELDS[collection];
  if (!fields) return [];
  return TRANSLATION_LANGUAGES.map((l) => ({
    language: l,
    name: LANGUAGE_NAMES[l],
    fields: Object.fromEntries(fields.map((f) => [`translations.${l}.${f.name}`, {
      label: `${f.label} (${LANGUAGE_NAMES[l]})`, maxlength: f.maxlength, ...(f.textarea ? { type: 'textarea' as const, rows: 6 } : {}),
    } satisfies FieldSpec])),
  }));
}
