import { describe, expect, it } from 'vitest';
import { ownEvents, referenceEvents } from '../../../support/html-events.js';
import { htmlToModel } from '../../../../src/documents/model/html-to-model.js';

// The fast tokenizer must read the HTML it accepts exactly as htmlparser2's Parser does, and
// hand everything else back (events compared as strings: test/support/html-events.ts).

/** What our templates write (eu-briefing, urgent appeal, UN communication), as they write it. */
const TEMPLATE_HTML = `<p class="title" id="top">Key issues for the EU–Kazakhstan Human Rights Dialogue</p>
<h2 id="summary">Executive summary</h2>
<ul>
<li><strong>Freedom of association</strong>: 4 of the 10 incidents (<a href="#right-association">section 1</a>).</li>
</ul>
<h3 id="section-2-1">2.1 Criminal prosecution</h3>
<p id="incident-2"><strong>2 January 2016, Kyzylorda.</strong> Defender 6&#x27;s home &amp; office &lt;searched&gt; &quot;twice&quot;.<cite data-incident="inc-2"></cite><mark class="flag">UNSOURCED</mark></p>
<p>Named <span class="pseudonym" title="shown by pseudonym">Blogger F</span>, <em>see</em> <a href="https://example.org/a?b=1&amp;c=2">report</a>.<br>Next line.<br/>&#39;&#8212;&#x1F600;&nbsp;</p>
<table><thead><tr><th>Date</th><th>Place</th></tr></thead><tbody><tr><td>1 May</td><td>Almaty</td></tr></tbody></table>
<hr class="page-break">
<ol><li>One</li><li>Two</li></ol>
<section><h2>Annex</h2><p>Sources</p></section>
`;

describe('own-html: the HTML our templates write', () => {
  it('reads it exactly as htmlparser2 does', () => {
    const own = ownEvents(TEMPLATE_HTML);
    expect(own).not.toBeNull();
    expect(own).toEqual(referenceEvents(TEMPLATE_HTML));
  });

  it('gives the same model through either reading', () => {
    // A comment sends the whole HTML to htmlparser2; it splits no text here, so the model is the same.
    expect(htmlToModel(TEMPLATE_HTML)).toEqual(htmlToModel(`<!-- htmlparser2 -->${TEMPLATE_HTML}`));
  });
});

describe('own-html: anything else is handed back, never read differently', () => {
  it.each([
    ['an implied close', '<p>one<p>two</p>'],
    ['a list item closing another', '<ul><li>one<li>two</li></ul>'],
    ['an implied close that nesting would hide', '<p>one<p>two</p></p>'],
    ['a list item closing another, nesting matched', '<ul><li>one<li>two</li></li></ul>'],
    ['a link inside a link', '<p><a href="#a">one<a href="#b">two</a></a></p>'],
    ['a heading closing a paragraph', '<p>one<h2>two</h2>'],
    ['an element left open', '<p>one'],
    ['a stray close', '<p>one</p></div>'],
    ['a misnested close', '<p><strong>one</p></strong>'],
    ['a tag outside the subset', '<p><script>alert(1)</script></p>'],
    ['upper case', '<P>one</P>'],
    ['a comment', '<p>one<!-- two --></p>'],
    ['a single-quoted attribute', "<p class='lead'>one</p>"],
    ['an unquoted attribute', '<p class=lead>one</p>'],
    ['an attribute without a value', '<p hidden>one</p>'],
    ['an entity without its semicolon', '<p>fish &amp chips</p>'],
    ['an unknown entity', '<p>&hellip;</p>'],
    ['a bare ampersand', '<p>A & B</p>'],
    ['a C1 numeric reference', '<p>&#150;</p>'],
    ['a NUL reference', '<p>&#0;</p>'],
    ['a stray less-than', '<p>1 < 2</p>'],
    ['a self-closed non-void element', '<p/>one'],
    ['a close tag with a space', '<p>one</p >'],
  ])('%s', (_what, html) => {
    expect(ownEvents(html)).toBeNull();
  });

  it('reads random HTML-like text either as htmlparser2 does or not at all', () => {
    // Pieces that stress the edges: tags in and out of the subset, attributes, entities, stray markup.
    const pieces = [
      '<p>', '</p>', '<li>', '</li>', '<ul>', '</ul>', '<a href="#x">', '</a>', '<strong>', '</strong>', '<br>', '<br/>', '<hr>',
      '<h2 id="a">', '</h2>', '<tr>', '<td>', '</td>', '</tr>', '<table>', '</table>', '<span class="pseudonym">', '</span>',
      '<cite data-incident="k"></cite>', '<p class="a" class="b">', '<p  id="x&amp;y"\n>', '<div>', '</div>', '<section>', '</section>',
      'text', ' ', '\n', '&amp;', '&lt;', '&#x27;', '&#39;', '&#8212;', '&nbsp;', '&', ';', '<', '>', '"', "'", '/', '=', '<!--', '-->',
      '&#x', '&#', 'amp;', '<P>', '<b>', '</b>', '<i>', '</i>', '<em>', '</em>', '<mark class="flag">', '</mark>', '<thead>', '</thead>',
      '\u0000', '\r\n', '\t', '\f', '😀', 'é', '&#x1F600;', '&#128512;', '&#xD800;', '&#x110000;', '<p\tclass="x"\f>', '<br />', '</br>', '<p id="&#39;">',
    ];
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    let read = 0;
    for (let sample = 0; sample < 30_000; sample++) {
      let html = '';
      const count = 1 + random(12);
      for (let i = 0; i < count; i++) html += pieces[random(pieces.length)];
      const own = ownEvents(html);
      if (own === null) continue;
      read++;
      expect(own, html).toEqual(referenceEvents(html));
    }
    expect(read).toBeGreaterThan(1000); // the test reads something, not only refusals
  });
});
