/**
 * Reads HTML in one pass with htmlparser2's Parser, without building a DOM of the whole document.
 *
 * Elements the reader chooses to stream (block containers such as <section>) come as open and
 * close events, their content as further fragments; any other element comes whole, as a small
 * tree of its own, once it closes. So only one block at a time is held as a tree: the composed
 * HTML of a 1000-incident document (~4 MB) no longer becomes ~100,000 DOM nodes that all live
 * until the end of the parse (and cost the garbage collector as much as the parse).
 *
 * The trees are what htmlparser2's DomHandler would build, reduced to what the model needs: text
 * is merged as DomHandler merges it (adjacent text is one node; a comment or a processing
 * instruction between two texts keeps them apart), and comments and the like are left out.
 */
import { Parser } from 'htmlparser2';

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

export function readHtmlFragments(html: string, reader: FragmentReader): void {
  const open: HtmlElement[] = []; // the elements being read whole, innermost last
  let text: string | null = null; // text not yet handed on: the parser may give one text in pieces
  const endText = (): void => {
    if (text === null) return;
    const parent = open[open.length - 1];
    if (parent === undefined) reader.text(text);
    else parent.children.push(text);
    text = null;
  };
  const parser = new Parser({
    onopentag(name, attribs) {
      endText();
      if (open.length === 0 && reader.streams(name)) {
        reader.open(name);
        return;
      }
      const element: HtmlElement = { name, attribs, children: [] };
      open[open.length - 1]?.children.push(element);
      open.push(element);
    },
    onclosetag() {
      endText();
      const element = open.pop();
      if (element === undefined) reader.close();
      else if (open.length === 0) reader.element(element);
    },
    ontext(data) {
      text = text === null ? data : text + data;
    },
    oncomment: endText,
    oncdatastart: endText,
    onprocessinginstruction: endText,
    onend: endText,
  }, { decodeEntities: true });
  parser.end(html);
}
