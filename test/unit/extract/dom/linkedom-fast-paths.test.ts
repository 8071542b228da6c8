import { dirname, join } from 'node:path';
import { parseHtml } from '../../../../src/extract/dom/dom';
import { installLinkedomFastPaths, withReadabilityShortcuts } from '../../../../src/extract/dom/linkedom-fast-paths';
import { flatString } from '../../../../src/extract/dom/linkedom-tree-adapter';

// linkedom's own members, taken before the fast paths replace them (this file's module registry is its own).
const root = dirname(require.resolve('linkedom'));
const parentNodePrototype = (require(join(root, 'mixin/parent-node.js')) as { ParentNode: { prototype: object } }).ParentNode.prototype;
const elementPrototype = (require(join(root, 'interface/element.js')) as { Element: { prototype: object } }).Element.prototype;
const linkedom = {
  tagName: Object.getOwnPropertyDescriptor(elementPrototype, 'tagName')?.get as (this: Element) => string,
  nodeName: Object.getOwnPropertyDescriptor(elementPrototype, 'nodeName')?.get as (this: Element) => string,
  style: Object.getOwnPropertyDescriptor(elementPrototype, 'style')?.get as (this: Element) => CSSStyleDeclaration,
  innerHTML: Object.getOwnPropertyDescriptor(elementPrototype, 'innerHTML')?.get as (this: Element) => string,
  getElementsByTagName: Reflect.get(parentNodePrototype, 'getElementsByTagName') as (this: ParentNode, name: string) => Element[],
  querySelectorAll: Reflect.get(parentNodePrototype, 'querySelectorAll') as (this: ParentNode, selectors: string) => Element[],
};

const PAGE = `<!doctype html><html><head><title>T</title></head><body>
  <div id="a" class="x"><p>One <b>two</b></p><H2>Head</H2><template><p>inside a template</p></template>
  <svg><foreignObject><p>in svg</p></foreignObject><clipPath id="c"></clipPath></svg>
  <table><tr><td>cell</td></tr></table><span style="display: none">hidden</span><p hidden>gone</p></div>
  <ul><li><a href="/x">x</a></li><li><a>y</a></li></ul></body></html>`;

function page(): Document {
  const document = parseHtml(PAGE, 'https://site.example/').document;
  // Elements made by script, as Readability makes them: linkedom keeps the upper-case local name.
  const made = document.createElement('DIV');
  made.appendChild(document.createElement('P'));
  document.body.appendChild(made);
  return document;
}

describe('linkedom fast paths', () => {
  beforeAll(() => installLinkedomFastPaths());

  it("are installed on linkedom's prototypes", () => {
    expect(Reflect.get(parentNodePrototype, 'querySelectorAll')).not.toBe(linkedom.querySelectorAll);
    expect(Reflect.get(parentNodePrototype, 'getElementsByTagName')).not.toBe(linkedom.getElementsByTagName);
    expect(Object.getOwnPropertyDescriptor(elementPrototype, 'tagName')?.get).not.toBe(linkedom.tagName);
  });

  it('give the same tagName and nodeName as linkedom, for every element', () => {
    const document = page();
    const elements = linkedom.querySelectorAll.call(document.documentElement, '*');
    expect(elements.length).toBeGreaterThan(20);
    for (const element of elements) {
      expect(element.tagName).toBe(linkedom.tagName.call(element));
      expect(element.nodeName).toBe(linkedom.nodeName.call(element));
    }
  });

  it('find the same elements by tag name as linkedom, in either case', () => {
    const document = page();
    for (const name of ['p', 'P', 'div', 'DIV', 'h2', 'H2', 'a', 'foreignObject', 'clipPath', 'CLIPPATH', 'svg', 'td', 'nothing', '*']) {
      for (const context of [document.body, document.documentElement, document.querySelector('#a') as Element]) {
        expect(context.getElementsByTagName(name)).toEqual(linkedom.getElementsByTagName.call(context, name));
      }
    }
  });

  it('select the same elements as linkedom for lists of tag names, and leave other selectors to it', () => {
    const document = page();
    const selectors = [
      'p',
      'P',
      'h1,h2,h3',
      'H1, H2 ,h3',
      'div',
      'foreignobject',
      'clippath',
      'td,th',
      'a',
      'li > a',
      '#a p',
      'p:not([hidden])',
      'span[style]',
    ];
    for (const selector of selectors) {
      for (const context of [document.body, document.querySelector('#a') as Element]) {
        expect(context.querySelectorAll(selector)).toEqual(linkedom.querySelectorAll.call(context, selector));
      }
      expect([...document.querySelectorAll(selector)]).toEqual([...linkedom.querySelectorAll.call(document.documentElement, selector)]);
    }
    // As linkedom's: the content of a template is not searched.
    expect([...document.querySelectorAll('p')].map((p) => p.textContent)).not.toContain('inside a template');
  });
});

describe('withReadabilityShortcuts', () => {
  it('gives display and visibility as linkedom does, with or without a style attribute', () => {
    const document = page();
    const elements = [...document.body.querySelectorAll<HTMLElement>('*')];
    const expected = elements.map((element) => [linkedom.style.call(element).display, linkedom.style.call(element).visibility]);
    const seen = withReadabilityShortcuts(() => elements.map((element) => [element.style.display, element.style.visibility]));
    expect(seen).toEqual(expected);
    expect(seen).toContainEqual(['none', '']);
  });

  it('reads the innerHTML of a detached element as empty, only while it runs', () => {
    const document = page();
    const detached = document.createElement('div');
    detached.innerHTML = '<p>text</p>';
    const inTree = document.querySelector('#a') as Element;
    const [detachedHtml, inTreeHtml] = withReadabilityShortcuts(() => [detached.innerHTML, inTree.innerHTML]);
    expect(detachedHtml).toBe('');
    expect(inTreeHtml).toBe(linkedom.innerHTML.call(inTree));
    expect(detached.innerHTML).toBe('<p>text</p>');
  });

  it('restores the ordinary accessors when the call throws', () => {
    const document = page();
    const detached = document.createElement('div');
    detached.innerHTML = '<i>kept</i>';
    expect(() =>
      withReadabilityShortcuts(() => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(detached.innerHTML).toBe('<i>kept</i>');
  });
});

describe('flatString', () => {
  it('returns the same string', () => {
    let built = '';
    for (let i = 0; i < 100; i++) built += String.fromCharCode(97 + (i % 26));
    expect(flatString(built)).toBe(built);
    expect(flatString('')).toBe('');
    expect(flatString('42')).toBe('42');
  });
});
