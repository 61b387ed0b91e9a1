/**
 * The one traversal of the document model. Everything that needs every run of text — citation
 * numbering, claims, the audits, the renderers' checks, anchors — goes through here, so a block
 * kind or a place for text (a table header, a note) is added once and nobody skips it.
 *
 * A "run" is one sequence of inlines: a heading's or a paragraph's text, a list item, a table
 * cell (header cells first, then the body rows), or a paragraph of a note. Runs come in document
 * order, which is the order citations are numbered in.
 */
import type { Block, Inline, Note } from './model.js';
import { plainText } from './plain-text.js';

/** Which part of its block (or note) a run is. */
export type RunPart =
  | { kind: 'heading' }
  | { kind: 'paragraph' }
  | { kind: 'list-item'; item: number }
  | { kind: 'header-cell'; column: number }
  | { kind: 'body-cell'; row: number; column: number }
  | { kind: 'note'; paragraph: number };

/** Where a run sits, and what callers need to know of its surroundings. */
export interface RunPlace {
  part: RunPart;
  /** The block holding the run; undefined for note text. */
  block: Block | undefined;
  /** Index of that block in `blocks`, or -1 for note text. */
  blockIndex: number;
  /** The note holding the run; undefined for the body. */
  note: Note | undefined;
  /**
   * The visible text of the nearest heading at or above the run ('' before the first heading);
   * a heading's own run has its own text. Note text has no section ('').
   */
  section: string;
}

export interface ModelVisitor {
  /** Each body block, in order, before its runs. */
  block?(block: Block, blockIndex: number, section: string): void;
  /** Each run of inlines. */
  run?(inlines: readonly Inline[], place: RunPlace): void;
  /** Each inline of each run, in order, after `run` saw the whole run. */
  inline?(inline: Inline, index: number, place: RunPlace): void;
}

/** What the walk reads: the body, and the notes once they exist. */
export type WalkedModel = { blocks: readonly Block[]; notes?: readonly Note[] };

/** Shared by every heading's and paragraph's run (they carry nothing of their own): frozen. */
const HEADING: RunPart = Object.freeze({ kind: 'heading' });
const PARAGRAPH: RunPart = Object.freeze({ kind: 'paragraph' });

/*
 * Where each block kind keeps text is known here only, twice: once to read the runs (no copy of
 * anything: the walk runs over a model several times per document) and once to replace them.
 * Both go in the same order.
 */

/** The runs of one block, in order. */
function eachBlockRun(block: Block, visit: (inlines: Inline[], part: RunPart) => void): void {
  switch (block.type) {
    case 'heading':
      visit(block.inlines, HEADING);
      return;
    case 'paragraph':
      visit(block.inlines, PARAGRAPH);
      return;
    case 'list':
      block.items.forEach((item, index) => visit(item, { kind: 'list-item', item: index }));
      return;
    case 'table':
      // Header first: it is printed (and read) before the body rows.
      block.header?.forEach((cell, column) => visit(cell, { kind: 'header-cell', column }));
      block.rows.forEach((row, r) => row.forEach((cell, column) => visit(cell, { kind: 'body-cell', row: r, column })));
      return;
    case 'page-break':
      return;
  }
}

/**
 * The runs of one block, in order (as eachBlockRun), as a new block whose runs are what `map`
 * returns (the same arrays when it returns its argument).
 */
function mapBlockRuns(block: Block, map: (inlines: Inline[], part: RunPart) => Inline[]): Block {
  switch (block.type) {
    case 'heading':
      return { ...block, inlines: map(block.inlines, HEADING) };
    case 'paragraph':
      return { ...block, inlines: map(block.inlines, PARAGRAPH) };
    case 'list':
      return { ...block, items: block.items.map((item, index) => map(item, { kind: 'list-item', item: index })) };
    case 'table': {
      const header = block.header === null ? null : block.header.map((cell, column) => map(cell, { kind: 'header-cell', column }));
      const rows = block.rows.map((row, r) => row.map((cell, column) => map(cell, { kind: 'body-cell', row: r, column })));
      return { ...block, header, rows };
    }
    case 'page-break':
      return block;
  }
}

/** Section text a heading opens; other blocks keep the one above them. */
function sectionAfter(block: Block, section: string): string {
  return block.type === 'heading' ? plainText(block.inlines) : section;
}

/** Visits every block, every run and every inline of the body, then of the notes (when given). */
export function walkModel(model: WalkedModel, visitor: ModelVisitor): void {
  const visitRun = (inlines: readonly Inline[], place: RunPlace): void => {
    visitor.run?.(inlines, place);
    if (visitor.inline) inlines.forEach((inline, index) => visitor.inline!(inline, index, place));
  };
  let section = '';
  model.blocks.forEach((block, blockIndex) => {
    section = sectionAfter(block, section);
    visitor.block?.(block, blockIndex, section);
    if (!visitor.run && !visitor.inline) return;
    eachBlockRun(block, (inlines, part) => visitRun(inlines, { part, block, blockIndex, note: undefined, section }));
  });
  for (const note of model.notes ?? []) {
    note.paragraphs.forEach((inlines, paragraph) => {
      visitRun(inlines, { part: { kind: 'note', paragraph }, block: undefined, blockIndex: -1, note, section: '' });
    });
  }
}

/**
 * New body blocks with every run replaced by what `map` returns for it, in the walk's order
 * (`walkModel` visits runs in exactly this order). Blocks are copied; runs `map` returns
 * unchanged are shared.
 */
export function mapRuns(blocks: readonly Block[], map: (inlines: Inline[], place: RunPlace) => Inline[]): Block[] {
  let section = '';
  return blocks.map((block, blockIndex) => {
    section = sectionAfter(block, section);
    return mapBlockRuns(block, (inlines, part) => map(inlines, { part, block, blockIndex, note: undefined, section }));
  });
}

/** Every run of the body (and of the notes, when given), in order. */
export function allRuns(model: WalkedModel): Array<{ inlines: readonly Inline[]; place: RunPlace }> {
  const runs: Array<{ inlines: readonly Inline[]; place: RunPlace }> = [];
  walkModel(model, { run: (inlines, place) => runs.push({ inlines, place }) });
  return runs;
}

/** Every citation of the body, in document (and so note) order. */
export function citations(model: WalkedModel): Array<Extract<Inline, { type: 'citation' }>> {
  const found: Array<Extract<Inline, { type: 'citation' }>> = [];
  walkModel({ blocks: model.blocks }, { inline: (inline) => { if (inline.type === 'citation') found.push(inline); } });
  return found;
}

/** The anchors (ids) of headings and paragraphs, each once, in document order: what `#…` links may point to. */
export function anchors(model: WalkedModel): string[] {
  const found = new Set<string>();
  walkModel({ blocks: model.blocks }, {
    block: (block) => {
      if ((block.type === 'heading' || block.type === 'paragraph') && block.anchor !== undefined) found.add(block.anchor);
    },
  });
  return [...found];
}
