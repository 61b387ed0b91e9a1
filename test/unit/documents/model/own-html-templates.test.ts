import { describe, expect, it, vi } from 'vitest';
import { compose } from '../../../../src/documents/compose/compose.js';
import { DocumentRequestSchema } from '../../../../src/documents/request.schemas.js';
import { smallBundle } from '../../../support/bundles.js';
import { caseFileOf } from '../../../support/case-file.js';
import { ownEvents, referenceEvents } from '../../../support/html-events.js';

/** Every HTML the fast tokenizer was given while composing, and whether it read it. */
const readings = vi.hoisted(() => [] as Array<{ html: string; read: boolean }>);

vi.mock('../../../../src/documents/model/own-html.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../../../src/documents/model/own-html.js')>();
  return {
    tokenizeOwnHtml: (html: string, events: Parameters<typeof actual.tokenizeOwnHtml>[1]) => {
      const read = actual.tokenizeOwnHtml(html, events);
      readings.push({ html, read });
      return read;
    },
  };
});

const { tokenizeOwnHtml } = await import('../../../../src/documents/model/own-html.js');

const REQUESTS = [
  { kind: 'urgent-appeal', selection: { persons: ['p-anon'] }, options: { appealCode: 'KAZ 001/0318/OBS 025' } },
  { kind: 'un-communication', selection: { country: 'KZ' }, options: { variant: 'allegation-letter', mandates: ['sr-expression'] } },
  { kind: 'eu-briefing', selection: { country: 'KZ' }, options: { dialogueRound: { number: 9, date: '2018-11-20', place: 'Brussels' } } },
];

describe('the HTML each template writes', () => {
  it.each(REQUESTS.flatMap((r) => (['en', 'fr', 'ru'] as const).map((language) => [r.kind, language, r] as const)))(
    '%s in %s is read by the fast tokenizer, exactly as htmlparser2 reads it',
    (_kind, language, r) => {
      readings.length = 0;
      const request = DocumentRequestSchema.parse({ format: 'pdf', draft: true, language, ...r });
      compose(caseFileOf(smallBundle(), r.kind === 'un-communication' ? 'un' : 'public'), request, new Date('2018-04-01T00:00:00Z'));
      expect(readings).toHaveLength(1);
      const [{ html, read }] = readings as [{ html: string; read: boolean }];
      expect(read).toBe(true);
      expect(ownEvents(html, tokenizeOwnHtml)).toEqual(referenceEvents(html));
    },
  );
});
