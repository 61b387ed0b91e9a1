/**
 * Numbers citation points in document order and builds one note per citation.
 *
 * Each citation gets its own note even when an incident is cited twice: a reader checking a
 * claim should land on a note that belongs to that claim. What the note says (in full, in short
 * form, "Ibid.") depends on the notes before it, so `noteFor` is called once per note, in order.
 */
import type { Block, Inline, Note } from './model.js';
import { mapRuns } from './walk.js';

const isCitation = (inline: Inline): boolean => inline.type === 'citation';

export type NoteText = (incidentKey: string, noteNumber: number) => Pick<Note, 'paragraphs' | 'internal'>;

export function resolveCitations(blocks: readonly Block[], noteFor: NoteText): { blocks: Block[]; notes: Note[] } {
  const notes: Note[] = [];

  const numberInlines = (inlines: Inline[]): Inline[] =>
    // Most runs cite nothing: they are kept as they are.
    !inlines.some(isCitation) ? inlines : inlines.map((inline) => {
      if (inline.type !== 'citation') return inline;
      const incidentKey = inline.incidentKey.trim();
      if (incidentKey === '') {
        throw new Error(`Citation ${notes.length + 1} has no incident key: every claim must name its source incident`);
      }
      const noteNumber = notes.length + 1;
      const { paragraphs, internal } = noteFor(incidentKey, noteNumber);
      notes.push({ number: noteNumber, incidentKey, paragraphs: withoutCitations(paragraphs), ...(internal ? { internal } : {}) });
      return { type: 'citation', incidentKey, noteNumber };
    });

  // Table header cells are numbered before the rows, as they are printed; the walk knows the order.
  const numbered = mapRuns(blocks, numberInlines);
  return { blocks: numbered, notes };
}

/** Notes cannot carry notes of their own; a citation inside note text would dangle. */
function withoutCitations(paragraphs: Inline[][]): Inline[][] {
  return paragraphs.map((paragraph) => (paragraph.some(isCitation) ? paragraph.filter((inline) => !isCitation(inline)) : paragraph));
}
