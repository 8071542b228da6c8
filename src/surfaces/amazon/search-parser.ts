import { parseHtml } from '../../extract/dom/dom';
import { layoutChanged } from './amazon-page-guard';
import { parseCount, parsePrice, parseRating, textOf } from './amazon-text';

/** One product of the v1 AmazonSearchResponse `products`. */
export interface AmazonSearchProduct {
  position: number;
  asin: string | null;
  title: string | null;
  price: number | null;
  currency: string | null;
  rating: number | null;
  review_count: number | null;
  is_prime: boolean | null;
  is_sponsored: boolean | null;
  image: string | null;
  url: string;
}

export interface AmazonSearchPage {
  products: AmazonSearchProduct[];
  /** "1-48 of over 20,000 results": the total when the page states one. */
  numberOfResults: number | null;
  /** Whether the pager links a next page (false on the last page). */
  hasNext: boolean;
}

/** What the parser needs besides the HTML: the canonical origin for product URLs, and the marketplace currency. */
export interface SearchParseContext {
  canonicalOrigin: string;
  currency: string;
}

const NO_RESULTS = /No results for|did not match any products|Keine Ergebnisse für|Aucun résultat pour|Nessun risultato per|No hay resultados para/i;

/**
 * A search results page (/s?k=…): every `[data-component-type="s-search-result"]` card with a `data-asin`. A
 * page with neither cards nor Amazon's "No results for" message has a layout this parser does not know.
 */
export function parseSearchPage(html: string, context: SearchParseContext, what = 'Amazon search'): AmazonSearchPage {
  const { document } = parseHtml(html, context.canonicalOrigin);
  const cards = [...document.querySelectorAll('[data-component-type="s-search-result"]')].filter((card) => card.getAttribute('data-asin'));
  if (cards.length === 0) {
    const main = document.querySelector('.s-main-slot, #search, [data-component-type="s-result-info-bar"]');
    if (!main || !NO_RESULTS.test(textOf(document.body) ?? '')) throw layoutChanged(what, 'search result cards ([data-component-type="s-search-result"])');
  }
  const products = cards.map((card, index) => productOf(card, index + 1, context));
  if (cards.length > 0 && products.every((product) => product.title === null)) throw layoutChanged(what, 'result titles (h2)');
  return { products, numberOfResults: resultCount(document), hasNext: document.querySelector('a.s-pagination-next') !== null };
}

function productOf(card: Element, position: number, context: SearchParseContext): AmazonSearchProduct {
  const asin = card.getAttribute('data-asin') as string;
  // The visible title; the h2's aria-label repeats it, prefixed "Sponsored Ad - " on ads.
  const title =
    textOf(card.querySelector('h2 span')) ??
    textOf(card.querySelector('h2')) ??
    card
      .querySelector('h2')
      ?.getAttribute('aria-label')
      ?.replace(/^Sponsored Ad - /, '');
  const price = parsePrice(textOf(card.querySelector('.a-price:not([data-a-strike]) .a-offscreen')));
  const rating = parseRating(textOf(card.querySelector('.a-icon-star-small .a-icon-alt, .a-icon-star .a-icon-alt, [aria-label*="out of 5"]')) ?? undefined);
  const reviews = parseCount(
    card.querySelector('[aria-label$="ratings"], [aria-label$="rating"]')?.getAttribute('aria-label') ?? textOf(card.querySelector('.s-underline-text')),
  );
  const sponsored =
    card.classList.contains('AdHolder') ||
    card.querySelector('.puis-sponsored-label-text, .s-sponsored-label-text') !== null ||
    /\bSponsored\b/.test(textOf(card.querySelector('.puis-label-popover-default, .s-label-popover-default')) ?? '');
  const image = card.querySelector('img.s-image')?.getAttribute('src') ?? null;
  return {
    position,
    asin,
    title: title ?? null,
    price: price?.amount ?? null,
    currency: price ? (price.currency ?? context.currency) : null,
    rating: rating ?? null,
    review_count: reviews ?? null,
    is_prime: card.querySelector('.a-icon-prime, [aria-label="Amazon Prime"]') !== null,
    is_sponsored: sponsored,
    image,
    url: `${context.canonicalOrigin}/dp/${asin}`,
  };
}

/** "1-16 of over 10,000 results for": the total; "48 results for": the count. */
function resultCount(document: Document): number | null {
  const info = textOf(document.querySelector('[data-component-type="s-result-info-bar"] h1, [data-component-type="s-result-info-bar"], .s-breadcrumb'));
  const match = info && (/of (?:over |about )?([\d.,\s]+) results/i.exec(info) ?? /^([\d.,\s]+) results/i.exec(info));
  return match ? (parseCount(match[1]) ?? null) : null;
}
