import type { Language } from '../../../shared/languages.js';
import { en, type Catalogue } from './en.js';
import { es } from './es.js';
import { fr } from './fr.js';
import { ru } from './ru.js';

export type { Catalogue };

export const CATALOGUES: Record<Language, Catalogue> = { en, fr, es, ru };
