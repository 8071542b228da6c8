import { parseHtml } from '../../../../src/extract/dom/dom';
import { escapeMarkdown, htmlToMarkdown, tidyMarkdown } from '../../../../src/extract/outputs/markdown';
import { documentBaseUrl } from '../../../../src/extract/dom/urls';

const URL_OF_PAGE = 'https://site.example/blog/post.html';

function markdownOf(body: string, head = ''): string {
  const page = parseHtml(`<!doctype html><html><head>${head}</head><body>${body}</body></html>`, URL_OF_PAGE);
  try {
    return htmlToMarkdown(page.document.body, documentBaseUrl(page.document, URL_OF_PAGE));
  } finally {
    page.close();
  }
}

describe('htmlToMarkdown: tables', () => {
  it('renders a table with a header row as a GFM table', () => {
    const markdown = markdownOf(
      '<table><thead><tr><th>Name</th><th>Age</th></tr></thead><tbody><tr><td>Alice</td><td>32</td></tr><tr><td>Bob</td><td>45</td></tr></tbody></table>',
    );
    expect(markdown).toBe('| Name | Age |\n| --- | --- |\n| Alice | 32 |\n| Bob | 45 |');
  });

  it('promotes the first row of a header-less table to the header', () => {
    const markdown = markdownOf('<table><tr><td>Source</td><td>Amount</td></tr><tr><td>Grant</td><td>40</td></tr></table>');
    expect(markdown).toBe('| Source | Amount |\n| --- | --- |\n| Grant | 40 |');
  });

  it('pads short rows and colspans to the widest row and escapes pipes in cells', () => {
    const markdown = markdownOf('<table><tr><th>A</th><th>B</th><th>C</th></tr><tr><td colspan="2">wide</td><td>x|y</td></tr><tr><td>only</td></tr></table>');
    expect(markdown).toBe('| A | B | C |\n| --- | --- | --- |\n| wide |  | x\\|y |\n| only |  |  |');
  });

  it('keeps a cell on one line when it holds inline line breaks', () => {
    expect(markdownOf('<table><tr><th>k</th><th>v</th></tr><tr><td>one<br>two</td><td>3</td></tr></table>')).toContain('| one two | 3 |');
  });

  it('flattens a layout table that nests a data table, and renders the inner table', () => {
    const markdown = markdownOf(
      '<table><tr><td><p>Sidebar text</p></td><td><p>Intro paragraph.</p><table><tr><th>K</th><th>V</th></tr><tr><td>a</td><td>1</td></tr></table></td></tr></table>',
    );
    expect(markdown).toBe('Sidebar text\n\nIntro paragraph.\n\n| K | V |\n| --- | --- |\n| a | 1 |');
  });

  it('flattens a one-column table into paragraphs', () => {
    expect(markdownOf('<table><tr><td>First block</td></tr><tr><td>Second block</td></tr></table>')).toBe('First block\n\nSecond block');
  });
});

describe('htmlToMarkdown: code', () => {
  it('fences code blocks with the language of a language-* class', () => {
    expect(markdownOf('<pre><code class="language-typescript">const a: number = 1;\nconsole.log(a);</code></pre>')).toBe(
      '```typescript\nconst a: number = 1;\nconsole.log(a);\n```',
    );
  });

  it('reads lang-* on the pre and keeps blank lines and indentation inside the code', () => {
    expect(markdownOf('<pre class="lang-py">def f():\n\n\n    return 1</pre>')).toBe('```py\ndef f():\n\n\n    return 1\n```');
  });

  it('fences without a language when none is named, and turns <br> into newlines', () => {
    expect(markdownOf('<pre><code>line one<br>line two</code></pre>')).toBe('```\nline one\nline two\n```');
  });

  it('uses a longer fence when the code contains a fence', () => {
    expect(markdownOf('<pre><code>```js\nx\n```</code></pre>')).toBe('````\n```js\nx\n```\n````');
  });

  it('keeps inline code inline', () => {
    expect(markdownOf('<p>Run <code>npm test</code> now.</p>')).toBe('Run `npm test` now.');
  });
});

describe('htmlToMarkdown: links and images', () => {
  it('resolves relative links and images against the final URL', () => {
    const markdown = markdownOf('<p><a href="../about">About</a> <img src="img/a.png" alt="A chart"></p>');
    expect(markdown).toBe('[About](https://site.example/about) ![A chart](https://site.example/blog/img/a.png)');
  });

  it('resolves against <base href> when the page has one', () => {
    const markdown = markdownOf('<p><a href="page">Next</a><img src="pic.jpg" alt="Pic"></p>', '<base href="https://cdn.example/assets/">');
    expect(markdown).toContain('[Next](https://cdn.example/assets/page)');
    expect(markdown).toContain('![Pic](https://cdn.example/assets/pic.jpg)');
  });

  it('strips data: images but keeps the real image behind a lazy-loading placeholder', () => {
    const markdown = markdownOf(
      '<p>Before</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="inline"><img src="data:image/gif;base64,R0lGOD" data-src="/real.jpg" alt="Lazy"><p>After</p>',
    );
    expect(markdown).not.toContain('data:');
    expect(markdown).not.toContain('inline');
    expect(markdown).toBe('Before\n\n![Lazy](https://site.example/real.jpg)\n\nAfter');
  });

  it('keeps the text of javascript: links and drops empty links', () => {
    expect(markdownOf('<p><a href="javascript:void(0)">Click</a> and <a href="/x"></a>done</p>')).toBe('Click and done');
  });

  it('escapes parentheses in URLs', () => {
    expect(markdownOf('<a href="/wiki/Foo_(bar)">Foo</a>')).toBe('[Foo](https://site.example/wiki/Foo_\\(bar\\))');
  });
});

describe('htmlToMarkdown: layout', () => {
  it('writes headings in order as ATX headings on one line', () => {
    expect(markdownOf('<h1>Top</h1><p>a</p><h2>Middle\n part</h2><p>b</p><h3>Low</h3>')).toBe('# Top\n\na\n\n## Middle part\n\nb\n\n### Low');
  });

  it('never leaves more than one blank line, trailing spaces or no-break spaces', () => {
    const markdown = markdownOf('<p>one</p><div><br><br><br></div><p></p><p>&nbsp;</p><p>two&nbsp;</p>');
    expect(markdown).toBe('one\n\ntwo');
  });

  it('renders lists with one-space markers and nested lists indented', () => {
    expect(markdownOf('<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul><ol start="3"><li>x</li><li>y</li></ol>')).toBe('- a\n  - b\n- c\n\n3. x\n4. y');
  });

  it('renders strikethrough and task lists the GFM way', () => {
    expect(markdownOf('<p><del>old</del> new</p><ul><li><input type="checkbox" checked> done</li></ul>')).toBe('~~old~~ new\n\n- [x] done');
  });
});

describe('tidyMarkdown', () => {
  it('collapses blank-line runs outside fences and leaves fenced code untouched', () => {
    expect(tidyMarkdown('\n\na  \n\n\n\nb\n```\nx\n\n\n\ny  \n```\n\n\n\nc\n')).toBe('a\n\nb\n```\nx\n\n\n\ny  \n```\n\nc');
  });
});

describe('escapeMarkdown (turndown escape hook)', () => {
  it("escapes exactly as turndown's own escape", () => {
    const TurndownService = require('turndown') as { prototype: { escape(text: string): string } };
    const samples = [
      'plain words only',
      ' leading space',
      'trailing space ',
      '1. numbered',
      '12) not a list',
      '- dash',
      '+ plus',
      '+plus',
      '=== rule',
      '# heading',
      '####### seven',
      '~~~ fence',
      '> quote',
      'a_b*c',
      'back\\slash',
      'tick `code`',
      '[link]',
      'mid - dash',
      'mid 1. number',
      '',
      '\u00a0nbsp',
      'x > y',
      '_under',
      '*star',
      '2024 was a year',
    ];
    for (const text of samples) expect(escapeMarkdown(text)).toBe(TurndownService.prototype.escape(text));
  });
});
