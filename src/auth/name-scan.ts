import { nameMatcherFor, type NameMatcher } from '../consent/index.js';
import type { Db } from '../db/database.js';
import { knownIdentities, type KnownIdentities } from '../consent/identity-cache.js';
import { namedKeys } from '../consent/shaped-text.js';
import { keptTextsOf } from '../consent/kept-texts.js';

/**
 * Whose real names an answer shows, found with the consent module's name matcher (the one
 * matching rule: full names, surnames, native script, endings, initials). Answers repeat the same
 * texts (a list page shows the same summaries to every reader), so what each distinct text names
 * is remembered while the persons stay the same; what incidents' stored texts name is also kept
 * in the database, per persons revision, and taken from there (scannerWithIncidentTexts).
 */

/**
 * Whom each of some texts names, found by the scanner's rule (namedKeys) with a matcher of the
 * same persons elsewhere: held for one answer only (not remembered: at volume most are new to
 * every page, and keeping them only made garbage for the full collections).
 */
export type Learned = ReadonlyMap<string, readonly string[]>;

/** Characters of text remembered (about 8 MB, an entry counted as 32 more); past that the memory starts again. */
const MEMO_CHARS = 4_000_000;
const ENTRY_COST = 32;

export class NameScanner {
  private readonly memo = new Map<string, readonly string[]>();
  private memoChars = 0;
  /** Texts whose keys were taken from what was learned (tests read it). */
  readonly counts = { learned: 0 };

  constructor(private readonly matcher: NameMatcher) {}

  /**
   * Adds to `into` the keys of the persons a text may name: as `learned` says (whom the texts of
   * this answer name, found elsewhere by this scanner's rule for the same persons), as remembered,
   * or matched now.
   */
  keysIn(text: string, into: Set<string>, learned?: Learned): void {
    if (text.length === 0) return;
    let keys = learned?.get(text);
    if (keys !== undefined) {
      this.counts.learned++;
    } else if ((keys = this.memo.get(text)) === undefined) {
      keys = namedKeys(this.matcher, text);
      // Short texts too (keys, dates, codes: most strings of a list page): matching one costs
      // far more than finding it again.
      if (this.memoChars + text.length + ENTRY_COST > MEMO_CHARS) {
        this.memo.clear();
        this.memoChars = 0;
      }
      this.memo.set(text, keys);
      this.memoChars += text.length + ENTRY_COST;
    }
    for (const k of keys) into.add(k);
  }

  /**
   * The persons a JSON answer shows: a person record (it carries `name` beside `pseudonym`) and
   * every string that names somebody.
   */
  keysInJson(value: unknown, learned?: Learned, into: Set<string> = new Set(), depth = 0): Set<string> {
    if (depth > 64) return into;
    if (typeof value === 'string') {
      if (!HEX_ID.test(value)) this.keysIn(value, into, learned);
    } else if (Array.isArray(value)) {
      for (const v of value) this.keysInJson(v, learned, into, depth + 1);
    } else if (typeof value === 'object' && value !== null) {
      const o = value as Record<string, unknown>;
      if (typeof o.key === 'string' && typeof o.name === 'string' && typeof o.pseudonym === 'string' && o.name !== o.pseudonym) into.add(o.key);
      for (const v of Object.values(o)) this.keysInJson(v, learned, into, depth + 1);
    }
    return into;
  }

  /**
   * The persons an HTML page shows: its text, and the attributes a reader sees (an edit form
   * shows the name in an input's value, a link its title). Hidden inputs, nonces and the like
   * are not read: a random CSRF token may spell a surname. Our pages escape text, so `<` and `>`
   * only delimit tags.
   */
  keysInHtml(html: string, into: Set<string> = new Set()): Set<string> {
    let at = 0;
    while (at < html.length) {
      const open = html.indexOf('<', at);
      const textEnd = open === -1 ? html.length : open;
      if (textEnd > at) this.keysIn(decodeEntities(html.slice(at, textEnd)), into);
      if (open === -1) break;
      const close = html.indexOf('>', open + 1);
      const tagEnd = close === -1 ? html.length : close;
      const tag = html.slice(open + 1, tagEnd);
      if (!HIDDEN_INPUT.test(tag)) {
        for (const m of tag.matchAll(SHOWN_ATTRIBUTE)) this.keysIn(decodeEntities(m[2]!), into);
      }
      at = tagEnd + 1;
    }
    return into;
  }
}

/** Attributes whose values a reader of the page sees. */
const SHOWN_ATTRIBUTE = /\b(value|title|alt|placeholder|aria-label|label|content)="([^"]*)"/g;
const HIDDEN_INPUT = /\btype="hidden"/;
/** Identifiers and hashes (UUIDs, SHA-256): hex digits, never a name. */
const HEX_ID = /^[0-9a-f-]{32,}$/i;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#x27': "'", '#39': "'", '#x60': '`', '#x3D': '=' };
/** The entities the pages' escaping writes, read back. */
function decodeEntities(text: string): string {
  return text.includes('&') ? text.replace(/&(amp|lt|gt|quot|#x27|#39|#x60|#x3D);/g, (_, e: string) => ENTITIES[e]!) : text;
}

/** A scanner for everybody on record, built once per persons revision (consent/identity-cache.ts). */
export async function nameScannerFor(db: Db): Promise<NameScanner> {
  return scannerOf(await knownIdentities(db));
}

const scannerOf = (known: KnownIdentities) => known.derived('name-scanner', (k) => new NameScanner(nameMatcherFor(k.everyone)));

/**
 * The scanner of the current persons revision, and whom these incidents' stored titles,
 * summaries and sources' excerpts name, as the background pass found them for that same revision
 * and the incidents' current versions (consent/kept-texts.ts); an incident without such a row
 * gives nothing and its texts are matched as before.
 */
export async function scannerWithIncidentTexts(db: Db, incidentKeys: readonly string[]): Promise<{ scanner: NameScanner; learned: Learned }> {
  const known = await knownIdentities(db);
  return { scanner: scannerOf(known), learned: (await keptTextsOf(db, known, incidentKeys)).names };
}
