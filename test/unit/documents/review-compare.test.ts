import { describe, expect, it } from 'vitest';
import { compareTexts, compareVersions } from '../../../src/documents/review/compare.js';
import { numberedText } from '../../../src/documents/model/numbered-text.js';
import type { DocumentModel } from '../../../src/documents/model/model.js';
import { stepAllowed, REVIEW_STATUSES, REVIEW_STEPS } from '../../../src/documents/review/review-workflow.js';

const model = (blocks: DocumentModel['blocks'], notes: DocumentModel['notes'] = []): DocumentModel => ({
  meta: { title: 't', subject: 's', author: 'a', language: 'en', keywords: [], draft: false }, blocks, notes,
});

describe('numbered text', () => {
  it('numbers headings, paragraphs, list items and table rows in reading order; marks notes where printed', () => {
    const text = numberedText(model([
      { type: 'heading', level: 1, inlines: [{ type: 'text', text: 'Title' }] },
      { type: 'paragraph', style: 'body', inlines: [{ type: 'text', text: 'Detained on 13 March.' }, { type: 'citation', incidentKey: 'i', noteNumber: 1 }] },
      { type: 'page-break' },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'One' }], [{ type: 'text', text: 'Two' }]] },
      { type: 'table', header: [[{ type: 'text', text: 'A' }], [{ type: 'text', text: 'B' }]], rows: [[[{ type: 'text', text: '1' }], [{ type: 'text', text: '2' }]]] },
    ], [{ number: 1, incidentKey: 'i', paragraphs: [[{ type: 'text', text: 'KIBHR, report,' }], [{ type: 'text', text: '14 March 2018.' }]] }]));
    expect(text.paragraphs).toEqual([
      { number: 1, kind: 'heading', text: 'Title' },
      { number: 2, kind: 'paragraph', text: 'Detained on 13 March.[1]' },
      { number: 3, kind: 'item', text: 'One' },
      { number: 4, kind: 'item', text: 'Two' },
      { number: 5, kind: 'row', text: 'A | B' },
      { number: 6, kind: 'row', text: '1 | 2' },
    ]);
    expect(text.notes).toEqual([{ number: 1, text: 'KIBHR, report, 14 March 2018.' }]);
  });
});

describe('comparing versions', () => {
  it('an inserted paragraph is "added" and shifts numbers without making later ones "changed"', () => {
    const items = compareTexts(['A first.', 'B second.', 'C third.'], ['A first.', 'New one.', 'B second.', 'C third.']);
    expect(items.map((i) => [i.status, i.from, i.to])).toEqual([
      ['unchanged', 1, 1], ['added', null, 2], ['unchanged', 2, 3], ['unchanged', 3, 4],
    ]);
  });

  it('a changed paragraph shows the words deleted and inserted', () => {
    const [item] = compareTexts(['Police detained three activists in Almaty.'], ['Police detained four activists in Astana.']);
    expect(item!.status).toBe('changed');
    expect(item!.parts.filter((p) => p.type === 'removed').map((p) => p.text)).toEqual(['three', 'Almaty']);
    expect(item!.parts.filter((p) => p.type === 'added').map((p) => p.text)).toEqual(['four', 'Astana']);
    // Reading the same and inserted parts gives the new text; same and deleted, the old.
    expect(item!.parts.filter((p) => p.type !== 'removed').map((p) => p.text).join('')).toBe('Police detained four activists in Astana.');
    expect(item!.parts.filter((p) => p.type !== 'added').map((p) => p.text).join('')).toBe('Police detained three activists in Almaty.');
  });

  it('a deleted paragraph is "removed"; notes are compared like paragraphs; counts add up', () => {
    const cmp = compareVersions(
      { paragraphs: [{ number: 1, kind: 'paragraph', text: 'Keep.' }, { number: 2, kind: 'paragraph', text: 'Drop.' }], notes: [{ number: 1, text: 'Source one.' }] },
      { paragraphs: [{ number: 1, kind: 'paragraph', text: 'Keep.' }], notes: [{ number: 1, text: 'Source one, p. 3.' }] },
    );
    expect(cmp.paragraphs.map((i) => i.status)).toEqual(['unchanged', 'removed']);
    expect(cmp.summary).toEqual({
      paragraphs: { added: 0, removed: 1, changed: 0, unchanged: 1 },
      notes: { added: 0, removed: 0, changed: 1, unchanged: 0 },
    });
  });
});

describe('the review workflow table', () => {
  it('allows exactly these steps from each status', () => {
    const table = Object.fromEntries(REVIEW_STATUSES.map((s) => [s, REVIEW_STEPS.filter((step) => stepAllowed(step, s))]));
    expect(table).toEqual({
      draft: ['submit', 'approve'],
      in_review: ['request-changes', 'approve'],
      changes_requested: ['submit'],
      approved: [],
    });
  });
});
