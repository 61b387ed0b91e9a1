import fc from 'fast-check';

/**
 * Pathological text (issue 18, point 10): the shapes that make a backtracking matcher or regex
 * take time out of all proportion to the input — one letter repeated, stacked case endings,
 * separators between the words of a name, hyphen-newline chains, percent-escapes, runs of
 * invisible characters — each filled to exactly the length asked for (a field's maximum).
 *
 * `line: true` families stay on one line (Line fields refuse line breaks and controls with 422;
 * the others test that refusal, the line families reach the matcher).
 */

export interface PathologicalFamily {
  label: string;
  /** Single-line text (no line breaks, no controls). */
  line: boolean;
  /** A text of exactly `n` UTF-16 units. */
  make: (n: number) => string;
}

/** `unit` repeated to exactly n UTF-16 units (cut at a unit boundary, never inside a surrogate pair). */
export function fill(unit: string, n: number, head = '', tail = ''): string {
  const body = Math.max(0, n - head.length - tail.length);
  let text = unit.repeat(Math.ceil(body / unit.length)).slice(0, body);
  if (/[\uD800-\uDBFF]$/.test(text)) text = `${text.slice(0, -1)}x`;
  return (head + text + tail).slice(0, n);
}

export const PATHOLOGICAL_FAMILIES: readonly PathologicalFamily[] = [
  { label: 'one Cyrillic letter repeated', line: true, make: (n) => fill('а', n) },
  { label: 'one Latin letter repeated', line: true, make: (n) => fill('a', n) },
  { label: 'a four-letter syllable as words', line: true, make: (n) => fill('аааа ', n) },
  { label: 'stacked Kazakh endings in one word', line: true, make: (n) => fill('овтардың', n, 'Рахим') },
  { label: 'stacked endings, many words', line: true, make: (n) => fill('Рахимовтардыңтардың ', n) },
  { label: 'Russian case endings stacked', line: true, make: (n) => fill('ымуюойаяе', n, 'Тобылов') },
  { label: 'separators between the words of a name', line: true, make: (n) => fill(' ,', n, 'Akmaral', ' Tobylova') },
  { label: 'dots and initials', line: true, make: (n) => fill('A. T. ', n) },
  { label: 'hyphen chains', line: true, make: (n) => fill('-а', n, 'Тобы') },
  { label: 'hyphen-newline chains', line: false, make: (n) => fill('-\n', n, 'Toby', 'lova') },
  { label: 'soft hyphens and newlines in one word', line: false, make: (n) => fill('\u00AD\nb', n, 'a') },
  { label: 'percent signs', line: true, make: (n) => fill('%', n) },
  { label: 'broken percent-escapes', line: true, make: (n) => fill('%D0%', n) },
  { label: 'valid percent-escapes of Cyrillic', line: true, make: (n) => fill('%D0%A0%D0%B0', n) },
  { label: 'zero-width runs inside a name', line: true, make: (n) => fill('\u200B\u2063\u00AD', n, 'Tob', 'ylova') },
  { label: 'combining marks on one letter', line: true, make: (n) => fill('\u0301', n, 'To', 'bylova') },
  { label: 'camelCase humps', line: true, make: (n) => fill('aB', n) },
  { label: 'glued names', line: true, make: (n) => fill('AkmaralTobylova', n) },
  { label: 'apostrophes', line: true, make: (n) => fill("a'", n) },
  { label: 'homoglyph-mixed names', line: true, make: (n) => fill('Tоbуlоvа ', n) },
  { label: 'quotation marks', line: true, make: (n) => fill('"“”»', n, '', 'x') },
  { label: 'spaces inside', line: true, make: (n) => fill(' ', n, 'a', 'b') },
  { label: 'mention-like openings', line: true, make: (n) => fill('[[ person ', n) },
  { label: 'honorifics', line: true, make: (n) => fill('Mr. ', n) },
];

/** One pathological text of a field's maximum length (or of any length up to it). */
export function pathologicalText(maxLength: number, options: { line?: boolean } = {}): fc.Arbitrary<string> {
  const families = PATHOLOGICAL_FAMILIES.filter((f) => !options.line || f.line);
  return fc.tuple(fc.constantFrom(...families), fc.oneof({ weight: 3, arbitrary: fc.constant(maxLength) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: maxLength }) }))
    .map(([family, n]) => family.make(n));
}
