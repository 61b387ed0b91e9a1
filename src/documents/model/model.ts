/**
 * The document model: what every renderer consumes.
 *
 * Templates produce a small semantic HTML subset; `html-to-model` turns it into these typed
 * blocks and inlines; `resolve-citations` numbers the citation points and attaches their notes.
 * `walk` is the one traversal of the tree: whatever needs every block or inline goes through it.
 * Renderers (docx, pdf, html) know nothing of templates, records or consent: they draw this tree.
 */

export type InlineMark = {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  /**
   * A person shown by pseudonym because consent does not cover this audience. The print
   * renderers draw it as plain text; the HTML preview marks it for the staff reviewing it.
   */
  pseudonym?: boolean;
};

export type Inline =
  | ({ type: 'text'; text: string } & InlineMark)
  /** A line break inside a paragraph. */
  | { type: 'break' }
  /** An external link (http/https/mailto only) or an internal one (`#anchor`). */
  | ({ type: 'link'; href: string; text: string } & InlineMark)
  /**
   * A citation point: the claim just before it comes from `incidentKey`.
   * `noteNumber` is assigned by resolve-citations (1-based, document order); every citation
   * becomes its own footnote so that each claim carries its own note.
   */
  | { type: 'citation'; incidentKey: string; noteNumber?: number }
  /** A visible warning stamp inside text, e.g. "UNSOURCED". Renderers make it stand out. */
  | { type: 'flag'; text: string };

export type ParagraphStyle = 'body' | 'lead' | 'meta' | 'urgent' | 'small' | 'quote' | 'title' | 'subtitle';

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3; anchor?: string; inlines: Inline[] }
  | { type: 'paragraph'; style: ParagraphStyle; anchor?: string; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; items: Inline[][] }
  | { type: 'table'; header: Inline[][] | null; rows: Inline[][][] }
  | { type: 'page-break' };

/** The text of one footnote: paragraphs of inlines (no citations inside notes). */
export interface Note {
  number: number;
  incidentKey: string;
  paragraphs: Inline[][];
  /**
   * What staff may see beside the note but readers may not (the sources' gradings): the HTML
   * preview shows it marked as internal; the DOCX and PDF renderers never draw it.
   */
  internal?: string;
}

export interface DocumentMeta {
  title: string;
  subject: string;
  /** The submitting organisation, never a person. */
  author: string;
  language: string;
  keywords: string[];
  /** Stamp DRAFT on every page. */
  draft: boolean;
  /** Shown in the header of every page, e.g. "URGENT APPEAL — KAZ 001/0318/OBS 025". */
  runningHeader?: string;
  /** The sender's letterhead, drawn at the top of the first page. */
  letterhead?: Letterhead;
  /** What renderers print of their own, in the document's language; English when absent. */
  labels?: RenderLabels;
}

/** "DRAFT", "DRAFT — NOT FOR SUBMISSION", and the footer "Page 3 of 12" as before/between the numbers. */
export interface RenderLabels {
  draftStamp: string;
  draftBanner: string;
  pageBefore: string;
  pageBetween: string;
}

export const ENGLISH_RENDER_LABELS: RenderLabels = {
  draftStamp: 'DRAFT', draftBanner: 'DRAFT — NOT FOR SUBMISSION', pageBefore: 'Page ', pageBetween: ' of ',
};

/** The sender as the top of a letter shows it: logo, name, one or two contact lines. */
export interface Letterhead {
  name: string;
  /** Contact lines, e.g. the postal address, then "Tel. … · e-mail · website". */
  lines: string[];
  logo?: { contentType: 'image/png' | 'image/jpeg'; width: number; height: number; bytes: Uint8Array };
}

export interface DocumentModel {
  meta: DocumentMeta;
  blocks: Block[];
  /** Footnotes, ordered by number; notes[i].number === i + 1. */
  notes: Note[];
}
