import type { Language } from '../../../shared/languages.js';
import { en, type MessageKey } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

/** A catalogue: one message for every key of the English one (the compiler checks the keys; a test the placeholders). */
export type Catalogue = Record<MessageKey, string>;

export const CATALOGUES: Record<Language, Catalogue> = { en, fr, es, ru };
