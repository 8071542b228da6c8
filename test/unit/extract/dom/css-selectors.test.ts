import { JSDOM, VirtualConsole } from 'jsdom';
import { buildOutputs } from '../../../../src/extract/build-outputs';
import { assertValidSelector, selectorsNeedJsdom } from '../../../../src/extract/dom/css-selectors';
import { parseHtml } from '../../../../src/extract/dom/dom';
import * as dom from '../../../../src/extract/dom/dom';
import { htmlDocument } from '../../../helpers/extract-documents';

const PAGE = `<!doctype html><html lang="en"><head><title>T</title></head><body><div id="main" class="a B"><p class="x">one</p>
<p>two <a href="/l">link</a> <a name="n">anchor</a></p><ul><li>1</li><li class="x">2</li><li>3</li></ul>
<input type="checkbox" checked><input type="text" disabled><span lang="fr-CA">fr</span><p></p><section><h2>h</h2></section></div></body></html>`;

describe('css-selectors: which DOM runs a request selector', () => {
  it('keeps structural selectors on linkedom', () => {
    expect(selectorsNeedJsdom(['article p', '#main > .x', 'li:nth-child(2n+1)', 'p:not(.x):has(a)', 'a[href^="http:"]'], false)).toBe(false);
  });

  it('sends pseudo-classes and pseudo-elements css-select does not match like a browser to jsdom', () => {
    for (const selector of ['p::before', 'a:focus', ':target', 'x-y:defined', 'input:placeholder-shown', ':scope > p', 'input:read-only']) {
      expect(selectorsNeedJsdom([selector], false)).toBe(true);
    }
  });

  it('ignores colons inside quoted strings and attribute selectors', () => {
    expect(selectorsNeedJsdom(['a[href="https://x.example/:focus"]', "p[title=':target']"], false)).toBe(false);
  });

  it('sends class and id selectors on a quirks-mode page to jsdom (browsers match them case-insensitively there)', () => {
    expect(selectorsNeedJsdom(['.Content'], true)).toBe(true);
    expect(selectorsNeedJsdom(['#main'], true)).toBe(true);
    expect(selectorsNeedJsdom(['article p'], true)).toBe(false);
  });

  it('rejects what a browser rejects, including what css-select would accept', () => {
    for (const selector of ['p >', '[1]', '', 'div[[', ':foo', 'a,']) {
      expect(() => assertValidSelector(selector)).toThrow(SyntaxError);
    }
    for (const selector of ['p::before', 'a:focus', 'li:nth-child(2 of .x)']) expect(() => assertValidSelector(selector)).not.toThrow();
  });

  it('matches exactly what jsdom matches for every pseudo-class it leaves on linkedom', () => {
    const linkedom = parseHtml(PAGE, 'https://site.example/').document;
    const jsdom = new JSDOM(PAGE, { virtualConsole: new VirtualConsole() }).window.document;
    const names = (document: Document, selector: string): string[] =>
      [...document.querySelectorAll(selector)].map((element) => `${element.localName}.${element.getAttribute('class') ?? ''}`);
    const selectors = [
      'p:not(.x)',
      ':is(h2, li).x',
      ':where(p) a',
      'div:has(> ul)',
      ':root',
      'p:empty',
      'li:first-child',
      'li:last-child',
      'h2:only-child',
      'li:nth-child(2n+1)',
      'li:nth-last-child(1)',
      'p:first-of-type',
      'p:last-of-type',
      'h2:only-of-type',
      'p:nth-of-type(2)',
      'p:nth-last-of-type(1)',
      'a:link',
      'a:any-link',
      'a:visited',
      'a:hover',
      'input:checked',
      'input:disabled',
      'input:enabled',
      'span:lang(fr)',
    ];
    for (const selector of selectors) {
      expect(selectorsNeedJsdom([selector], false)).toBe(false);
      expect({ selector, matches: names(linkedom, selector) }).toEqual({ selector, matches: names(jsdom, selector) });
    }
  });
});

describe('css-selectors: requests', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reports a selector a browser rejects as invalid, even though linkedom would run it', async () => {
    const { outputs, failures } = await buildOutputs(htmlDocument(PAGE), {
      output: ['json'],
      extract: { mode: 'selectors', fields: { bad: { selector: 'p >', type: 'text' }, good: { selector: 'li.x', type: 'text' } } },
    });
    expect(outputs.json).toEqual({ bad: null, good: '2' });
    expect(failures.map((failure) => failure.code)).toEqual(['invalid_selector']);
  });

  it('serves a selector with a browser-only pseudo-class from jsdom', async () => {
    const parse = jest.spyOn(dom, 'parseHtml');
    const { outputs, failures } = await buildOutputs(htmlDocument(PAGE), {
      output: ['json'],
      extract: { mode: 'selectors', fields: { defined: { selector: 'span:defined', type: 'text' } } },
    });
    expect(failures).toEqual([]);
    expect(outputs.json).toEqual({ defined: 'fr' });
    expect(parse.mock.calls.map((call) => call[2]?.engine ?? 'linkedom')).toEqual(['linkedom', 'jsdom']);
  });

  it('stays on linkedom for plain selectors', async () => {
    const parse = jest.spyOn(dom, 'parseHtml');
    await buildOutputs(htmlDocument(PAGE), { output: ['markdown'], excludeSelectors: ['section'], includeSelectors: ['#main'] });
    expect(parse.mock.calls.map((call) => call[2]?.engine ?? 'linkedom')).toEqual(['linkedom']);
  });

  it('matches class selectors case-insensitively on a quirks-mode page, as a browser does', async () => {
    const quirks = '<html><body><div class="content"><p>Kept paragraph.</p></div><p>Dropped paragraph.</p></body></html>';
    const { outputs } = await buildOutputs(htmlDocument(quirks), { output: ['markdown'], includeSelectors: ['.Content'] });
    expect(outputs.markdown).toBe('Kept paragraph.');
  });
});
