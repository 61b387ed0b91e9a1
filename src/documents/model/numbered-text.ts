import type { Block, DocumentModel, Inline } from './model.js';
import { safeRunText } from './plain-text.js';

/**
 * A version's text as a reviewer refers to it: numbered paragraphs (¶ 1, ¶ 2, …: each heading,
 * paragraph, list item and table row, in reading order) and the notes by their printed number.
 * Citations show as "[3]" where the note mark is printed, so a moved or new citation shows in a
 * comparison. Stored with each version (documents.text): review comments anchor to these numbers
 * and two versions are compared by them. It is the printed text, consent already applied.
 */
export interface NumberedText {
  paragraphs: NumberedParagraph[];
  notes: Array<{ number: number; text: string }>;
}

export interface NumberedParagraph {
  number: number;
  kind: 'heading' | 'paragraph' | 'item' | 'row';
  text: string;
}

function inlineText(inlines: readonly Inline[]): string {
  let text = '';
  for (const inline of inlines) {
    if (inline.type === 'text' || inline.type === 'link' || inline.type === 'flag') text += inline.text;
    else if (inline.type === 'break') text += ' ';
    else if (inline.type === 'citation' && inline.noteNumber !== undefined) text += `[${inline.noteNumber}]`;
  }
  return safeRunText(text).replace(/ {2,}/g, ' ').trim();
}

function blockParagraphs(block: Block): Array<Omit<NumberedParagraph, 'number'>> {
  switch (block.type) {
    case 'heading': return [{ kind: 'heading', text: inlineText(block.inlines) }];
    case 'paragraph': return [{ kind: 'paragraph', text: inlineText(block.inlines) }];
    case 'list': return block.items.map((item) => ({ kind: 'item' as const, text: inlineText(item) }));
    case 'table': return [...(block.header ? [block.header] : []), ...block.rows]
      .map((row) => ({ kind: 'row' as const, text: row.map(inlineText).join(' | ') }));
    case 'page-break': return [];
  }
}

export function numberedText(model: DocumentModel): NumberedText {
  const paragraphs = model.blocks.flatMap(blockParagraphs)
    .filter((p) => p.text !== '')
    .map((p, i) => ({ number: i + 1, ...p }));
  const notes = model.notes.map((n) => ({ number: n.number, text: n.paragraphs.map(inlineText).filter((t) => t !== '').join(' ') }));
  return { paragraphs, notes };
}

/** A stored text (jsonb), or null when the version predates stored texts or it is malformed. */
export function readNumberedText(stored: unknown): NumberedText | null {
  if (typeof stored !== 'object' || stored === null) return null;
  const t = stored as Partial<NumberedText>;
  return Array.isArray(t.paragraphs) && Array.isArray(t.notes) ? (t as NumberedText) : null;
}
