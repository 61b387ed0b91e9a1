import { iso31661Alpha2ToAlpha3 } from 'iso-3166/1-a2-to-1-a3.js';

/**
 * Urgent-appeal codes the way issuers write them. Pure: the numbers come from the caller.
 *
 * A scheme is the organisation's pattern, with placeholders:
 *   {ISO2} KZ, {ISO3} KAZ — the country; {MM} 05, {YY} 20, {YYYY} 2020 — the date of issue;
 *   {seq:N} the appeal's number for its country this year, {n:N} the organisation's number this
 *   year over every country (N digits, zero-padded; {seq} and {n} unpadded).
 * The Observatory writes "{ISO3} {seq:3}/{MM}{YY}/OBS {n:3}" (KAZ 001/0520/OBS 050), Amnesty
 * "UA {n}/{YY}" (UA 61/20). A follow-up takes the earlier code and an update suffix: ".1", ".2".
 * A scheme without placeholders is free text: a reminder of the house style, codes typed by hand.
 */

export const APPEAL_CODE_MAX = 40;
export const SCHEME_MAX = 200;

export type SchemePart =
  | { kind: 'text'; text: string }
  | { kind: 'iso2' | 'iso3' | 'month' | 'year2' | 'year4' }
  | { kind: 'seq' | 'n'; width: number };

/** A pattern that numbers appeals, or free text (codes are then typed, and the text is the form's hint). */
export type AppealCodeScheme =
  | { kind: 'pattern'; source: string; parts: SchemePart[]; counters: Array<'seq' | 'n'> }
  | { kind: 'free'; source: string };

export type SchemeParse = { ok: true; scheme: AppealCodeScheme } | { ok: false; problems: string[] };

const PLACEHOLDER = /\{([^{}]*)\}/g;
const FIXED: Record<string, SchemePart> = {
  ISO2: { kind: 'iso2' }, ISO3: { kind: 'iso3' }, MM: { kind: 'month' }, YY: { kind: 'year2' }, YYYY: { kind: 'year4' },
};
/** Control, format (zero-width, bidi), line and paragraph separators, private use, unpaired surrogates. */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Co}\p{Cs}]/u;

/** Reads a scheme; every problem in it, not the first only. */
export function parseScheme(source: string): SchemeParse {
  const text = source.trim();
  const problems: string[] = [];
  if (text === '') problems.push('must not be empty');
  if (text.length > SCHEME_MAX) problems.push(`must be at most ${SCHEME_MAX} characters`);
  if (NOT_PRINTABLE.test(text)) problems.push('must contain printable characters only (no tab, line break or control character)');
  const parts: SchemePart[] = [];
  const counters = new Set<'seq' | 'n'>();
  let at = 0;
  for (const m of text.matchAll(PLACEHOLDER)) {
    if (m.index > at) parts.push({ kind: 'text', text: text.slice(at, m.index) });
    at = m.index + m[0].length;
    const name = m[1]!.trim();
    const counter = /^(seq|n)(?::(\d{1,2}))?$/.exec(name);
    if (FIXED[name]) parts.push(FIXED[name]);
    else if (counter) {
      const width = Number(counter[2] ?? 0);
      if (width > 6) problems.push(`{${name}}: at most 6 digits`);
      const kind = counter[1] as 'seq' | 'n';
      if (counters.has(kind)) problems.push(`{${kind}} appears twice`);
      counters.add(kind);
      parts.push({ kind, width });
    } else problems.push(`unknown placeholder {${name}}: use {ISO3}, {ISO2}, {seq:N}, {n:N}, {MM}, {YY} or {YYYY}`);
  }
  if (at < text.length) parts.push({ kind: 'text', text: text.slice(at) });
  if (parts.some((p) => p.kind === 'text' && /[{}]/.test(p.text))) problems.push('a brace that opens no placeholder: write placeholders as {ISO3}');
  if (problems.length > 0) return { ok: false, problems };
  const placeholders = parts.filter((p) => p.kind !== 'text');
  if (placeholders.length === 0) return { ok: true, scheme: { kind: 'free', source: text } };
  // Without a number every appeal of a month would carry the same code.
  if (counters.size === 0) return { ok: false, problems: ['needs a number, {seq:N} or {n:N}, so that two appeals never share a code'] };
  const longest = formatCode({ kind: 'pattern', source: text, parts, counters: [...counters] }, {
    country: 'KZ', date: '2000-12-01', seq: 10 ** Math.max(3, widthOf(parts, 'seq')) - 1, n: 10 ** Math.max(3, widthOf(parts, 'n')) - 1,
  });
  if (longest.length > APPEAL_CODE_MAX - 3) {
    problems.push(`makes codes like "${longest}" (${longest.length} characters): with an update suffix (".1") they must fit in ${APPEAL_CODE_MAX}`);
    return { ok: false, problems };
  }
  return { ok: true, scheme: { kind: 'pattern', source: text, parts, counters: [...counters] } };
}

const widthOf = (parts: SchemePart[], kind: 'seq' | 'n') => parts.find((p): p is Extract<SchemePart, { width: number }> => p.kind === kind)?.width ?? 0;

/** What a code is made of: the country, the date of issue, and the numbers its counters gave. */
export interface CodeInputs {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** YYYY-MM-DD. */
  date: string;
  seq: number;
  n: number;
}

/** ISO 3166-1 alpha-3 for alpha-2 ("KZ" → "KAZ"); an unassigned code (e.g. "XK") keeps its letters and gets an "X". */
export function alpha3(alpha2: string): string {
  return (iso31661Alpha2ToAlpha3 as Record<string, string | undefined>)[alpha2.toUpperCase()] ?? `${alpha2.toUpperCase()}X`;
}

export function formatCode(scheme: Extract<AppealCodeScheme, { kind: 'pattern' }>, inputs: CodeInputs): string {
  const [yyyy, mm] = inputs.date.split('-') as [string, string];
  return scheme.parts.map((p) => {
    switch (p.kind) {
      case 'text': return p.text;
      case 'iso2': return inputs.country.toUpperCase();
      case 'iso3': return alpha3(inputs.country);
      case 'month': return mm;
      case 'year2': return yyyy.slice(2);
      case 'year4': return yyyy;
      case 'seq': return String(inputs.seq).padStart(p.width, '0');
      case 'n': return String(inputs.n).padStart(p.width, '0');
    }
  }).join('');
}

/** What is wrong with a typed code, or null: 1 to 40 printable characters. */
export function appealCodeProblem(code: string): string | null {
  if (code.trim() === '') return 'must not be empty';
  if (NOT_PRINTABLE.test(code)) return 'must contain printable characters only (no tab, line break or control character)';
  if ([...code.trim()].length > APPEAL_CODE_MAX) return `must be at most ${APPEAL_CODE_MAX} characters`;
  return null;
}

const SUFFIX = /\.(\d{1,4})$/;

/** "KAZ 001/0520/OBS 050.2" → "KAZ 001/0520/OBS 050": the appeal a series of updates follows. */
export function baseCode(code: string): string {
  return code.trim().replace(SUFFIX, '');
}

/** "…050.2" → 2; an original appeal → 0. */
export function updateNumber(code: string): number {
  const m = SUFFIX.exec(code.trim());
  return m ? Number(m[1]) : 0;
}

/** The code of update `k` of an appeal: "KAZ 001/0520/OBS 050" → "KAZ 001/0520/OBS 050.1". */
export function updateCode(earlier: string, k: number): string {
  return `${baseCode(earlier)}.${k}`;
}

/**
 * A code as part of a file name: letters, digits, "." and "-" only, other runs as one "-"
 * ("KAZ 001 / 1016 / OBS 085.3" → "KAZ-001-1016-OBS-085.3", "UA 61/20" → "UA-61-20").
 */
export function codeForFileName(code: string): string {
  const ascii = code.normalize('NFKD').replace(/\p{M}/gu, '');
  return ascii.replace(/[^A-Za-z0-9.]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 60) || 'appeal';
}
