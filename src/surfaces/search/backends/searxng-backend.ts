import { ScrapioError } from '../../../errors';
import { backendJson, getFromBackend, type SearchHttp } from './backend-http';
import { toHits } from './json-hits';
import type { SearchBackend, SearchHit, SearchOptions } from './search-backend';

export interface SearxngOptions {
  /** search.searxng.baseUrl: the user's own instance; there is no public default. */
  baseUrl?: string;
  timeoutMs: number;
}

/** The JSON API of a SearXNG instance (`format=json` must be enabled in its settings.yml `search.formats`). */
export class SearxngBackend implements SearchBackend {
  readonly name = 'searxng';
  readonly #http: SearchHttp;
  readonly #options: SearxngOptions;

  constructor(http: SearchHttp, options: SearxngOptions) {
    this.#http = http;
    this.#options = options;
  }

  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    if (!this.#options.baseUrl) {
      throw new ScrapioError(
        'invalid_request',
        'The searxng provider is not configured: set search.searxng.baseUrl (the URL of your SearXNG instance) in scrapio.config.json, or choose another provider.',
      );
    }
    const url = new URL('search', withTrailingSlash(this.#options.baseUrl));
    url.searchParams.set('q', query);
    url.searchParams.set('format', 'json');
    const document = await getFromBackend(this.#http, {
      backend: this.name,
      url: url.href,
      headers: { accept: 'application/json' },
      timeoutMs: this.#options.timeoutMs,
      signal: options.signal,
      baseUrlKey: 'search.searxng.baseUrl',
      // SearXNG answers 403 when json is missing from search.formats: say so instead of a bare "refused".
      refusalHint: 'enable the json format in the instance settings.yml (search.formats: [html, json])',
    });
    const body = backendJson(this.name, document) as { results?: unknown } | null;
    return toHits(this.name, 'results', body?.results, { snippetKey: 'content', html: false }).slice(0, options.maxResults);
  }
}

/** An instance served under a path (https://host/searx) keeps it: new URL('search', base) resolves against the last slash. */
function withTrailingSlash(baseUrl: string): string {
  return baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
}
