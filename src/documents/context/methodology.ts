import type { SourceView } from './sources.js';
import { ENGLISH, type Messages } from '../i18n/messages.js';

/**
 * The one paragraph a request may ask for (`methodologyNote`) on how the sources were assessed.
 * It explains the method, never a single source's grading: gradings are internal assessment
 * (OHCHR's monitoring manual keeps them out of public reports), and printed beside a court or a
 * newspaper they hand the authorities something to attack.
 */
export function methodologyNote(organisation: string, annex: readonly SourceView[], draft: boolean, m: Messages = ENGLISH): string {
  const confidential = annex.filter((s) => s.confidential).length;
  const sentences = [
    m.t('methodology.assessed', { organisation }),
    draft ? null : m.t('methodology.everySourced'),
    m.t('methodology.onFile'),
    confidential === 0
      ? null
      : confidential === annex.length
        ? m.t('methodology.confidentialAll')
        : m.t('methodology.confidentialSome', { confidential, total: annex.length }),
  ];
  return sentences.filter((s): s is string => s !== null).join(' ');
}
