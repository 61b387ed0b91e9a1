/**
 * Which of many needles occur in a text, in one pass over the text, with the same answer as
 * `needles.filter((n) => text.includes(n))` but without its cost of needles × text length.
 *
 * Needles at least `window` characters long are found by their short grams (GRAM characters):
 * each needle's grams at offsets 0 … window − GRAM are indexed by hash, and the text is hashed
 * only at every (window − GRAM + 1)-th position. Any occurrence of a needle covers that many
 * consecutive positions starting at one of those offsets, so one sampled position always falls
 * on an indexed gram of it; a hit is confirmed by comparing the text itself, so a hash collision
 * can never give a wrong answer. (Hashing every window-long stretch, rolling, read each character
 * of a 200-incident document's text three to four times over; sampling reads each about once.)
 * Shorter needles (rare) are checked with `includes`. A bit per hash's low bits says which
 * hashes may be a gram's, so most samples cost a bit test, not a Map look-up.
 */

const BASE = 0x01000193; // odd, so multiplication mod 2^32 loses nothing
const FILTER_MASK = (1 << 20) - 1;
/** Characters per gram: long enough that grams of ordinary prose seldom collide with a needle's. */
const GRAM = 8;

interface GramEntry {
  needle: string;
  /** Where in the needle the gram starts. */
  offset: number;
}

export class NeedleIndex {
  private readonly byHash = new Map<number, GramEntry[]>();
  /** A bit set for each gram's hash (its low bits, mixed): 2^20 bits, ~1 % false hits per 10,000 grams. */
  private readonly filter = new Uint32Array((FILTER_MASK + 1) >>> 5);
  private readonly short: string[] = [];
  private readonly gram: number;
  /** Distance between the text positions hashed: window − gram + 1. */
  private readonly stride: number;
  private long = 0;

  constructor(needles: Iterable<string>, window = 16) {
    this.gram = Math.min(GRAM, window);
    this.stride = window - this.gram + 1;
    const seen = new Set<string>();
    for (const needle of needles) {
      if (seen.has(needle)) continue;
      seen.add(needle);
      if (needle.length < window) {
        this.short.push(needle);
        continue;
      }
      this.long++;
      for (let offset = 0; offset < this.stride; offset++) {
        const hash = this.hashAt(needle, offset);
        const bit = hash ^ (hash >>> 15);
        this.filter[(bit & FILTER_MASK) >>> 5]! |= 1 << (bit & 31);
        const list = this.byHash.get(hash);
        if (list) list.push({ needle, offset });
        else this.byHash.set(hash, [{ needle, offset }]);
      }
    }
  }

  get size(): number {
    return this.long + this.short.length;
  }

  private hashAt(text: string, start: number): number {
    let hash = 0;
    for (let i = start, end = start + this.gram; i < end; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
    return hash;
  }

  /** The distinct needles that occur in the text. */
  occurringIn(text: string): Set<string> {
    const found = new Set<string>();
    for (const needle of this.short) if (text.includes(needle)) found.add(needle);
    if (this.long === 0) return found;
    const { filter, stride } = this;
    const last = text.length - this.gram;
    for (let at = 0; at <= last; at += stride) {
      const hash = this.hashAt(text, at);
      const bit = hash ^ (hash >>> 15);
      if ((filter[(bit & FILTER_MASK) >>> 5]! & (1 << (bit & 31))) === 0) continue;
      const candidates = this.byHash.get(hash);
      if (candidates === undefined) continue;
      for (const { needle, offset } of candidates) {
        const start = at - offset;
        if (start >= 0 && !found.has(needle) && text.startsWith(needle, start)) found.add(needle);
      }
    }
    return found;
  }
}
