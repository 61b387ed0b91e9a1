/**
 * Reads HTML in one pass, without building a DOM of the whole document.
 *
 * Elements the reader chooses to stream (block containers such as <section>) come as open and
 * close events, their content as further fragments; any other element comes whole, as a small
 * tree of its own, once it closes. So only one block at a time is held as a tree: the composed
 * HTML of a 1000-incident document (~4 MB) no longer becomes ~100,000 DOM nodes that all live
 * until the end of the parse (and cost the garbage collector as much as the parse).
 *
 * Two tokenizers feed the same builder: htmlparser2's Parser reads any HTML; own-html.ts reads
 * the HTML our templates write several times faster, and says when it meets anything else.
 *
 * The trees are what htmlparser2's DomHandler would build, reduced to what the model needs: text
 * is merged as DomHandler merges it (adjacent text is one node; a comment or a processing
 * instruction between two texts keeps them apart), and comments and the like are left out.
 */
import { Parser } from 'htmlparser2';
import { tokenizeOwnHtml, type HtmlEvents } from './own-html.js';

export interface HtmlElement {
  name: string;
  /** As the parser gives them: own properties only are attributes. */
  attribs: Record<string, string>;
  children: HtmlNode[];
}

/** Text (entities decoded) or an element. */
export type HtmlNode = string | HtmlElement;

export interface FragmentReader {
  /** Whether an element opening outside any element read whole is streamed instead. */
  streams(name: string): boolean;
  /** A streamed element opens. */
  open(name: string): void;
  /** The innermost streamed element closes. */
  close(): void;
  /** Text outside any element read whole. */
  text(text: string): void;
  /** An element outside any element read whole, with all its content. */
  element(element: HtmlElement): void;
}

/** Builds the fragments from tokenizer events and hands them to the reader. */
class FragmentBuilder implements HtmlEvents {
  private readonly openElements: HtmlElement[] = []; // the elements being read whole, innermost last
  private pending: string | null = null; // text not yet handed on: it may come in pieces

  constructor(private readonly reader: FragmentReader) {}

  openTag(name: string, attribs: Record<string, string>): void {
    this.endText();
    if (this.openElements.length === 0 && this.reader.streams(name)) {
      this.reader.open(name);
      return;
    }
    const element: HtmlElement = { name, attribs, children: [] };
    this.openElements[this.openElements.length - 1]?.children.push(element);
    this.openElements.push(element);
  }

  closeTag(): void {
    this.endText();
    const element = this.openElements.pop();
    if (element === undefined) this.reader.close();
    else if (this.openElements.length === 0) this.reader.element(element);
  }

  text(data: string): void {
    this.pending = this.pending === null ? data : this.pending + data;
  }

  /** Hands on the text read so far: at a tag, a comment and the like, and the end. */
  endText(): void {
    if (this.pending === null) return;
    const parent = this.openElements[this.openElements.length - 1];
    if (parent === undefined) this.reader.text(this.pending);
    else parent.children.push(this.pending);
    this.pending = null;
  }
}

/** Reads any HTML (htmlparser2). */
export function readHtmlFragments(html: string, reader: FragmentReader): void {
  const builder = new FragmentBuilder(reader);
  const endText = (): void => builder.endText();
  const parser = new Parser({
    onopentag: (name, attribs) => builder.openTag(name, attribs),
    onclosetag: () => builder.closeTag(),
    ontext: (data) => builder.text(data),
    oncomment: endText,
    oncdatastart: endText,
    onprocessinginstruction: endText,
    onend: endText,
  }, { decodeEntities: true });
  parser.end(html);
}

/**
 * Reads the HTML our templates write (own-html.ts), with the same result as readHtmlFragments.
 * False when the HTML holds anything else: the reader has then been given part of it, and is to
 * be thrown away (read the HTML again, with readHtmlFragments, into a new one).
 */
export function readOwnHtmlFragments(html: string, reader: FragmentReader): boolean {
  const builder = new FragmentBuilder(reader);
  if (!tokenizeOwnHtml(html, builder)) return false;
  builder.endText();
  return true;
}
