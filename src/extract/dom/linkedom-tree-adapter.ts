import { html as parse5Html, parse, parseFragment, type Token, type TreeAdapter, type TreeAdapterTypeMap } from 'parse5';

type NS = parse5Html.NS;

/** The node types parse5 builds, as the DOM types linkedom's nodes implement. */
export type LinkedomTreeMap = TreeAdapterTypeMap<
  Node,
  ParentNode & Node,
  ChildNode,
  Document,
  DocumentFragment,
  Element,
  Comment,
  Text,
  HTMLTemplateElement,
  DocumentType
>;

const HTML_NS = 'http://www.w3.org/1999/xhtml' as NS;
const SVG_NS = 'http://www.w3.org/2000/svg' as NS;

/**
 * parse5 asks an element's namespace at almost every step of tree construction. linkedom makes MathML elements
 * plain HTML elements, so its `namespaceURI` cannot answer; the namespace parse5 created the element with is kept
 * on the element under this key.
 */
const NAMESPACE = Symbol('parse5 namespace');
type Tagged = Element & { [NAMESPACE]?: NS };

/** linkedom has the factory on the document itself (it has no `document.implementation`). */
interface DoctypeFactory {
  createDocumentType(name: string, publicId: string, systemId: string): DocumentType;
}

/** Document modes live beside the document: linkedom has no quirks mode of its own. */
const documentModes = new WeakMap<Document, parse5Html.DOCUMENT_MODE>();

/** The documents parseIntoLinkedom built (readability-article.ts patches their innerHTML setter, not jsdom's). */
const builtDocuments = new WeakSet<Document>();

export function isBuiltByParse5(document: Document): boolean {
  return builtDocuments.has(document);
}

const qualifiedName = (attribute: Token.Attribute): string => (attribute.prefix ? `${attribute.prefix}:${attribute.name}` : attribute.name);

/**
 * `text`, made contiguous in memory. parse5 builds text and attribute values a character at a time with `+=`,
 * which V8 keeps as a rope (a tree of the pieces) until something needs the characters in a row; reads that only
 * concatenate do not, and walk the whole rope again each time: linkedom's `textContent` of a page body took ten
 * times longer on the ropes than on flat strings (and Readability, turndown and the cleaners read it dozens of
 * times per page). Converting a string to a number makes V8 flatten it in place, once (the `flatstr` trick); the
 * number is thrown away.
 */
export function flatString(text: string): string {
  Number(text);
  return text;
}

/**
 * Parses `html` (a whole document) with parse5 into `owner`, an empty linkedom HTML document, and returns it.
 * parse5 does the spec's tokenizing and tree construction (implied html/head/body, lowercased names, misnested
 * and foster-parented markup repaired, `<template>` content in its fragment); the adapter below builds linkedom
 * nodes directly, so there is no intermediate tree and no second parse.
 */
export function parseIntoLinkedom(html: string, owner: Document): Document {
  const adapter = linkedomTreeAdapter(owner);
  parse(html, { treeAdapter: adapter, scriptingEnabled: false });
  adapter.flushText();
  builtDocuments.add(owner);
  return owner;
}

/**
 * Parses `html` as the content of `context` (an element of `owner`), the way `innerHTML` does in a browser, into a
 * linkedom fragment of `owner`.
 */
export function parseFragmentIntoLinkedom(html: string, context: Element, owner: Document): DocumentFragment {
  const adapter = linkedomTreeAdapter(owner);
  const fragment = parseFragment(context, html, { treeAdapter: adapter, scriptingEnabled: false });
  adapter.flushText();
  return fragment;
}

/**
 * The tree adapter. parse5 hands text over in runs (a word, the space after it, the next word...), and the spec
 * merges adjacent runs into one node: the adapter gathers a parent's runs in a string and creates or extends the
 * text node once, when any other tree operation comes (or at the end, `flushText`). Appending to a linkedom text
 * node run by run cost about a tenth of the parse.
 */
function linkedomTreeAdapter(owner: Document): TreeAdapter<LinkedomTreeMap> & { flushText(): void } {
  let pendingParent: (ParentNode & Node) | null = null;
  let pendingText = '';
  const flushText = (): void => {
    if (pendingParent === null) return;
    const last = pendingParent.lastChild;
    if (last?.nodeType === 3) (last as Text).data = flatString((last as Text).data + pendingText);
    else pendingParent.appendChild(owner.createTextNode(flatString(pendingText)));
    pendingParent = null;
    pendingText = '';
  };
  const insertTextBefore = (parent: ParentNode & Node, text: string, reference: Node): void => {
    flushText();
    const previous = reference.previousSibling;
    if (previous?.nodeType === 3) (previous as Text).data = flatString((previous as Text).data + text);
    else parent.insertBefore(owner.createTextNode(flatString(text)), reference);
  };

  return {
    flushText,
    createDocument: () => owner,
    createDocumentFragment: () => owner.createDocumentFragment(),

    createElement(tagName, namespaceURI, attrs) {
      const element: Tagged = namespaceURI === SVG_NS ? owner.createElementNS(SVG_NS, tagName) : owner.createElement(tagName);
      element[NAMESPACE] = namespaceURI;
      // linkedom puts a new attribute first: setting them last to first keeps the source order.
      for (let i = attrs.length - 1; i >= 0; i--) element.setAttribute(qualifiedName(attrs[i]), flatString(attrs[i].value));
      return element;
    },
    createCommentNode: (data) => owner.createComment(data),
    createTextNode: (value) => owner.createTextNode(flatString(value)),

    appendChild(parent, node) {
      flushText();
      parent.appendChild(node);
    },
    insertBefore(parent, node, reference) {
      flushText();
      parent.insertBefore(node, reference);
    },
    detachNode(node) {
      flushText();
      node.remove();
    },
    insertText(parent, text) {
      if (pendingParent !== parent) {
        flushText();
        pendingParent = parent;
      }
      pendingText += text;
    },
    insertTextBefore,

    // parse5 fills a template's content fragment; linkedom's `content` getter returns that same fragment.
    getTemplateContent: (template) => template.content,
    setTemplateContent: () => {
      // linkedom creates each template's fragment with the element.
    },

    setDocumentType(document, name, publicId, systemId) {
      flushText();
      const doctype = (owner as Document & DoctypeFactory).createDocumentType(name, publicId, systemId);
      const existing = document.doctype;
      if (existing) existing.replaceWith(doctype);
      else document.insertBefore(doctype, document.firstChild);
    },
    setDocumentMode(document, mode) {
      documentModes.set(document, mode);
      // The standard way to ask (css-selectors.ts does: quirks mode changes how class selectors match).
      const compatMode = mode === parse5Html.DOCUMENT_MODE.QUIRKS ? 'BackCompat' : 'CSS1Compat';
      Object.defineProperty(document, 'compatMode', { value: compatMode, configurable: true });
    },
    getDocumentMode: (document) => documentModes.get(document) ?? parse5Html.DOCUMENT_MODE.NO_QUIRKS,

    adoptAttributes(recipient, attrs) {
      // A second <html> or <body> start tag adds the attributes the element does not have yet.
      for (const attribute of attrs) {
        const name = qualifiedName(attribute);
        if (!recipient.hasAttribute(name)) recipient.setAttribute(name, flatString(attribute.value));
      }
    },
    getAttrList: (element) => Array.from(element.attributes, (attribute) => ({ name: attribute.name, value: attribute.value })),

    getFirstChild(node) {
      flushText();
      return node.firstChild as ChildNode | null;
    },
    getChildNodes(node) {
      flushText();
      return Array.from(node.childNodes);
    },
    getParentNode(node) {
      flushText();
      return node.parentNode;
    },
    getTagName: (element) => element.localName,
    getNamespaceURI: (element) => (element as Tagged)[NAMESPACE] ?? HTML_NS,
    getTextNodeContent: (text) => text.data,
    getCommentNodeContent: (comment) => comment.data,
    getDocumentTypeNodeName: (doctype) => doctype.name,
    getDocumentTypeNodePublicId: (doctype) => doctype.publicId,
    getDocumentTypeNodeSystemId: (doctype) => doctype.systemId,

    isTextNode: (node): node is Text => node.nodeType === 3,
    isCommentNode: (node): node is Comment => node.nodeType === 8,
    isDocumentTypeNode: (node): node is DocumentType => node.nodeType === 10,
    isElementNode: (node): node is Element => node.nodeType === 1,

    // Source locations are not requested (sourceCodeLocationInfo is off).
    setNodeSourceCodeLocation: () => undefined,
    getNodeSourceCodeLocation: () => undefined,
    updateNodeSourceCodeLocation: () => undefined,
  };
}
