/**
 * Turns the small semantic HTML subset our templates emit into typed model blocks.
 *
 * Anything outside the subset degrades to plain text rather than failing: unknown inline tags
 * keep their text, container tags are transparent, and script-like content is dropped.
 * Whitespace is collapsed the way a browser would, so template indentation never shows.
 */
import { readHtmlFragments, readOwnHtmlFragments, type FragmentReader, type HtmlElement, type HtmlNode } from './html-fragments.js';
import type { Block, Inline, InlineMark, ParagraphStyle } from './model.js';
import { isSafeExternalHref, stripControlCharacters } from './plain-text.js';

/** Content that never reaches the document, text included. */
const DROPPED_TAGS = new Set([
  'script', 'style', 'template', 'head', 'noscript', 'iframe', 'object', 'embed', 'svg', 'math', 'canvas',
]);
const CONTAINER_TAGS = new Set(['section', 'header', 'footer', 'div', 'article', 'main', 'body', 'html', 'aside', 'nav', 'blockquote', 'figure']);
const HEADING_LEVELS = new Map<string, 1 | 2 | 3>([
  ['h1', 1], ['h2', 2], ['h3', 3], ['h4', 3], ['h5', 3], ['h6', 3],
]);
const PARAGRAPH_STYLES = new Set<ParagraphStyle>(['lead', 'meta', 'urgent', 'small', 'quote', 'title', 'subtitle']);
/** Tags that start a block of their own; inside inline-only contexts they are flattened. */
const BLOCK_TAGS = new Set([
  ...CONTAINER_TAGS, ...HEADING_LEVELS.keys(), 'p', 'ul', 'ol', 'li', 'table', 'hr', 'dl', 'dt', 'dd', 'pre', 'caption',
]);

/**
 * HTML white space that is not a single space already: each run of it reads as one space. A
 * single space is left alone (the same result as replacing every run, /[ \t\n\r\f]+/g, without
 * rewriting each space between two words).
 */
const HTML_WHITESPACE = /[ \t\n\r\f]{2,}|[\t\n\r\f]/g;

function cleanText(raw: string): string {
  return detached(stripControlCharacters(raw).replace(HTML_WHITESPACE, ' '));
}

/**
 * The same text in memory of its own. The parser's texts and attribute values are substrings of
 * the composed HTML, and V8 keeps a substring as a slice of its parent: one kept in the model (an
 * anchor, a run of text) keeps the whole HTML (~4 MB at 1000 incidents) alive for as long as the
 * model, through rendering. Concatenating flattens into a new string; short strings are copied anyway.
 */
function detached(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

function isElement(node: HtmlNode): node is HtmlElement {
  return typeof node !== 'string';
}

function attr(element: HtmlElement, name: string): string | undefined {
  // Own properties only: attribute names such as "constructor" must not hit Object.prototype.
  return Object.hasOwn(element.attribs, name) ? element.attribs[name] : undefined;
}

function classes(element: HtmlElement): string[] {
  return (attr(element, 'class') ?? '').split(/\s+/).filter(Boolean);
}

function anchorOf(element: HtmlElement): string | undefined {
  const id = stripControlCharacters(attr(element, 'id') ?? '').trim();
  return id === '' ? undefined : detached(id);
}

function paragraphStyle(element: HtmlElement): ParagraphStyle {
  for (const name of classes(element)) {
    if (PARAGRAPH_STYLES.has(name as ParagraphStyle)) return name as ParagraphStyle;
  }
  return 'body';
}

/** Keeps web, mail and in-document links; anything else (javascript:, data:, relative) becomes plain text. */
function safeHref(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  // As URL parsers do: trim controls and spaces at the ends, drop tabs/newlines inside ("java\tscript:").
  const href = trimC0AndSpace(stripControlCharacters(raw)).replace(/[\t\n\r]/g, '');
  if (href.startsWith('#')) return href.length > 1 ? detached(href) : undefined; // matched against ids as written
  const encoded = href.replace(/ /g, '%20');
  return isSafeExternalHref(encoded) ? detached(encoded) : undefined;
}

/**
 * Without controls and spaces (U+0000–U+0020) at either end. Counted, not matched with /[…]+$/:
 * that regex retries at every character of a long inner run of spaces (quadratic).
 */
function trimC0AndSpace(s: string): string {
  let start = 0;
  while (start < s.length && s.charCodeAt(start) <= 0x20) start++;
  let end = s.length;
  while (end > start && s.charCodeAt(end - 1) <= 0x20) end--;
  return s.slice(start, end);
}

interface InlineContext {
  marks: InlineMark;
  href?: string;
}

/** Collects the inlines of one element's children. Block tags met here are flattened into line breaks. */
function collectInlines(nodes: readonly HtmlNode[], context: InlineContext, out: Inline[]): void {
  for (const node of nodes) {
    if (typeof node === 'string') {
      const text = cleanText(node);
      if (text === '') continue;
      out.push(context.href !== undefined
        ? { type: 'link', href: context.href, text, ...context.marks }
        : { type: 'text', text, ...context.marks });
      continue;
    }
    if (!isElement(node)) continue;
    const tag = node.name;
    if (DROPPED_TAGS.has(tag)) continue;
    switch (tag) {
      case 'br':
        out.push({ type: 'break' });
        continue;
      case 'strong': case 'b':
        collectInlines(node.children, { ...context, marks: { ...context.marks, bold: true } }, out);
        continue;
      case 'em': case 'i':
        collectInlines(node.children, { ...context, marks: { ...context.marks, italic: true } }, out);
        continue;
      case 'u':
        collectInlines(node.children, { ...context, marks: { ...context.marks, underline: true } }, out);
        continue;
      case 'a': {
        const href = safeHref(attr(node, 'href'));
        collectInlines(node.children, href === undefined ? context : { ...context, href }, out);
        continue;
      }
      case 'cite': {
        const incident = attr(node, 'data-incident');
        if (incident !== undefined) {
          // An empty key is kept so resolve-citations rejects it loudly instead of losing a source.
          out.push({ type: 'citation', incidentKey: detached(stripControlCharacters(incident).trim()) });
        } else {
          collectInlines(node.children, context, out);
        }
        continue;
      }
      case 'span':
        collectInlines(node.children, classes(node).includes('pseudonym') ? { ...context, marks: { ...context.marks, pseudonym: true } } : context, out);
        continue;
      case 'mark':
        if (classes(node).includes('flag')) {
          const text = cleanText(textContent(node)).trim();
          if (text !== '') out.push({ type: 'flag', text });
        } else {
          collectInlines(node.children, context, out);
        }
        continue;
      case 'hr':
        continue;
      default:
        if (BLOCK_TAGS.has(tag)) {
          // A block inside inline-only content (e.g. <p> in <li>) starts on a new line.
          if (out.length > 0 && out[out.length - 1]?.type !== 'break') out.push({ type: 'break' });
          collectInlines(node.children, context, out);
          if (out.length > 0 && out[out.length - 1]?.type !== 'break') out.push({ type: 'break' });
        } else {
          collectInlines(node.children, context, out);
        }
    }
  }
}

function textContent(node: HtmlNode): string {
  if (typeof node === 'string') return node;
  if ( DROPPED_TAGS.has(node.name)) return '';
  let text = '';
  for (const child of node.children) text += textContent(child);
  return text;
}

function sameMarks(a: InlineMark, b: InlineMark): boolean {
  return Boolean(a.bold) === Boolean(b.bold) && Boolean(a.italic) === Boolean(b.italic)
    && Boolean(a.underline) === Boolean(b.underline) && Boolean(a.pseudonym) === Boolean(b.pseudonym);
}

/**
 * Browser-like whitespace handling over a run of inlines: one space between words across tag
 * boundaries, none at the start or end of the block or around line breaks. A space just before a
 * citation moves after it, so the note marker hugs the claim it sources ("claim¹ next").
 * Then drops empty inlines and merges neighbours that look the same.
 */
export function normalizeInlines(inlines: readonly Inline[]): Inline[] {
  const result: Inline[] = [];
  let afterSpace = true; // the block start behaves like a preceding space
  let spaceOwed = false; // a space taken from before a citation, to be put back after it
  for (const inline of inlines) {
    if (inline.type === 'break') {
      trimTrailingSpace(result);
      result.push(inline);
      afterSpace = true;
      spaceOwed = false;
      continue;
    }
    if (inline.type === 'citation') {
      const last = result[result.length - 1];
      if ((last?.type === 'text' || last?.type === 'link') && last.text.endsWith(' ')) {
        last.text = last.text.slice(0, -1);
        if (last.text === '') result.pop();
        spaceOwed = true;
      }
      result.push(inline);
      continue;
    }
    if (inline.type === 'flag') {
      // A stamp right after a note marker ("claim¹UNSOURCED") reads as part of it: set it apart.
      if (spaceOwed || result[result.length - 1]?.type === 'citation') result.push({ type: 'text', text: ' ' });
      spaceOwed = false;
      result.push(inline);
      afterSpace = false;
      continue;
    }
    let text = inline.text;
    if (afterSpace || spaceOwed) text = text.replace(/^ /, '');
    if (text === '') continue;
    if (spaceOwed) text = ` ${text}`;
    spaceOwed = false;
    afterSpace = text.endsWith(' ');
    const previous = result[result.length - 1];
    if (previous !== undefined && previous.type === inline.type && sameMarks(previous, inline)
      && (previous.type !== 'link' || (inline.type === 'link' && previous.href === inline.href))) {
      previous.text += text;
    } else {
      result.push({ ...inline, text });
    }
  }
  trimTrailingSpace(result);
  // Breaks only at the edges add nothing visible.
  while (result[0]?.type === 'break') result.shift();
  while (result[result.length - 1]?.type === 'break') result.pop();
  return result;
}

function trimTrailingSpace(inlines: Inline[]): void {
  for (let i = inlines.length - 1; i >= 0; i--) {
    const inline = inlines[i];
    if (inline === undefined || inline.type === 'citation') continue;
    if (inline.type !== 'text' && inline.type !== 'link') return;
    inline.text = inline.text.replace(/ $/, '');
    if (inline.text === '') {
      inlines.splice(i, 1);
      continue;
    }
    return;
  }
}

function inlinesOf(element: HtmlElement): Inline[] {
  const raw: Inline[] = [];
  collectInlines(element.children, { marks: {} }, raw);
  return normalizeInlines(raw);
}

function containsBlock(node: HtmlNode): boolean {
  if (!isElement(node) || DROPPED_TAGS.has(node.name)) return false;
  if (BLOCK_TAGS.has(node.name)) return true;
  return node.children.some(containsBlock);
}

function childElements(element: HtmlElement, names: ReadonlySet<string>): HtmlElement[] {
  return element.children.filter((child): child is HtmlElement => isElement(child) && names.has(child.name));
}

const ROW_GROUPS = new Set(['thead', 'tbody', 'tfoot']);
const ROW = new Set(['tr']);
const CELLS = new Set(['td', 'th']);

function tableBlocks(table: HtmlElement): Block[] {
  let header: Inline[][] | null = null;
  const rows: Inline[][][] = [];
  const rowElements: Array<{ row: HtmlElement; inHead: boolean }> = [];
  for (const child of table.children) {
    if (!isElement(child)) continue;
    if (child.name === 'tr') rowElements.push({ row: child, inHead: false });
    if (ROW_GROUPS.has(child.name)) {
      for (const row of childElements(child, ROW)) rowElements.push({ row, inHead: child.name === 'thead' });
    }
  }
  for (const { row, inHead } of rowElements) {
    const cellElements = childElements(row, CELLS);
    const cells = cellElements.map(inlinesOf);
    const allHeaderCells = cellElements.length > 0 && cellElements.every((cell) => cell.name === 'th');
    // The first row is the header when it sits in <thead>, or is all <th> before any body row.
    if (header === null && rows.length === 0 && (inHead || allHeaderCells)) {
      header = cells;
    } else {
      rows.push(cells);
    }
  }
  if (header === null && rows.length === 0) return [];
  const columns = Math.max(header?.length ?? 0, ...rows.map((row) => row.length));
  const pad = (cells: Inline[][]): Inline[][] => {
    const padded = [...cells];
    while (padded.length < columns) padded.push([]);
    return padded;
  };
  const blocks: Block[] = [];
  const caption = childElements(table, new Set(['caption']))[0];
  if (caption !== undefined) {
    const inlines = inlinesOf(caption);
    if (inlines.length > 0) blocks.push({ type: 'paragraph', style: 'body', inlines });
  }
  blocks.push({ type: 'table', header: header === null ? null : pad(header), rows: rows.map(pad) });
  return blocks;
}

const LISTS = new Set(['ul', 'ol']);

function listItems(list: HtmlElement, items: Inline[][] = []): Inline[][] {
  for (const child of list.children) {
    if (isElement(child) && LISTS.has(child.name)) {
      listItems(child, items); // a list directly inside a list (invalid, but seen): keep its items
      continue;
    }
    // An <li>, or stray content between items, is one item; nothing in a list is silently lost.
    const raw: Inline[] = [];
    collectInlines(isElement(child) && child.name === 'li' ? child.children : [child], { marks: {} }, raw);
    const inlines = normalizeInlines(raw);
    if (hasContent(inlines)) items.push(inlines);
  }
  return items;
}

function hasContent(inlines: readonly Inline[]): boolean {
  return inlines.some((inline) => inline.type !== 'break');
}

/**
 * Reads block-level content, gathering loose inline content into implicit body paragraphs.
 * Containers at block level are streamed (they only end the paragraph before them and the one
 * inside them); every other element comes whole, as its block (readHtmlFragments).
 */
class BlockCollector implements FragmentReader {
  readonly blocks: Block[] = [];
  private loose: Inline[] = [];

  streams(tag: string): boolean {
    return CONTAINER_TAGS.has(tag);
  }

  open(): void {
    this.flush();
  }

  close(): void {
    this.flush();
  }

  text(text: string): void {
    collectInlines([text], { marks: {} }, this.loose);
  }

  private walk(nodes: readonly HtmlNode[]): void {
    for (const node of nodes) {
      if (isElement(node)) this.element(node);
      else this.text(node);
    }
  }

  element(element: HtmlElement): void {
    const tag = element.name;
    if (DROPPED_TAGS.has(tag)) return;
    const level = HEADING_LEVELS.get(tag);
    if (level !== undefined) {
      this.flush();
      const inlines = inlinesOf(element);
      const anchor = anchorOf(element);
      if (hasContent(inlines)) this.blocks.push({ type: 'heading', level, inlines, ...(anchor ? { anchor } : {}) });
      return;
    }
    switch (tag) {
      case 'p': {
        this.flush();
        const inlines = inlinesOf(element);
        const anchor = anchorOf(element);
        if (hasContent(inlines)) {
          this.blocks.push({ type: 'paragraph', style: paragraphStyle(element), inlines, ...(anchor ? { anchor } : {}) });
        }
        return;
      }
      case 'ul': case 'ol': {
        this.flush();
        const items = listItems(element);
        if (items.length > 0) this.blocks.push({ type: 'list', ordered: tag === 'ol', items });
        return;
      }
      case 'table':
        this.flush();
        this.blocks.push(...tableBlocks(element));
        return;
      case 'hr':
        if (classes(element).includes('page-break')) {
          this.flush();
          this.blocks.push({ type: 'page-break' });
        }
        return;
      default:
        if (CONTAINER_TAGS.has(tag) || containsBlock(element)) {
          this.flush();
          this.walk(element.children);
          this.flush();
        } else {
          collectInlines([element], { marks: {} }, this.loose);
        }
    }
  }

  /** Ends the current implicit paragraph, if it has any visible content. */
  flush(): void {
    const inlines = normalizeInlines(this.loose);
    this.loose = [];
    if (hasContent(inlines)) this.blocks.push({ type: 'paragraph', style: 'body', inlines });
  }
}

export function htmlToModel(html: string): { blocks: Block[] } {
  let collector = new BlockCollector();
  if (!readOwnHtmlFragments(html, collector)) {
    // Not (only) what our templates write: read again, from the start, by the general parser.
    collector = new BlockCollector();
    readHtmlFragments(html, collector);
  }
  collector.flush();
  return { blocks: collector.blocks };
}
