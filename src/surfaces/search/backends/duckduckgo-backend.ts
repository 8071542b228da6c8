import { ScrapioError } from '../../../errors';
import { parseHtml } from '../../../extract/dom/dom';
import { getFromBackend, type SearchHttp } from './backend-http';
import { markedText, plainText } from './marked-text';
import type { SearchBackend, SearchHit, SearchOptions } from './search-backend';

export interface DuckDuckGoOptions {
  /** search.duckduckgo.baseUrl: where the keyless HTML results page lives. */
  baseUrl?: string;
  timeoutMs: number;
}

const DUCKDUCKGO_BASE_URL = 'https://html.duckduckgo.com';

/**
 * DuckDuckGo's keyless HTML results page (the no-JavaScript version): one page of results, parsed from its
 * markup. The markup is not an API, so a page this parser does not recognise is an error, never "no results".
 */
export class DuckDuckGoBackend implements SearchBackend {
  readonly name = 'duckduckgo';
  readonly #http: SearchHttp;
  readonly #options: DuckDuckGoOptions;

  constructor(http: SearchHttp, options: DuckDuckGoOptions) {
    this.#http = http;
    this.#options = options;
  }

  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const url = new URL('/html/', this.#options.baseUrl ?? DUCKDUCKGO_BASE_URL);
    url.searchParams.set('q', query);
    const document = await getFromBackend(this.#http, {
      backend: this.name,
      url: url.href,
      timeoutMs: this.#options.timeoutMs,
      signal: options.signal,
      baseUrlKey: 'search.duckduckgo.baseUrl',
    });
    return parseResultsPage(document.text ?? '', document.finalUrl).slice(0, options.maxResults);
  }
}

function parseResultsPage(html: string, pageUrl: string): SearchHit[] {
  const parsed = parseHtml(html, pageUrl);
  try {
    const { document } = parsed;
    // Its bot check: answered instead of results when DuckDuckGo distrusts the client.
    if (document.querySelector('.anomaly-modal, #challenge-form')) {
      throw new ScrapioError('target_blocked', 'DuckDuckGo answered with its bot challenge instead of results; retry later or use another provider.', {
        blocked: true,
        retryable: true,
      });
    }
    const organic = [...document.querySelectorAll('.result')].filter((block) => !isAd(block) && !block.querySelector('.no-results'));
    const hits = organic.map((block) => toHit(block, pageUrl)).filter((hit): hit is SearchHit => hit !== undefined);
    if (hits.length > 0) return hits;
    if (organic.length === 0 && document.querySelector('.no-results, .result')) return []; // "No results." or ads only
    throw new ScrapioError(
      'extraction_failed',
      `The duckduckgo results page layout was not recognised (${organic.length} result blocks, none with a .result__a link); ` +
        'DuckDuckGo may have changed its HTML: use another provider until scrapio-server is updated.',
    );
  } finally {
    parsed.close();
  }
}

function isAd(block: Element): boolean {
  const href = block.querySelector('.result__a')?.getAttribute('href') ?? '';
  return block.classList.contains('result--ad') || /\/y\.js\?/.test(href);
}

function toHit(block: Element, pageUrl: string): SearchHit | undefined {
  const link = block.querySelector('a.result__a');
  const url = link && targetUrl(link.getAttribute('href') ?? '', pageUrl);
  if (!link || !url) return undefined;
  const snippet = block.querySelector('.result__snippet');
  return { url, title: plainText(link.innerHTML), snippet: snippet ? markedText(snippet.innerHTML) : '' };
}

/** Result links go through DuckDuckGo's redirector (`//duckduckgo.com/l/?uddg=<target>&rut=…`): keep the target. */
function targetUrl(href: string, pageUrl: string): string | undefined {
  if (!URL.canParse(href, pageUrl)) return undefined;
  let url = new URL(href, pageUrl);
  const wrapped = url.pathname === '/l/' ? url.searchParams.get('uddg') : null;
  if (wrapped !== null) {
    if (!URL.canParse(wrapped)) return undefined;
    url = new URL(wrapped);
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
}
