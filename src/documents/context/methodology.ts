import type { SourceView } from './sources.js';

/**
 * The one paragraph a request may ask for (`methodologyNote`) on how the sources were assessed.
 * It explains the method, never a single source's grading: gradings are internal assessment
 * (OHCHR's monitoring manual keeps them out of public reports), and printed beside a court or a
 * newspaper they hand the authorities something to attack.
 */
export function methodologyNote(organisation: string, annex: readonly SourceView[], draft: boolean): string {
  const confidential = annex.filter((s) => s.confidential).length;
  const sentences = [
    `How the sources were assessed: before relying on a source, ${organisation} assessed the reliability of the source (its record of accuracy and its access to the events) and the credibility of each item of information taken from it (whether other sources confirm it and whether it fits what is otherwise known).`,
    draft ? null : 'Every incident in this document rests on at least one source listed below.',
    'The assessments are kept on file and can be shared on request; they are not printed beside the sources.',
    confidential === 0
      ? null
      : `${confidential === annex.length ? 'All' : `${confidential} of the ${annex.length}`} sources ${confidential === 1 && confidential !== annex.length ? 'is' : 'are'} confidential and ${confidential === 1 && confidential !== annex.length ? 'is' : 'are'} described by type and month only, to protect the people who gave the information.`,
  ];
  return sentences.filter((s): s is string => s !== null).join(' ');
}
