import { en } from './en.js';
import type { Catalogue } from './index.js';

export const es: Catalogue = { ...en };
