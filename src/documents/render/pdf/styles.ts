/** Typography of the PDF: one place to tune sizes and spacing. Sizes in points. */
import type { ParagraphStyle } from '../../model/model.js';

export interface TextStyle {
  size: number;
  bold: boolean;
  italic: boolean;
  color: string;
  /** Line height as a multiple of the font size. */
  leading: number;
  spaceBefore: number;
  spaceAfter: number;
  indentLeft: number;
  indentRight: number;
  /** A coloured bar left of the text, for urgent paragraphs. */
  bar?: string;
}

export const COLORS = {
  text: '#111111',
  muted: '#555555',
  heading: '#1f3864',
  link: '#1a4fa0',
  flag: '#c00000',
  rule: '#808080',
  tableHeader: '#e7e6e6',
  draft: '#e53935',
} as const;

const body: TextStyle = {
  size: 10.5, bold: false, italic: false, color: COLORS.text, leading: 1.4,
  spaceBefore: 0, spaceAfter: 6, indentLeft: 0, indentRight: 0,
};

export const PARAGRAPH_STYLES: Record<ParagraphStyle, TextStyle> = {
  body,
  lead: { ...body, size: 12, spaceAfter: 8 },
  meta: { ...body, size: 9, color: COLORS.muted, spaceAfter: 4 },
  urgent: { ...body, bold: true, color: COLORS.flag, indentLeft: 8, bar: COLORS.flag },
  small: { ...body, size: 8.5 },
  quote: { ...body, italic: true, indentLeft: 28, indentRight: 28 },
  title: { ...body, size: 20, bold: true, leading: 1.2, spaceAfter: 6, color: COLORS.heading },
  subtitle: { ...body, size: 13, color: COLORS.muted, leading: 1.25, spaceAfter: 12 },
};

export const HEADING_STYLES: Record<1 | 2 | 3, TextStyle> = {
  1: { ...body, size: 15, bold: true, color: COLORS.heading, leading: 1.25, spaceBefore: 16, spaceAfter: 6 },
  2: { ...body, size: 12.5, bold: true, color: COLORS.heading, leading: 1.25, spaceBefore: 12, spaceAfter: 5 },
  3: { ...body, size: 11, bold: true, italic: true, leading: 1.3, spaceBefore: 9, spaceAfter: 4 },
};

/** The sender's name and contact lines at the top of the first page. */
export const LETTERHEAD_NAME_STYLE: TextStyle = { ...body, size: 13, bold: true, color: COLORS.heading, leading: 1.3, spaceAfter: 0 };
export const LETTERHEAD_CONTACT_STYLE: TextStyle = { ...body, size: 8.5, color: COLORS.muted, leading: 1.35, spaceAfter: 0 };

export const LIST_ITEM_STYLE: TextStyle = { ...body, spaceAfter: 3 };
export const LIST_INDENT = 20;
export const TABLE_CELL_STYLE: TextStyle = { ...body, size: 9.5, leading: 1.3, spaceAfter: 0 };
export const TABLE_CELL_PADDING = 4;
export const NOTE_STYLE: TextStyle = { ...body, size: 8, leading: 1.3, spaceAfter: 0 };
/** Space between consecutive notes, and between body and the separator rule. */
export const NOTE_GAP = 1.5;
export const NOTE_SEPARATOR_SPACE = 10;
/** Footnote markers: smaller and raised, as in print. */
export const MARKER_SCALE = 0.62;
export const MARKER_RISE = 0.36;
