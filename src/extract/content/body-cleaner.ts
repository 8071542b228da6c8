import { collapsedLength } from '../dom/whitespace';

/** Never content: code, styling, embedded documents, controls (by localName). */
const NON_CONTENT = new Set([
  'script',
  'style',
  'template',
  'link',
  'meta',
  'svg',
  'canvas',
  'iframe',
  'frame',
  'object',
  'embed',
  'audio',
  'video',
  'source',
  'track',
]);

/**
 * Page furniture that is never the article (checkboxes stay: they are the state of task lists). Forms, headers,
 * footers and landmarks go through the guards of removeBoilerplate.
 */
const BOILERPLATE_ALWAYS = 'nav, aside, button, select, input:not([type="checkbox"]), textarea, label, dialog';
const BOILERPLATE_GUARDED =
  'form, header, footer, [role="navigation"], [role="banner"], [role="contentinfo"], [role="complementary"], [role="search"], [role="dialog"], [role="alertdialog"], [aria-modal="true"]';

/** Class or id words of cookie banners, share widgets, newsletters, ads and the like. */
const BOILERPLATE_WORDS =
  /(?:^|[^a-z0-9])(?:cookies?|consent|gdpr|share|sharing|sharebar|social|newsletter|subscribe|subscription|advert\w*|ads?|adslot|sponsor\w*|promo|popup|modal|breadcrumbs?|skip|sr-only|visually-hidden|screen-reader-text)(?:$|[^a-z0-9])/;

const HIDDEN_STYLE = /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)\s*(?:!important\s*)?(?:;|$)/i;

/** Inside these, a header or footer belongs to the article (its title, byline or notes), and they are never removed. */
const ARTICLE_CONTAINER = 'article, main, [role="main"]';

/**
 * An element holding more than this share of the page's text is never removed by a heuristic: some pages wrap
 * everything in a `<form>` (ASP.NET) or mark the whole page hidden until a script runs.
 */
const MAX_REMOVED_SHARE = 0.5;

/** Removes what is never readable content: scripts, styles, embeds, hidden nodes; unwraps `<noscript>` images. */
export function removeNonContent(root: Element): void {
  // One walk instead of three querySelectorAll passes (each a selector compile and a full-tree match on linkedom).
  const noscripts: Element[] = [];
  const maybeHidden: Element[] = [];
  const walk = (parent: Node): void => {
    let child = parent.firstChild;
    while (child) {
      const next = child.nextSibling;
      if (child.nodeType === 1) {
        const element = child as Element;
        if (NON_CONTENT.has(element.localName)) {
          element.remove();
        } else {
          if (element.localName === 'noscript') noscripts.push(element);
          if (element.hasAttribute('hidden') || element.hasAttribute('aria-hidden') || element.hasAttribute('style')) maybeHidden.push(element);
          walk(element);
        }
      }
      child = next;
    }
  };
  walk(root);
  unwrapNoscripts(noscripts);
  // Measured before the first removal, and only when there is one to weigh (most pages hide nothing).
  let total: number | undefined;
  // root.contains: a candidate may have gone with an unwrapped noscript or a hidden ancestor.
  for (const element of maybeHidden) {
    if (isHidden(element) && root.contains(element) && !holdsPage(element, (total ??= textLength(root)))) element.remove();
  }
}

/** Removes navigation, page header and footer, asides, forms, banners, share and cookie widgets, ads. */
export function removeBoilerplate(root: Element): void {
  for (const element of root.querySelectorAll(BOILERPLATE_ALWAYS)) element.remove();
  const total = textLength(root);
  const removeGuarded = (element: Element): void => {
    const holdsArticle = element.matches(ARTICLE_CONTAINER) || element.querySelector(ARTICLE_CONTAINER) !== null;
    if (root.contains(element) && !holdsArticle && !holdsPage(element, total)) element.remove();
  };
  for (const element of root.querySelectorAll(BOILERPLATE_GUARDED)) {
    const headerOrFooter = element.localName === 'header' || element.localName === 'footer';
    if (!(headerOrFooter && element.parentElement?.closest(ARTICLE_CONTAINER))) removeGuarded(element);
  }
  for (const element of root.querySelectorAll('[class], [id]')) {
    if (hasBoilerplateName(element)) removeGuarded(element);
  }
}

/** Length of the element's text with whitespace collapsed: the measure of how much a reader would see. */
export function textLength(element: Element): number {
  return collapsedLength(element.textContent ?? '');
}

/**
 * Without scripting, `<noscript>` content is real markup. Lazy-image pages put the real `<img>` there, after a
 * placeholder: keep the noscript's images in place of the placeholder. The rest of a noscript is a "please enable
 * JavaScript" notice or a consent wall, never the article (Readability drops noscripts too).
 */
function unwrapNoscripts(noscripts: Element[]): void {
  for (const noscript of noscripts) {
    const images = [...noscript.querySelectorAll('img')];
    const placeholder = noscript.previousElementSibling;
    if (images.length > 0 && placeholder?.localName === 'img') placeholder.remove();
    noscript.replaceWith(...images);
  }
}

function isHidden(element: Element): boolean {
  return element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true' || HIDDEN_STYLE.test(element.getAttribute('style') ?? '');
}

function hasBoilerplateName(element: Element): boolean {
  // Long names are slugs of headings ("sharing-with-a-single-developer"), not widget names ("share-buttons").
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`
    .split(/\s+/)
    .filter((name) => name.split(/[-_]/).length <= 3)
    .join(' ');
  // camelCase words (shareButtons, cookieBanner) become separate words before matching.
  return BOILERPLATE_WORDS.test(names.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase());
}

function holdsPage(element: Element, total: number): boolean {
  return total > 0 && textLength(element) > total * MAX_REMOVED_SHARE;
}
