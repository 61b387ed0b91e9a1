import { describe, expect, it } from 'vitest';
import { htmlToModel } from '../../../../src/documents/model/html-to-model.js';
import type { Block, Inline } from '../../../../src/documents/model/model.js';
import { resolveCitations } from '../../../../src/documents/model/resolve-citations.js';

const text = (value: string): Inline => ({ type: 'text', text: value });

function blocksOf(html: string): Block[] {
  return htmlToModel(html).blocks;
}

function onlyParagraph(html: string): Extract<Block, { type: 'paragraph' }> {
  const blocks = blocksOf(html);
  expect(blocks).toHaveLength(1);
  const [block] = blocks;
  if (block?.type !== 'paragraph') throw new Error(`expected a paragraph, got ${JSON.stringify(block)}`);
  return block;
}

/** The visible text of inlines, with citations as [KEY] so their position shows. */
function textOf(inlines: readonly Inline[]): string {
  return inlines.map((inline) => {
    switch (inline.type) {
      case 'text': case 'link': case 'flag': return inline.text;
      case 'break': return '\n';
      case 'citation': return `[${inline.incidentKey}]`;
    }
  }).join('');
}

describe('htmlToModel: what never reaches the document', () => {
  it('drops script, style, template and head content entirely', () => {
    const blocks = blocksOf(`<html><head><title>Secret title</title><style>p { color: red }</style></head>
      <body><p>Visible<script>alert("x")</script> text</p><template><p>Template body</p></template>
      <script>document.write("<p>injected</p>")</script></body></html>`);
    expect(blocks).toEqual([{ type: 'paragraph', style: 'body', inlines: [{ type: 'text', text: 'Visible text' }] }]);
  });

  it('drops javascript:, data: and obfuscated script hrefs but keeps their text', () => {
    const paragraph = onlyParagraph(`<p><a href="javascript:alert(1)">one</a> <a href="JaVaScRiPt:alert(1)">two</a>
      <a href="java&#x09;script:alert(1)">three</a> <a href="data:text/html,x">four</a> <a href="vbscript:x">five</a>
      <a href="/relative">six</a></p>`);
    expect(paragraph.inlines.some((inline) => inline.type === 'link')).toBe(false);
    expect(textOf(paragraph.inlines)).toBe('one two three four five six');
  });

  it('keeps http, https, mailto and #anchor links', () => {
    const paragraph = onlyParagraph(`<p><a href="https://ohchr.org/x">a</a> <a href="http://x.kz">b</a>
      <a href="mailto:urgent-action@ohchr.org">c</a> <a href="#annex">d</a></p>`);
    const hrefs = paragraph.inlines.flatMap((inline) => (inline.type === 'link' ? [inline.href] : []));
    expect(hrefs).toEqual(['https://ohchr.org/x', 'http://x.kz', 'mailto:urgent-action@ohchr.org', '#annex']);
  });

  it('drops control characters such as U+000B, raw or as entities', () => {
    const paragraph = onlyParagraph('<p>vertical\u000Btab, nul\u0000 and &#11;&#x7f;bell\u0007 here</p>');
    expect(textOf(paragraph.inlines)).toBe('verticaltab, nul and bell here');
    expect(textOf(paragraph.inlines)).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/);
  });
});

describe('htmlToModel: text', () => {
  it('decodes entities', () => {
    const paragraph = onlyParagraph('<p>Tom &amp; Jerry &lt;b&gt; &quot;q&quot; &#1178;&#x4D9; &hellip; a&nbsp;b</p>');
    expect(textOf(paragraph.inlines)).toBe('Tom & Jerry <b> "q" Қә … a\u00A0b');
  });

  it('keeps template-looking text such as {{constructor}} literally, and ignores prototype-named classes', () => {
    const paragraph = onlyParagraph('<p class="constructor __proto__">{{constructor}} and {{#each x}}</p>');
    expect(paragraph.style).toBe('body');
    expect(textOf(paragraph.inlines)).toBe('{{constructor}} and {{#each x}}');
  });

  it('collapses whitespace like a browser, across tags, and trims block edges', () => {
    const paragraph = onlyParagraph('<p>\n   Several   words\n\t<strong> across </strong>  tags   \n</p>');
    expect(textOf(paragraph.inlines)).toBe('Several words across tags');
  });

  it('keeps Cyrillic and Kazakh text intact', () => {
    const paragraph = onlyParagraph('<p>Әсем Құнанбаева Ғалым Ңөұүһі</p>');
    expect(textOf(paragraph.inlines)).toBe('Әсем Құнанбаева Ғалым Ңөұүһі');
  });

  it('turns spans and unknown inline tags into their text', () => {
    const paragraph = onlyParagraph('<p>Met <span class="name">Activist A</span> at <abbr>KNB</abbr> <blink>HQ</blink></p>');
    expect(paragraph.inlines).toEqual([{ type: 'text', text: 'Met Activist A at KNB HQ' }]);
  });

  it('marks a pseudonym span, so the preview can show it (print renderers draw its text)', () => {
    const paragraph = onlyParagraph('<p>Met <span class="pseudonym" title="x"><strong>Activist A</strong></span>\'s lawyer</p>');
    expect(paragraph.inlines).toEqual([
      { type: 'text', text: 'Met ' },
      { type: 'text', text: 'Activist A', bold: true, pseudonym: true },
      { type: 'text', text: "'s lawyer" },
    ]);
  });

  it('makes text outside any block a body paragraph, and drops empty paragraphs', () => {
    const blocks = blocksOf('Loose <b>text</b><p>   </p><p><em> </em></p><div>in a div<p>para</p>after</div>');
    expect(blocks.map((block) => (block.type === 'paragraph' ? [block.style, textOf(block.inlines)] : block.type))).toEqual([
      ['body', 'Loose text'], ['body', 'in a div'], ['body', 'para'], ['body', 'after'],
    ]);
  });
});

describe('htmlToModel: inline marks, citations and flags', () => {
  it('combines nested marks', () => {
    const paragraph = onlyParagraph('<p><strong>b <em>bi <u>biu</u></em></strong><i>i</i></p>');
    expect(paragraph.inlines).toEqual([
      { type: 'text', text: 'b ', bold: true },
      { type: 'text', text: 'bi ', bold: true, italic: true },
      { type: 'text', text: 'biu', bold: true, italic: true, underline: true },
      { type: 'text', text: 'i', italic: true },
    ]);
  });

  it('produces citation inlines, with the note marker hugging the claim', () => {
    const paragraph = onlyParagraph('<p>He was detained <cite data-incident="KZ-2024-017"></cite> on 3 May.<cite data-incident="KZ-2024-018"></cite></p>');
    expect(paragraph.inlines).toEqual([
      { type: 'text', text: 'He was detained' },
      { type: 'citation', incidentKey: 'KZ-2024-017' },
      { type: 'text', text: ' on 3 May.' },
      { type: 'citation', incidentKey: 'KZ-2024-018' },
    ]);
  });

  it('keeps a citation with an empty key so that numbering rejects it', () => {
    const paragraph = onlyParagraph('<p>Claim<cite data-incident=""></cite></p>');
    expect(paragraph.inlines).toContainEqual({ type: 'citation', incidentKey: '' });
  });

  it('turns <mark class="flag"> into a flag and other marks into text', () => {
    const paragraph = onlyParagraph('<p>Claim <mark class="flag"> UNSOURCED </mark> and <mark>highlight</mark></p>');
    expect(paragraph.inlines).toEqual([
      { type: 'text', text: 'Claim ' },
      { type: 'flag', text: 'UNSOURCED' },
      { type: 'text', text: ' and highlight' },
    ]);
  });

  it('sets a flag apart from the note marker it follows', () => {
    const paragraph = onlyParagraph('<p>Claim.<cite data-incident="K"></cite><mark class="flag">UNSOURCED</mark> Next.</p>');
    expect(paragraph.inlines).toEqual([
      text('Claim.'), { type: 'citation', incidentKey: 'K' }, text(' '), { type: 'flag', text: 'UNSOURCED' }, text(' Next.'),
    ]);
  });

  it('splits a link with inner formatting into links that share the href', () => {
    const paragraph = onlyParagraph('<p><a href="https://x.org">see <b>this</b></a></p>');
    expect(paragraph.inlines).toEqual([
      { type: 'link', href: 'https://x.org', text: 'see ' },
      { type: 'link', href: 'https://x.org', text: 'this', bold: true },
    ]);
  });

  it('turns <br> into a break', () => {
    const paragraph = onlyParagraph('<p>Line one<br>  line two<br/></p>');
    expect(paragraph.inlines).toEqual([{ type: 'text', text: 'Line one' }, { type: 'break' }, { type: 'text', text: 'line two' }]);
  });
});

describe('htmlToModel: blocks', () => {
  it('maps headings with anchors and paragraph classes', () => {
    const blocks = blocksOf(`<h1 id="summary">Summary</h1><h2>Facts</h2><h3 id="a-1">Detail</h3>
      <p class="lead">L</p><p class="meta">M</p><p class="urgent">U</p><p class="small">S</p><p class="quote">Q</p>
      <p class="title">T</p><p class="subtitle">ST</p><p class="unknown">B</p>`);
    expect(blocks.slice(0, 3)).toEqual([
      { type: 'heading', level: 1, anchor: 'summary', inlines: [{ type: 'text', text: 'Summary' }] },
      { type: 'heading', level: 2, inlines: [{ type: 'text', text: 'Facts' }] },
      { type: 'heading', level: 3, anchor: 'a-1', inlines: [{ type: 'text', text: 'Detail' }] },
    ]);
    expect(blocks.slice(3).map((block) => (block.type === 'paragraph' ? block.style : block.type)))
      .toEqual(['lead', 'meta', 'urgent', 'small', 'quote', 'title', 'subtitle', 'body']);
  });

  it('maps lists, flattening block tags inside items', () => {
    const blocks = blocksOf('<ol><li>First <p>with a paragraph</p></li><li><strong>Second</strong></li></ol><ul><li>Bullet</li></ul>');
    expect(blocks).toEqual([
      {
        type: 'list', ordered: true, items: [
          [{ type: 'text', text: 'First' }, { type: 'break' }, { type: 'text', text: 'with a paragraph' }],
          [{ type: 'text', text: 'Second', bold: true }],
        ],
      },
      { type: 'list', ordered: false, items: [[{ type: 'text', text: 'Bullet' }]] },
    ]);
  });

  it('keeps the items of a list nested directly in a list', () => {
    const blocks = blocksOf('<ul><li>a</li><ul><li>b</li></ul><li>c</li></ul>');
    expect(blocks).toEqual([{ type: 'list', ordered: false, items: [[text('a')], [text('b')], [text('c')]] }]);
  });

  it('maps tables with header and body rows', () => {
    const blocks = blocksOf(`<table><thead><tr><th>Date</th><th>Event</th></tr></thead>
      <tbody><tr><td>3 May</td><td>Detained<cite data-incident="K1"></cite></td></tr><tr><td>4 May</td></tr></tbody></table>`);
    expect(blocks).toEqual([{
      type: 'table',
      header: [[{ type: 'text', text: 'Date' }], [{ type: 'text', text: 'Event' }]],
      rows: [
        [[{ type: 'text', text: '3 May' }], [{ type: 'text', text: 'Detained' }, { type: 'citation', incidentKey: 'K1' }]],
        [[{ type: 'text', text: '4 May' }], []],
      ],
    }]);
  });

  it('maps <hr class="page-break"> to a page break and treats containers as transparent', () => {
    const blocks = blocksOf('<main><section><header><p>A</p></header><hr class="page-break"><article><p>B</p></article><hr></section></main>');
    expect(blocks.map((block) => block.type)).toEqual(['paragraph', 'page-break', 'paragraph']);
  });

  it('keeps loose text beside blocks in containers, in nested containers and in inline tags that hold blocks, in order', () => {
    const blocks = blocksOf('<section>Intro <strong>in bold</strong><div><p>Inner</p>tail</div>after'
      + '<section><h2 id="s">Head</h2>loose</section></section><span>x<p>para</p>y</span>end');
    const body = (...inlines: Inline[]): Block => ({ type: 'paragraph', style: 'body', inlines });
    expect(blocks).toEqual([
      body(text('Intro '), { type: 'text', text: 'in bold', bold: true }),
      body(text('Inner')), body(text('tail')), body(text('after')),
      { type: 'heading', level: 2, inlines: [text('Head')], anchor: 's' },
      body(text('loose')), body(text('x')), body(text('para')), body(text('y')), body(text('end')),
    ]);
  });

  it('reads text around comments and processing instructions as one text, white space collapsed', () => {
    expect(onlyParagraph('<div>one<!-- a comment -->\n   two &amp;<?pi x?> three</div>').inlines).toEqual([text('one two & three')]);
  });

  it('keeps stray texts of a list that a comment or a processing instruction separates as items of their own, as a DOM would', () => {
    const blocks = blocksOf('<ul><li>x</li>stray<!-- c -->text &amp; more<?pi?>last</ul>');
    expect(blocks).toEqual([{ type: 'list', ordered: false, items: [[text('x')], [text('stray')], [text('text & more')], [text('last')]] }]);
  });
});

describe('resolveCitations', () => {
  const noteFor = (key: string) => ({ paragraphs: [[{ type: 'text', text: `Source of ${key}` } as Inline]] });

  it('numbers citations 1..n in document order, one note per citation even for a repeated incident', () => {
    const { blocks } = htmlToModel(`<h2>Facts<cite data-incident="A"></cite></h2><p>x<cite data-incident="B"></cite>
      y<cite data-incident="A"></cite></p><ul><li>z<cite data-incident="C"></cite></li></ul>
      <table><tr><th>h</th></tr><tr><td>c<cite data-incident="B"></cite></td></tr></table>`);
    const resolved = resolveCitations(blocks, noteFor);
    const numbers: Array<[string, number | undefined]> = [];
    const visit = (inlines: Inline[]): void => {
      for (const inline of inlines) if (inline.type === 'citation') numbers.push([inline.incidentKey, inline.noteNumber]);
    };
    for (const block of resolved.blocks) {
      if (block.type === 'heading' || block.type === 'paragraph') visit(block.inlines);
      if (block.type === 'list') block.items.forEach(visit);
      if (block.type === 'table') block.rows.flat().forEach(visit);
    }
    expect(numbers).toEqual([['A', 1], ['B', 2], ['A', 3], ['C', 4], ['B', 5]]);
    expect(resolved.notes.map((note) => [note.number, note.incidentKey, textOf(note.paragraphs[0] ?? [])])).toEqual([
      [1, 'A', 'Source of A'], [2, 'B', 'Source of B'], [3, 'A', 'Source of A'], [4, 'C', 'Source of C'], [5, 'B', 'Source of B'],
    ]);
  });

  it('asks for each note once, in note order, and keeps its internal line apart from its text', () => {
    const { blocks } = htmlToModel('<p>x<cite data-incident="A"></cite> y<cite data-incident="A"></cite></p>');
    const asked: Array<[string, number]> = [];
    const resolved = resolveCitations(blocks, (key, n) => {
      asked.push([key, n]);
      return { paragraphs: [[{ type: 'text', text: n === 1 ? `Source of ${key}` : 'Ibid.' }]], internal: 'Internal grading, not printed: B2' };
    });
    expect(asked).toEqual([['A', 1], ['A', 2]]);
    expect(resolved.notes.map((note) => textOf(note.paragraphs[0] ?? []))).toEqual(['Source of A', 'Ibid.']);
    expect(resolved.notes[1]!.internal).toBe('Internal grading, not printed: B2');
  });

  it('does not modify the blocks it was given', () => {
    const { blocks } = htmlToModel('<p>x<cite data-incident="A"></cite></p>');
    const before = JSON.stringify(blocks);
    resolveCitations(blocks, noteFor);
    expect(JSON.stringify(blocks)).toBe(before);
  });

  it('throws on a citation without an incident key', () => {
    const { blocks } = htmlToModel('<p>Claim<cite data-incident="  "></cite></p>');
    expect(() => resolveCitations(blocks, noteFor)).toThrow(/incident key/);
  });
});
