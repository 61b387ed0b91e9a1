import { describe, expect, it } from 'vitest';
import type { Block, Inline, Note } from '../../../../src/documents/model/model.js';
import { resolveCitations } from '../../../../src/documents/model/resolve-citations.js';
import { allRuns, anchors, citations, mapRuns, walkModel, type RunPlace } from '../../../../src/documents/model/walk.js';

const text = (t: string): Inline => ({ type: 'text', text: t });
const cite = (incidentKey: string): Inline => ({ type: 'citation', incidentKey });

/** One block of every kind, text in every place a block keeps it. */
const BLOCKS: Block[] = [
  { type: 'paragraph', style: 'title', inlines: [text('Title')] },
  { type: 'heading', level: 1, anchor: 'top', inlines: [text('First '), { type: 'text', text: 'section', bold: true }] },
  { type: 'paragraph', style: 'body', anchor: 'p1', inlines: [text('Claim one.'), cite('a')] },
  { type: 'list', ordered: true, items: [[text('Item one'), cite('b')], [text('Item two')]] },
  { type: 'page-break' },
  { type: 'heading', level: 2, anchor: 'top', inlines: [text('Second')] },
  {
    type: 'table',
    header: [[text('Head A'), cite('c')], [text('Head B')]],
    rows: [[[text('r0c0')], [text('r0c1'), cite('d')]], [[text('r1c0')], []]],
  },
];
const NOTES: Note[] = [{ number: 1, incidentKey: 'a', paragraphs: [[text('Incident a')], [text('Source a')]] }];

const label = (inlines: readonly Inline[]): string => inlines.map((i) => ('text' in i ? i.text : `[${i.type}]`)).join('');
const where = (place: RunPlace): string => {
  const p = place.part;
  switch (p.kind) {
    case 'list-item': return `item ${p.item}`;
    case 'header-cell': return `th ${p.column}`;
    case 'body-cell': return `td ${p.row},${p.column}`;
    case 'note': return `note ${place.note!.number}.${p.paragraph}`;
    default: return p.kind;
  }
};

describe('walkModel', () => {
  it('visits every run in document order: header cells before body rows, then the notes', () => {
    const seen = allRuns({ blocks: BLOCKS, notes: NOTES }).map(({ inlines, place }) => `${where(place)}: ${label(inlines)}`);
    expect(seen).toEqual([
      'paragraph: Title',
      'heading: First section',
      'paragraph: Claim one.[citation]',
      'item 0: Item one[citation]',
      'item 1: Item two',
      'heading: Second',
      'th 0: Head A[citation]',
      'th 1: Head B',
      'td 0,0: r0c0',
      'td 0,1: r0c1[citation]',
      'td 1,0: r1c0',
      'td 1,1: ',
      'note 1.0: Incident a',
      'note 1.1: Source a',
    ]);
  });

  it('gives each run its block, block index and the text of the heading above it', () => {
    const places = allRuns({ blocks: BLOCKS, notes: NOTES }).map(({ place }) => [place.blockIndex, place.section, place.block?.type ?? null]);
    expect(places).toEqual([
      [0, '', 'paragraph'],
      [1, 'First section', 'heading'],
      [2, 'First section', 'paragraph'],
      [3, 'First section', 'list'], [3, 'First section', 'list'],
      [5, 'Second', 'heading'],
      [6, 'Second', 'table'], [6, 'Second', 'table'], [6, 'Second', 'table'], [6, 'Second', 'table'], [6, 'Second', 'table'], [6, 'Second', 'table'],
      [-1, '', null], [-1, '', null],
    ]);
  });

  it('visits blocks (page breaks too) and each inline after its run', () => {
    const events: string[] = [];
    walkModel({ blocks: BLOCKS.slice(2, 5) }, {
      block: (block, index) => events.push(`block ${index} ${block.type}`),
      run: (inlines) => events.push(`run ${label(inlines)}`),
      inline: (inline, index) => events.push(`inline ${index} ${inline.type}`),
    });
    expect(events).toEqual([
      'block 0 paragraph', 'run Claim one.[citation]', 'inline 0 text', 'inline 1 citation',
      'block 1 list', 'run Item one[citation]', 'inline 0 text', 'inline 1 citation', 'run Item two', 'inline 0 text',
      'block 2 page-break',
    ]);
  });

  it('finds every citation of the body, the table header included, and never those of notes', () => {
    const noteWithCitation: Note = { number: 9, incidentKey: 'z', paragraphs: [[cite('z')]] };
    expect(citations({ blocks: BLOCKS, notes: [noteWithCitation] }).map((c) => c.incidentKey)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('lists the anchors of headings and paragraphs once each, in order', () => {
    expect(anchors({ blocks: BLOCKS })).toEqual(['top', 'p1']);
  });
});

describe('mapRuns', () => {
  it('replaces every run in the order walkModel visits them, leaving the input alone', () => {
    const before = JSON.stringify(BLOCKS);
    let n = 0;
    const mapped = mapRuns(BLOCKS, (inlines) => [text(`#${n++}`), ...inlines]);
    expect(JSON.stringify(BLOCKS)).toBe(before);
    expect(allRuns({ blocks: mapped }).map(({ inlines }) => (inlines[0] as { text: string }).text)).toEqual(
      Array.from({ length: 12 }, (_, i) => `#${i}`),
    );
    expect(mapped[4]).toBe(BLOCKS[4]); // a page break has no runs
  });

  it('shares runs returned unchanged', () => {
    const mapped = mapRuns(BLOCKS, (inlines) => inlines);
    expect((mapped[2] as Extract<Block, { type: 'paragraph' }>).inlines).toBe((BLOCKS[2] as Extract<Block, { type: 'paragraph' }>).inlines);
  });
});

describe('resolveCitations through the walk', () => {
  it('numbers citations in document order, a table header cell before the body rows', () => {
    const { blocks, notes } = resolveCitations(BLOCKS, (key) => ({ paragraphs: [[text(`Incident ${key}`)]] }));
    expect(citations({ blocks }).map((c) => [c.incidentKey, c.noteNumber])).toEqual([['a', 1], ['b', 2], ['c', 3], ['d', 4]]);
    expect(notes.map((n) => [n.number, n.incidentKey])).toEqual([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']]);
  });
});
