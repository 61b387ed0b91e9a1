/**
 * The languages documents are written in. Record text may carry translations into these too
 * (docs/case-bundle.md, "translations"); staff pages stay English.
 */
export const LANGUAGES = ['en', 'fr', 'es', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Translations a record may carry: every document language but the original's. */
export const TRANSLATION_LANGUAGES = ['fr', 'es', 'ru'] as const satisfies readonly Language[];
export type TranslationLanguage = (typeof TRANSLATION_LANGUAGES)[number];

/** How staff pages name each language (English, like the pages themselves). */
export const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', fr: 'French', es: 'Spanish', ru: 'Russian' };

/** The locale each document language is formatted in (dates, numbers, lists, plural rules). */
export const LOCALES: Record<Language, string> = { en: 'en-GB', fr: 'fr-FR', es: 'es-ES', ru: 'ru-RU' };
