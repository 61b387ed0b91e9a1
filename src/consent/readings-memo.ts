/**
 * What each name matcher found in the texts it read, kept across compositions. A matcher is
 * built for one persons revision and never changes, and what it finds in a text depends on the
 * text alone: the same record text, printed in a preview, then a DOCX, then the final PDF, or in
 * the UN letter and the EU briefing of the same round, need not be read again. Reading is most of
 * a composition's consent cost (folding, splitting into words, walking the index); a text's
 * string hash is computed once per string object and kept by V8.
 *
 * One map for every matcher: a text read by three matchers (the redactor, its shield, the
 * public-audience audit) is held once. Matchers are told apart by a number, never held: a
 * matcher of 20,000 persons must be free to go with its revision. Bounded by the characters of
 * the texts held (and of answers that are strings of their own: a redaction); the oldest texts go
 * first.
 */
export class ReadingsMemo<T> {
  /** Per text: the characters it holds (the text's, and its string answers'), then reader, answer, reader, answer… */
  private readonly entries = new Map<string, Array<number | T>>();
  private chars = 0;

  constructor(private budgetChars: number) {}

  /** Holds at most this many characters from now on (the oldest texts go now if it holds more). */
  resize(budgetChars: number): void {
    this.budgetChars = budgetChars;
    if (this.chars > budgetChars) this.shrink(budgetChars);
  }

  /** What `reader` found in `text`, if it read it lately. */
  get(text: string, reader: number): T | undefined {
    const entry = this.entries.get(text);
    if (entry === undefined) return undefined;
    for (let k = 1; k < entry.length; k += 2) if (entry[k] === reader) return entry[k + 1] as T;
    return undefined;
  }

  /** `extraChars`: characters the answer holds beside the text's (a string that is not the text). */
  set(text: string, reader: number, found: T, extraChars = 0): void {
    if (text.length > this.budgetChars / 4) return; // one text must not push out everything else
    const entry = this.entries.get(text);
    if (entry !== undefined) {
      entry.push(reader, found);
      entry[0] = (entry[0] as number) + extraChars;
      this.chars += extraChars;
    } else {
      this.entries.set(text, [text.length + extraChars, reader, found]);
      this.chars += text.length + extraChars;
    }
    if (this.chars > this.budgetChars) this.shrink(this.budgetChars * 0.75);
  }

  /** Forgets everything (a benchmark's cold reading; a test's fresh start). */
  clear(): void {
    this.entries.clear();
    this.chars = 0;
  }

  get size(): { texts: number; chars: number } {
    return { texts: this.entries.size, chars: this.chars };
  }

  private shrink(to: number): void {
    for (const [text, entry] of this.entries) {
      if (this.chars <= to) break;
      this.entries.delete(text);
      this.chars -= entry[0] as number;
    }
  }
}

/**
 * The process's memo: each matcher's spans and redactions, and each ambiguity finder's answers
 * (name-ambiguity.ts), every one by a reader number of its own (newReader). 8 M characters: the
 * distinct texts of about four 1000-incident documents, ~20 MB.
 */
export const readings = new ReadingsMemo<unknown>(8_000_000);

let readers = 0;
/** A reader number no other reader has (a matcher's reading, its redaction, a finder). */
export const newReader = (): number => readers++;
