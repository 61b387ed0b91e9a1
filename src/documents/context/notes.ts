/**
 * Footnote text the way editors write it (UN Editorial Manual, OSCOLA): a source is cited in
 * full the first time, in short form after ("KIBHR, ‘Monitoring note’ (n 3), para. 2", pointing
 * at the note with the full citation), and "Ibid." stands for the source of the note just
 * before. The incident a claim comes from opens each note compactly: title, date, place.
 *
 * Gradings (Admiralty reliability and credibility) are the organisation's internal assessment:
 * they never enter the printed text, only the note's `internal` line, which the staff preview
 * shows marked as internal and the DOCX and PDF do not draw.
 *
 * Confidential sources, and sources that identify a protected person (sources.ts decides), are
 * always "Confidential source (interview, March 2018)": no short form, no "ibid.", no "n 3",
 * since a cross-reference would tell the reader that two incidents rest on the same informant.
 */
import type { Inline, Note } from '../model/model.js';
import type { IncidentView } from './incidents.js';
import type { EvidenceView, SourceView } from './sources.js';
import { ENGLISH, type Messages } from '../i18n/messages.js';

export type NoteText = Pick<Note, 'paragraphs' | 'internal'>;

/** Words a short title does not end on ("Press conference on the situation of…"). */
const TRAILING_WORDS = new Set(['a', 'an', 'and', 'at', 'by', 'for', 'from', 'in', 'into', 'of', 'on', 'or', 'the', 'to', 'with', 'against', 'about', 'over', '–', '—', '-']);
const SHORT_TITLE_WORDS = 5;

/** A word that starts with a capital, after any opening bracket or quote ("Zhanar", "(Жанар"). */
const CAPITALISED = /^\P{L}*\p{Lu}/u;

/**
 * The first `count` words of a title, without a dangling small word; the whole title when it is
 * that short. Never inside a run of capitalised words: "…the case of Zhanar…" would leave a first
 * name alone, which may be somebody else's (a protected namesake's: the consent audit refuses it).
 */
function cut(title: string, count: number): string {
  const words = title.split(/\s+/).filter(Boolean);
  while (count < words.length && CAPITALISED.test(words[count - 1]!) && CAPITALISED.test(words[count]!)) count++;
  if (words.length <= count + 1) return title.trim();
  let kept = words.slice(0, count);
  while (kept.length > 1 && TRAILING_WORDS.has(kept.at(-1)!.toLowerCase())) kept = kept.slice(0, -1);
  return `${kept.join(' ').replace(/[,;:.]+$/, '')}…`;
}

/**
 * Short titles for the document's sources: the first few words of the title, lengthened where
 * two sources of one author would read alike — the same, or one the start of the other
 * ("KIBHR monitoring note…" beside "KIBHR monitoring note on detentions…").
 */
export function shortTitles(sources: readonly SourceView[]): Map<string, string> {
  const open = sources.filter((s) => !s.confidential && s.title !== null);
  const words = new Map(open.map((s) => [s.key, s.title!.split(/\s+/).filter(Boolean).length]));
  const count = new Map(open.map((s) => [s.key, SHORT_TITLE_WORDS]));
  // Each source's cut title and label, computed again only when its count of words grows.
  const cuts = new Map(open.map((s) => [s.key, cut(s.title!, SHORT_TITLE_WORDS)]));
  const label = (s: SourceView) => `${s.author ?? ''}\u0000${cuts.get(s.key)!.replace(/…$/, '')}`;
  const labelled = open.map((s) => ({ s, label: label(s) }));
  for (let round = 0; round < 100; round++) {
    // Sorted, a label that starts another starts the one right after it: neighbours suffice.
    const sorted = [...labelled].sort((x, y) => (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
    const alike = new Set<SourceView>();
    for (let i = 0; i + 1 < sorted.length; i++) {
      if (sorted[i + 1]!.label.startsWith(sorted[i]!.label)) alike.add(sorted[i]!.s).add(sorted[i + 1]!.s);
    }
    const longer = [...alike].filter((s) => count.get(s.key)! < words.get(s.key)!);
    if (longer.length === 0) break;
    for (const s of longer) {
      count.set(s.key, count.get(s.key)! + 1);
      cuts.set(s.key, cut(s.title!, count.get(s.key)!));
    }
    const grown = new Set(longer);
    for (const entry of labelled) if (grown.has(entry.s)) entry.label = label(entry.s);
  }
  return cuts;
}

const text = (value: string, marks: { italic?: boolean } = {}): Inline => ({ type: 'text', text: value, ...marks });

/** Staff often type an excerpt with its quotation marks; the note adds its own, so drop theirs. */
function unquoted(excerpt: string): string {
  const text = excerpt.trim();
  // Counted, not matched with /…+$/: that regex retries at every quote of a long run (quadratic).
  let start = 0;
  while (start < text.length && '"“”«„'.includes(text[start]!)) start++;
  let end = text.length;
  while (end > start && '"“”»'.includes(text[end - 1]!)) end--;
  return text.slice(start, end).trim() || excerpt;
}

/**
 * Writes the notes of one document in note order: call `note` once per citation, 1, 2, 3 …
 * (resolve-citations numbers them in document order).
 */
export class NoteWriter {
  private readonly short: Map<string, string>;
  /** Source key → the note that cites it in full. */
  private readonly firstNote = new Map<string, number>();
  /** The note before: its incident, and its one open source if it cited exactly one ("Ibid." refers to it). */
  private previous: { incidentKey: string; soleSource: string | null } | null = null;

  constructor(sources: readonly SourceView[], private readonly m: Messages = ENGLISH) {
    this.short = shortTitles(sources);
  }

  note(incident: IncidentView, number: number): NoteText {
    const internal = gradings(incident.evidence, this.short);
    if (this.previous?.incidentKey === incident.key && !incident.unsourced) {
      // The same claim source as the note before (a fact, then its legal provision): nothing new to say.
      return { paragraphs: [[text(this.m.t('note.ibid'))]], internal };
    }
    const head: Inline[] = [text(incident.title, { italic: true }), text(`, ${incident.date}, ${incident.place}.`)];
    if (incident.unsourced) {
      this.previous = { incidentKey: incident.key, soleSource: null };
      return { paragraphs: [head, [{ type: 'flag', text: this.m.t('flag.unsourced') }, text(` ${this.m.t('note.unsourced')}`)]], internal };
    }
    const citations: Inline[][] = incident.evidence.map((e, index) => this.citation(e, number, index === 0));
    const line: Inline[] = [...head, text(' ')];
    citations.forEach((c, i) => line.push(...(i > 0 ? [text('; ')] : []), ...c));
    const last = line.at(-1);
    if (!(last?.type === 'text' && last.text.endsWith('.'))) line.push(text('.'));
    const open = incident.evidence.filter((e) => !e.source.confidential);
    this.previous = { incidentKey: incident.key, soleSource: incident.evidence.length === 1 && open.length === 1 ? open[0]!.source.key : null };
    return { paragraphs: [mergeTexts(line)], internal };
  }

  private citation(e: EvidenceView, number: number, firstInNote: boolean): Inline[] {
    const source = e.source;
    if (source.confidential) return [text(source.description)];
    const locator = e.locator ? `, ${e.locator}` : '';
    const excerpt = e.excerpt ? [text(`: ${this.m.t('quote', { text: unquoted(e.excerpt) })}`)] : [];
    const first = this.firstNote.get(source.key);
    if (first === undefined) {
      this.firstNote.set(source.key, number);
      const url: Inline[] = source.url ? [text(', '), { type: 'link', href: source.url, text: source.url }] : [];
      return [text(source.description), ...url, text(locator), ...excerpt];
    }
    // OSCOLA: "ibid" only where the note before cited this one source and nothing else. It opens
    // the sentence after the incident line, hence the capital (UN Editorial Manual).
    if (firstInNote && this.previous?.soleSource === source.key) return [text(`${this.m.t('note.ibid')}${locator}`), ...excerpt];
    const by = source.author ? `${source.author}, ` : '';
    return [text(`${by}${this.m.t('note.shortForm', { title: this.short.get(source.key)!, note: first })}${locator}`), ...excerpt];
  }
}

/** "Internal grading, not printed: KIBHR, “Monitoring note” B2; …" — for staff only. */
function gradings(evidence: readonly EvidenceView[], short: ReadonlyMap<string, string>): string | undefined {
  const graded = evidence.filter((e) => e.grading !== null);
  if (graded.length === 0) return undefined;
  return `Internal grading, not printed: ${graded.map((e) => `${gradedLabel(e.source, short)} ${e.grading}`).join('; ')}`;
}

function gradedLabel(s: SourceView, short: ReadonlyMap<string, string>): string {
  return `${s.author ? `${s.author}, ` : ''}“${short.get(s.key) ?? s.title}”`;
}

/** Neighbouring plain texts as one run, as html-to-model would leave them. */
function mergeTexts(inlines: Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const inline of inlines) {
    const last = out.at(-1);
    if (inline.type === 'text' && last?.type === 'text' && Boolean(last.italic) === Boolean(inline.italic) && !last.bold && !inline.bold) {
      out[out.length - 1] = { ...last, text: last.text + inline.text };
    } else if (inline.type !== 'text' || inline.text !== '') {
      out.push(inline);
    }
  }
  return out;
}
