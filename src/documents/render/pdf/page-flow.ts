/**
 * Vertical flow of body content down pages, with footnotes at the foot of the page that
 * carries their markers.
 *
 * Every body slot (a line, a table row) is taken together with the notes its markers refer to.
 * A slot fits a page only if the slot AND its notes fit above the bottom margin; otherwise the
 * slot moves to the next page, taking its notes with it. If a note cannot fit even on a fresh
 * page (a huge note, or the foot is full of notes carried over), its remaining lines continue
 * at the foot of the following page(s), as Word does. Nothing is ever measured twice: each
 * note is laid out once, and each page's foot is drawn once when the page is left.
 */
import type { Doc } from './faces.js';
import { COLORS, NOTE_SEPARATOR_SPACE } from './styles.js';

export interface Frame {
  left: number;
  width: number;
  top: number;
  bottom: number;
}

/** One line of a laid-out note. `draw` is called once, on the page whose foot holds the line. */
export interface NoteLine {
  height: number;
  draw(x: number, top: number): void;
}

/** A fresh page lets carried-over notes use at most this share of the text area. */
const CARRIED_NOTES_SHARE = 0.6;

export class PageFlow {
  /** Top of the free body space on the current page. */
  private cursor: number;
  private bodyPlaced = false;
  private foot: NoteLine[] = [];
  private footLinesHeight = 0;
  /** The foot of this page starts with lines carried over from the previous page. */
  private footContinues = false;
  /** Note lines that did not fit on their page, waiting for the next one, in order. */
  private carried: NoteLine[] = [];
  private pages = 1;
  private readonly placedNotes = new Set<number>();

  constructor(
    private readonly doc: Doc,
    readonly frame: Frame,
    private readonly noteLines: (noteNumber: number) => readonly NoteLine[],
    /** Called after a new page is added, before anything is placed on it. */
    private readonly onNewPage: () => void = () => {},
  ) {
    this.cursor = frame.top;
  }

  get y(): number {
    return this.cursor;
  }

  get pageCount(): number {
    return this.pages;
  }

  /** Nothing has been placed in the body of this page yet. */
  get atPageTop(): boolean {
    return !this.bodyPlaced;
  }

  /** The body height available on an empty page with an empty foot. */
  get fullPageHeight(): number {
    return this.frame.bottom - this.frame.top;
  }

  /** Body space left above the current foot. */
  get available(): number {
    return this.footTop() - this.cursor;
  }

  private footHeight(): number {
    return this.foot.length === 0 ? 0 : this.footLinesHeight + NOTE_SEPARATOR_SPACE;
  }

  private footTop(): number {
    return this.frame.bottom - this.footHeight();
  }

  private notesHeight(notes: readonly number[]): number {
    let height = 0;
    for (const n of notes) {
      if (this.placedNotes.has(n)) continue;
      for (const line of this.noteLines(n)) height += line.height;
    }
    return height;
  }

  /** Whether a slot of `height` plus `keep` (space the next content needs with it) fits with its notes. */
  fits(height: number, notes: readonly number[], keep = 0): boolean {
    let footHeight = this.footHeight();
    // With lines already waiting, new notes queue behind them on later pages: they need no room here.
    if (notes.length > 0 && this.carried.length === 0) {
      footHeight = this.footLinesHeight + this.notesHeight(notes) + NOTE_SEPARATOR_SPACE;
    }
    return this.cursor + height + keep + footHeight <= this.frame.bottom + 0.01;
  }

  /**
   * Takes a body slot for content whose markers refer to `notes`, moving to a new page first
   * when it does not fit (unless this page is still empty, or `force` is set). Returns its top.
   */
  take(height: number, notes: readonly number[] = [], keep = 0, force = false): number {
    let notesMustSplit = false;
    if (!force && !this.fits(height, notes, keep)) {
      // Notes too long for any page's foot would not fit on the next page either: rather than
      // leave this page short, start them here (if their first line fits) and let them continue.
      const hopeless = height + keep + NOTE_SEPARATOR_SPACE + this.notesHeight(notes) > this.fullPageHeight * CARRIED_NOTES_SHARE;
      // On a still-empty page moving on would not help either.
      if (this.bodyPlaced && !(hopeless && this.fitsFirstNoteLine(height, notes))) this.newPage();
      notesMustSplit = !this.fits(height, notes, keep);
    }
    const top = this.cursor;
    this.cursor += height;
    this.bodyPlaced = true;
    // Split notes may not crowd the body out: they take at most the usual share of the page.
    const footLimit = notesMustSplit ? this.fullPageHeight * CARRIED_NOTES_SHARE : Number.POSITIVE_INFINITY;
    for (const n of notes) this.addNote(n, footLimit);
    return top;
  }

  private fitsFirstNoteLine(height: number, notes: readonly number[]): boolean {
    const firstNote = notes.find((n) => !this.placedNotes.has(n));
    const first = firstNote === undefined ? undefined : this.noteLines(firstNote)[0];
    if (this.carried.length > 0 || first === undefined) return false;
    return this.cursor + height + this.footLinesHeight + NOTE_SEPARATOR_SPACE + first.height <= this.frame.bottom + 0.01;
  }

  /** Vertical space between blocks; none at the top of a page. */
  skip(space: number): void {
    if (this.bodyPlaced) this.cursor = Math.min(this.cursor + space, this.footTop());
  }

  private addNote(noteNumber: number, footLimit: number): void {
    // A note is printed once, at its first marker, even if a model repeats a number.
    if (this.placedNotes.has(noteNumber)) return;
    this.placedNotes.add(noteNumber);
    for (const line of this.noteLines(noteNumber)) {
      const footAfter = this.footLinesHeight + NOTE_SEPARATOR_SPACE + line.height;
      const fits = this.cursor + footAfter <= this.frame.bottom + 0.01 && (footAfter <= footLimit || this.foot.length === 0);
      if (this.carried.length === 0 && fits) {
        this.foot.push(line);
        this.footLinesHeight += line.height;
      } else {
        this.carried.push(line);
      }
    }
  }

  newPage(): void {
    this.drawFoot();
    this.doc.addPage();
    this.pages++;
    this.cursor = this.frame.top;
    this.bodyPlaced = false;
    this.foot = [];
    this.footLinesHeight = 0;
    this.footContinues = this.carried.length > 0;
    this.takeCarried(this.fullPageHeight * CARRIED_NOTES_SHARE);
    this.onNewPage();
  }

  private takeCarried(limit: number): void {
    let moved = 0;
    while (this.carried.length > 0) {
      const line = this.carried[0];
      if (line === undefined) break;
      const fits = this.footLinesHeight + line.height + NOTE_SEPARATOR_SPACE <= limit;
      if (!fits && moved > 0) break; // always move at least one line, so the notes make progress
      this.carried.shift();
      this.foot.push(line);
      this.footLinesHeight += line.height;
      moved++;
    }
  }

  /** Draws the current page's foot: a separator rule (full width when notes continue) and the note lines. */
  private drawFoot(): void {
    if (this.foot.length === 0) return;
    const { doc, frame } = this;
    const top = this.footTop();
    const ruleY = top + NOTE_SEPARATOR_SPACE / 2;
    const ruleWidth = this.footContinues ? frame.width : frame.width / 3;
    doc.save().lineWidth(0.5).strokeColor(COLORS.rule).moveTo(frame.left, ruleY).lineTo(frame.left + ruleWidth, ruleY).stroke().restore();
    let y = top + NOTE_SEPARATOR_SPACE;
    for (const line of this.foot) {
      line.draw(frame.left, y);
      y += line.height;
    }
  }

  /** Ends the last page, adding pages for any notes still carried over. */
  finish(): void {
    this.drawFoot();
    this.foot = [];
    while (this.carried.length > 0) {
      this.doc.addPage();
      this.pages++;
      this.cursor = this.frame.top;
      this.bodyPlaced = false;
      this.foot = [];
      this.footLinesHeight = 0;
      this.footContinues = true;
      this.onNewPage();
      this.takeCarried(this.fullPageHeight);
      this.drawFoot();
      this.foot = [];
    }
  }
}
