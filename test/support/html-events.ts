import { Parser } from 'htmlparser2';
import { tokenizeOwnHtml, type HtmlEvents } from '../../src/documents/model/own-html.js';

/**
 * A tokenizer's events as strings, to compare the fast tokenizer (model/own-html.ts) with
 * htmlparser2's Parser: O<name>{attribs}, C, T<text> (text pieces merged, split where
 * htmlparser2 reports a comment and the like).
 */
function recorder(): { events: HtmlEvents; endText: () => void; out: string[] } {
  const out: string[] = [];
  let text: string | null = null;
  const endText = () => {
    if (text !== null) out.push(`T${text}`);
    text = null;
  };
  const events: HtmlEvents = {
    openTag(name, attribs) {
      endText();
      out.push(`O${name}${JSON.stringify(attribs)}`);
    },
    closeTag() {
      endText();
      out.push('C');
    },
    text(data) {
      text = (text ?? '') + data;
    },
  };
  return { events, endText, out };
}

/** htmlparser2's events for `html`, as html-fragments.ts reads them. */
export function referenceEvents(html: string): string[] {
  const { events, endText, out } = recorder();
  new Parser({
    onopentag: (name, attribs) => events.openTag(name, attribs),
    onclosetag: () => events.closeTag(),
    ontext: (data) => events.text(data),
    oncomment: endText,
    oncdatastart: endText,
    onprocessinginstruction: endText,
    onend: endText,
  }, { decodeEntities: true }).end(html);
  return out;
}

/** The fast tokenizer's events for `html`, or null when it hands the HTML back. */
export function ownEvents(html: string, tokenize: typeof tokenizeOwnHtml = tokenizeOwnHtml): string[] | null {
  const { events, endText, out } = recorder();
  const read = tokenize(html, events);
  endText();
  return read ? out : null;
}
