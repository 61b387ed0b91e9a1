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
 * the texts held; the oldest texts go first.
 */
export class ReadingsMemo<T> {
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
    for (let k = 0; k < entry.length; k += 2) if (entry[k] === reader) return entry[k + 1] as T;
    return undefined;
  }

  set(text: string, reader: number, found: T): void {
    if (text.length > this.budgetChars / 4) return; // one text must not push out everything else
    const entry = this.entries.get(text);
    if (entry !== undefined) {
      entry.push(reader, found);
      return;
    }
    this.entries.set(text, [reader, found]);
    this.chars += text.length;
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
    for (const text of this.entries.keys()) {
      if (this.chars <= to) break;
      this.entries.delete(text);
      this.chars -= text.length;
    }
  }
}
