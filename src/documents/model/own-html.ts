/**
 * A tokenizer for the HTML our templates write, giving exactly the events htmlparser2's Parser
 * gives for it (html-fragments.ts), at a fraction of the cost: a composed 200-incident briefing
 * is ~1 MB of HTML that we have just written ourselves, and re-reading it with a general HTML
 * tokenizer was the largest part of turning it into the model.
 *
 * It reads only what is certain to mean the same to both: the tags below, lower case, with
 * double-quoted attributes; properly nested (no close implied by HTML's rules, no element left
 * open); text with no stray `<`; the entities Handlebars' escaping and our catalogues write,
 * with their semicolon. On anything else it stops and answers false, and the caller reads the
 * HTML with htmlparser2 instead (hand-made HTML, a template changed in an unexpected way):
 * never a different reading, at worst the slower one. test/unit/documents/model/own-html.test.ts
 * holds it to htmlparser2's events.
 */
/** What a tokenizer tells html-fragments' builder, in document order (as htmlparser2's Parser calls them). */
export interface HtmlEvents {
  openTag(name: string, attribs: Record<string, string>): void;
  /** The innermost open element closes (implied closes included). */
  closeTag(): void;
  /** Text, entities decoded; one text may come in pieces. */
  text(data: string): void;
}

/** Tags read here: those the templates and catalogues write, and a few like them. None changes how the tokenizer reads text. */
const OWN_TAGS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption',
  'section', 'header', 'footer', 'div', 'article', 'main', 'aside', 'nav', 'blockquote', 'figure',
  'strong', 'b', 'em', 'i', 'u', 'a', 'cite', 'span', 'mark', 'small', 'sub', 'sup', 'code', 'q', 'abbr',
  'br', 'hr',
]);
/** The void elements among them (htmlparser2 closes them at once; `<br/>` is the same). */
const VOID_TAGS = new Set(['br', 'hr']);

/**
 * htmlparser2's `openImpliesClose`, for the tags above: opening the key closes an open element
 * of the set first (`<p>` inside `<p>`). Here such a close ends the fast reading instead.
 */
const HEADING_OR_P = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p']);
const P = new Set(['p']);
const IMPLIED_CLOSE = new Map<string, ReadonlySet<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['a', new Set(['a'])], ['li', new Set(['li'])], ['p', P],
  ['h1', HEADING_OR_P], ['h2', HEADING_OR_P], ['h3', HEADING_OR_P], ['h4', HEADING_OR_P], ['h5', HEADING_OR_P], ['h6', HEADING_OR_P],
  ['article', P], ['aside', P], ['blockquote', P], ['div', P], ['figure', P], ['footer', P], ['header', P], ['hr', P],
  ['main', P], ['nav', P], ['ol', P], ['section', P], ['table', P], ['ul', P],
  ['tbody', new Set(['thead', 'tbody'])], ['tfoot', new Set(['thead', 'tbody'])],
]);

/** Named entities read here: Handlebars' escapes and a few of ours. Each is complete with its semicolon. */
const NAMED_ENTITIES = new Map([['amp', '&'], ['lt', '<'], ['gt', '>'], ['quot', '"'], ['apos', "'"], ['nbsp', '\u00a0']]);

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const HASH = 0x23;

/** HTML white space, as htmlparser2's tokenizer reads it between attributes. */
function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0c || c === 0x0d;
}

function isLowerOrDigit(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
}

/** A numeric reference whose code point htmlparser2 keeps as it is (no replacement character, no windows-1252 remapping). */
function keptAsIs(cp: number): boolean {
  return (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp < 0xd800) || (cp > 0xdfff && cp <= 0x10ffff);
}

/**
 * html[start, end) with its entities decoded; null when one is not of the kinds read here.
 * Text without `&` (most of it) is one slice.
 */
function decoded(html: string, start: number, end: number): string | null {
  let amp = html.indexOf('&', start);
  if (amp === -1 || amp >= end) return html.slice(start, end);
  let out = '';
  let from = start;
  while (amp !== -1 && amp < end) {
    const semicolon = html.indexOf(';', amp);
    if (semicolon === -1 || semicolon >= end || semicolon - amp > 10) return null;
    let character: string | undefined;
    if (html.charCodeAt(amp + 1) === HASH) {
      const hex = (html.charCodeAt(amp + 2) | 0x20) === 0x78; // x or X
      const digits = html.slice(amp + (hex ? 3 : 2), semicolon);
      if (digits === '' || !(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) return null;
      const cp = Number.parseInt(digits, hex ? 16 : 10);
      if (!keptAsIs(cp)) return null;
      character = String.fromCodePoint(cp);
    } else {
      character = NAMED_ENTITIES.get(html.slice(amp + 1, semicolon));
      if (character === undefined) return null;
    }
    out += html.slice(from, amp) + character;
    from = semicolon + 1;
    amp = html.indexOf('&', from);
  }
  return out + html.slice(from, end);
}

/**
 * Tells `events` the tags and text of `html`, as htmlparser2's Parser would; false (part of it
 * told) as soon as the HTML holds anything this tokenizer does not read.
 */
export function tokenizeOwnHtml(html: string, events: HtmlEvents): boolean {
  const open: string[] = []; // names of the open elements, innermost last
  const length = html.length;
  let pos = 0;
  while (pos < length) {
    const lt = html.indexOf('<', pos);
    const textEnd = lt === -1 ? length : lt;
    if (textEnd > pos) {
      const text = decoded(html, pos, textEnd);
      if (text === null) return false;
      events.text(text);
    }
    if (lt === -1) break;
    pos = html.charCodeAt(lt + 1) === SLASH ? closeTag(html, lt, open, events) : openTag(html, lt, open, events);
    if (pos < 0) return false;
  }
  return open.length === 0;
}

/** Reads `</name>` closing the innermost element; the position after it, or -1. */
function closeTag(html: string, lt: number, open: string[], events: HtmlEvents): number {
  let i = lt + 2;
  while (isLowerOrDigit(html.charCodeAt(i))) i++;
  if (html.charCodeAt(i) !== GT || open[open.length - 1] !== html.slice(lt + 2, i)) return -1;
  open.pop();
  events.closeTag();
  return i + 1;
}

/** Reads `<name attr="value" …>` (or `<br/>`); the position after it, or -1. */
function openTag(html: string, lt: number, open: string[], events: HtmlEvents): number {
  let i = lt + 1;
  while (isLowerOrDigit(html.charCodeAt(i))) i++;
  const name = html.slice(lt + 1, i);
  if (!OWN_TAGS.has(name)) return -1; // also a name that starts with a digit, or none at all
  const innermost = open[open.length - 1];
  if (innermost !== undefined && IMPLIED_CLOSE.get(name)?.has(innermost)) return -1;
  const attribs: Record<string, string> = {};
  for (;;) {
    const before = i;
    while (isSpace(html.charCodeAt(i))) i++;
    const c = html.charCodeAt(i);
    if (c === GT) {
      i++;
      break;
    }
    if (c === SLASH) {
      // `<br/>` is `<br>`; on any other element HTML ignores the slash: not ours to write.
      if (html.charCodeAt(i + 1) !== GT || !VOID_TAGS.has(name)) return -1;
      i += 2;
      break;
    }
    if (i === before) return -1; // attributes are set apart by white space
    const nameStart = i;
    while (isLowerOrDigit(html.charCodeAt(i)) || html.charCodeAt(i) === 0x2d) i++; // data-incident
    if (i === nameStart || html.charCodeAt(i) !== EQUALS || html.charCodeAt(i + 1) !== QUOTE) return -1;
    const attribute = html.slice(nameStart, i);
    const valueStart = i + 2;
    const valueEnd = html.indexOf('"', valueStart);
    if (valueEnd === -1) return -1;
    const value = decoded(html, valueStart, valueEnd);
    if (value === null) return -1;
    // The first of a repeated attribute counts, as in htmlparser2.
    if (!Object.hasOwn(attribs, attribute)) attribs[attribute] = value;
    i = valueEnd + 1;
  }
  events.openTag(name, attribs);
  if (VOID_TAGS.has(name)) events.closeTag();
  else open.push(name);
  return i;
}
