import { describe, expect, it } from 'vitest';
import type { Block, DocumentModel, Inline, Note } from '../../../../../src/documents/model/model.js';
import { renderHtml } from '../../../../../src/documents/render/html/html.renderer.js';

const text = (t: string, marks: object = {}): Inline => ({ type: 'text', text: t, ...marks });
const cite = (incidentKey: string, noteNumber: number): Inline => ({ type: 'citation', incidentKey, noteNumber });

function model(blocks: Block[], notes: Note[] = [], draft = false): DocumentModel {
  return { meta: { title: 'T', subject: 'S', author: 'A', language: 'en-GB', keywords: [], draft }, blocks, notes };
}

const note = (number: number, incidentKey: string, ...sources: string[]): Note => ({
  number, incidentKey,
  paragraphs: [[text(`Title ${incidentKey}`, { italic: true }), text(`, 1 March 2018, Almaty. ${sources.join('; ')}.`)]],
});

/** The fragment between the article's opening tag and the notes. */
const body = (html: string): string => html.slice(html.indexOf('>') + 1, html.indexOf('<section class="notes">')).trim();

describe('renderHtml: the preview fragment', () => {
  it('wraps the document in the preview article, marked as a draft when it is one', () => {
    expect(renderHtml(model([]))).toMatch(/^<article class="document-preview">\n/);
    expect(renderHtml(model([], [], true))).toMatch(/^<article class="document-preview draft">\n/);
    expect(renderHtml(model([]))).toMatch(/<section class="notes"><h2>Notes<\/h2><ol>\n\n<\/ol><\/section><\/article>$/);
  });

  it('draws headings with their ids, paragraphs with their style class, lists and page breaks', () => {
    const html = renderHtml(model([
      { type: 'paragraph', style: 'meta', inlines: [text('URGENT APPEAL')] },
      { type: 'heading', level: 1, anchor: 'top', inlines: [text('Headline')] },
      { type: 'heading', level: 3, inlines: [text('Sub')] },
      { type: 'paragraph', style: 'body', anchor: 'p', inlines: [text('Plain '), text('bold', { bold: true }), text(' '), text('it', { italic: true }), text(' '), text('u', { underline: true }), { type: 'break' }, text('next')] },
      { type: 'list', ordered: true, items: [[text('one')], [text('two')]] },
      { type: 'list', ordered: false, items: [[text('dot')]] },
      { type: 'page-break' },
    ]));
    expect(body(html)).toBe([
      '<p class="meta">URGENT APPEAL</p>',
      '<h1 id="top">Headline</h1>',
      '<h3>Sub</h3>',
      '<p id="p">Plain <strong>bold</strong> <em>it</em> <u>u</u><br>next</p>',
      '<ol>\n<li>one</li>\n<li>two</li>\n</ol>',
      '<ul>\n<li>dot</li>\n</ul>',
      '<hr class="page-break">',
    ].join('\n'));
  });

  it('draws a citation as the numbered marker naming its sources, and lists each note linking back', () => {
    const html = renderHtml(model(
      [{ type: 'paragraph', style: 'body', inlines: [text('Claim.'), cite('k', 1)] }],
      [note(1, 'k', 'KIBHR, "note" <1>', 'Confidential source (interview, March 2018)')],
    ));
    expect(body(html)).toBe(
      '<p>Claim.<sup class="citation"><a href="#note-1" id="cite-1" title="Title k, 1 March 2018, Almaty. KIBHR, &quot;note&quot; &lt;1&gt;; Confidential source (interview, March 2018)." data-note="1">[1]</a></sup></p>',
    );
    expect(html).toContain(
      '<li id="note-1"><span class="note-line"><em>Title k</em>, 1 March 2018, Almaty. KIBHR, &quot;note&quot; &lt;1&gt;; Confidential source (interview, March 2018).</span> '
      + '<a href="#cite-1" class="back" aria-label="Back to the text">↩</a></li>',
    );
  });

  it('shows a note\'s internal line (gradings) to staff, marked as internal, in the note and the marker\'s title', () => {
    const html = renderHtml(model(
      [{ type: 'paragraph', style: 'body', inlines: [text('Claim.'), cite('k', 1)] }],
      [{ ...note(1, 'k', 'KIBHR, “Note”'), internal: 'Internal grading, not printed: KIBHR, “Note” B2' }],
    ));
    expect(html).toContain('title="Title k, 1 March 2018, Almaty. KIBHR, “Note”. | Internal grading, not printed: KIBHR, “Note” B2"');
    expect(html).toContain('<span class="note-internal" title="Internal assessment: shown to staff, never printed in the DOCX or PDF">Internal grading, not printed: KIBHR, “Note” B2</span>');
  });

  it('numbers and lists a citation in a table header cell like any other', () => {
    const html = renderHtml(model(
      [{ type: 'table', header: [[text('Head'), cite('h', 1)], [text('Where')]], rows: [[[text('Body'), cite('b', 2)]]] }],
      [note(1, 'h', 'one'), note(2, 'b', 'two')],
    ));
    expect(body(html)).toBe(
      '<table><thead><tr><th>Head<sup class="citation"><a href="#note-1" id="cite-1" title="Title h, 1 March 2018, Almaty. one." data-note="1">[1]</a></sup></th><th>Where</th></tr></thead>'
      + '<tbody>\n<tr><td>Body<sup class="citation"><a href="#note-2" id="cite-2" title="Title b, 1 March 2018, Almaty. two." data-note="2">[2]</a></sup></td><td></td></tr>\n</tbody></table>',
    );
    expect(html).toContain('<li id="note-1">');
    expect(html).toContain('<li id="note-2">');
  });

  it('marks pseudonyms and UNSOURCED flags', () => {
    const html = renderHtml(model([{
      type: 'paragraph', style: 'body',
      inlines: [text('Activist A', { pseudonym: true, bold: true }), text(' was held.'), cite('u', 1), text(' '), { type: 'flag', text: 'UNSOURCED' }],
    }], [{ number: 1, incidentKey: 'u', paragraphs: [[text('Title u.')], [{ type: 'flag', text: 'UNSOURCED' }, text(' No source is recorded.')]] }]));
    expect(body(html)).toBe(
      '<p><strong><span class="pseudonym" title="Pseudonym: consent does not cover this audience">Activist A</span></strong> was held.'
      + '<sup class="citation"><a href="#note-1" id="cite-1" title="Title u. | UNSOURCED No source is recorded." data-note="1">[1]</a></sup> <mark class="flag">UNSOURCED</mark></p>',
    );
    expect(html).toContain('<span class="note-line"><mark class="flag">UNSOURCED</mark> No source is recorded.</span>');
  });

  it('links out to web and mail addresses, in to anchors the document has, and shows other links as text', () => {
    const html = renderHtml(model([
      { type: 'heading', level: 2, anchor: 'right-expression', inlines: [text('Expression')] },
      {
        type: 'paragraph', style: 'body',
        inlines: [
          { type: 'link', href: 'https://example.org/a?b=1&c=2', text: 'web' }, text(' '),
          { type: 'link', href: 'mailto:x@example.org', text: 'mail' }, text(' '),
          { type: 'link', href: '#right-expression', text: 'in' }, text(' '),
          { type: 'link', href: '#missing', text: 'dead' }, text(' '),
          { type: 'link', href: 'javascript:alert(1)', text: 'bad' },
        ],
      },
    ]));
    expect(body(html)).toContain(
      '<p><a href="https://example.org/a?b&#x3D;1&amp;c&#x3D;2" rel="noreferrer noopener">web</a> <a href="mailto:x@example.org" rel="noreferrer noopener">mail</a> '
      + '<a href="#right-expression">in</a> dead bad</p>',
    );
    expect(html).not.toContain('javascript');
  });

  it('escapes every string from the model and drops control characters', () => {
    const hostile = '<script>alert(1)</script> {{constructor}} & "q" \'a\' `b` =\u0000\u000B';
    const html = renderHtml(model(
      [
        { type: 'heading', level: 2, anchor: '"><img src=x onerror=alert(1)>', inlines: [text(hostile)] },
        { type: 'paragraph', style: 'body', inlines: [text(hostile, { pseudonym: true }), { type: 'flag', text: '<b>flag</b>' }, cite('k', 1)] },
        { type: 'list', ordered: false, items: [[text(hostile)]] },
        { type: 'table', header: [[text(hostile)]], rows: [[[text(hostile)]]] },
      ],
      [note(1, 'k', hostile)],
    ));
    expect(html).not.toMatch(/<script|<img|<b>/);
    expect(html).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; {{constructor}} &amp; &quot;q&quot; &#x27;a&#x27; &#x60;b&#x60; &#x3D;');
    expect(html).toContain('id="&quot;&gt;&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;"');
  });

  it('refuses a citation that was never numbered, as the other renderers do', () => {
    expect(() => renderHtml(model([{ type: 'paragraph', style: 'body', inlines: [{ type: 'citation', incidentKey: 'k' }] }]))).toThrow(/no note number/);
  });
});
