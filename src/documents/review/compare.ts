import { diffArrays, diffWordsWithSpace } from 'diff';
import type { NumberedText } from '../model/numbered-text.js';

/**
 * Two versions' texts compared paragraph by paragraph and note by note (the `diff` library):
 * paragraphs are aligned first (a paragraph inserted does not shift every later one into a
 * "change"), then a removed paragraph followed by an added one is shown as one changed paragraph
 * with its words inserted and deleted. Numbers are each version's own (¶ 4 in the earlier
 * version may be ¶ 5 in the later one).
 */
export type PartType = 'same' | 'added' | 'removed';

export interface ComparedPart {
  type: PartType;
  text: string;
}

export interface ComparedItem {
  status: 'unchanged' | 'added' | 'removed' | 'changed';
  /** The number in the earlier version (null: added). */
  from: number | null;
  /** The number in the later version (null: removed). */
  to: number | null;
  parts: ComparedPart[];
}

export interface Comparison {
  paragraphs: ComparedItem[];
  notes: ComparedItem[];
  summary: Record<'paragraphs' | 'notes', Record<'added' | 'removed' | 'changed' | 'unchanged', number>>;
}

function words(before: string, after: string): ComparedPart[] {
  return diffWordsWithSpace(before, after).map((c) => ({ type: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value }));
}

/** Aligns two numbered lists of texts (numbers from 1 in order) and diffs the words of each changed pair. */
export function compareTexts(before: readonly string[], after: readonly string[]): ComparedItem[] {
  const out: ComparedItem[] = [];
  let i = 0; // next index in `before`
  let j = 0; // next index in `after`
  const chunks = diffArrays([...before], [...after]);
  for (let c = 0; c < chunks.length; c++) {
    const chunk = chunks[c]!;
    if (!chunk.added && !chunk.removed) {
      for (const text of chunk.value) out.push({ status: 'unchanged', from: ++i, to: ++j, parts: [{ type: 'same', text }] });
      continue;
    }
    // A removal next to an insertion: pair them up as changed paragraphs.
    const next = chunks[c + 1];
    const removed = chunk.removed ? chunk.value : (next?.removed ? next.value : []);
    const added = chunk.added ? chunk.value : (next?.added ? next.value : []);
    if ((chunk.removed && next?.added) || (chunk.added && next?.removed)) c++;
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) out.push({ status: 'changed', from: ++i, to: ++j, parts: words(removed[k]!, added[k]!) });
    for (const text of removed.slice(paired)) out.push({ status: 'removed', from: ++i, to: null, parts: [{ type: 'removed', text }] });
    for (const text of added.slice(paired)) out.push({ status: 'added', from: null, to: ++j, parts: [{ type: 'added', text }] });
  }
  return out;
}

function count(items: readonly ComparedItem[]) {
  const n = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const item of items) n[item.status]++;
  return n;
}

export function compareVersions(before: NumberedText, after: NumberedText): Comparison {
  const paragraphs = compareTexts(before.paragraphs.map((p) => p.text), after.paragraphs.map((p) => p.text));
  const notes = compareTexts(before.notes.map((n) => n.text), after.notes.map((n) => n.text));
  return { paragraphs, notes, summary: { paragraphs: count(paragraphs), notes: count(notes) } };
}
