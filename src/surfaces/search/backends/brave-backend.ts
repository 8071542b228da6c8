import { ScrapioError } from '../../../errors';
import { backendJson, getFromBackend, type SearchHttp } from './backend-http';
import { toHits } from './json-hits';
import type { SearchBackend, SearchHit, SearchOptions } from './search-backend';

export interface BraveOptions {
  /** search.brave.baseUrl (tests point it at a fixture server). */
  baseUrl?: string;
  /** search.brave.apiKey: the subscription token of a Brave Search API plan. */
  apiKey?: string;
  timeoutMs: number;
}

const BRAVE_BASE_URL = 'https://api.search.brave.com';
/** The API's own upper bound on `count`. */
const BRAVE_MAX_COUNT = 20;

/** The Brave Search API's web search (https://api-dashboard.search.brave.com/app/documentation/web-search). */
export class BraveBackend implements SearchBackend {
  readonly name = 'brave';
  readonly #http: SearchHttp;
  readonly #options: BraveOptions;

  constructor(http: SearchHttp, options: BraveOptions) {
    this.#http = http;
    this.#options = options;
  }

  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const { apiKey } = this.#options;
    if (!apiKey) {
      throw new ScrapioError(
        'invalid_request',
        'The brave provider is not configured: set search.brave.apiKey (a Brave Search API subscription token) in scrapio.config.json, or choose another provider.',
      );
    }
    const url = new URL('/res/v1/web/search', this.#options.baseUrl ?? BRAVE_BASE_URL);
    url.searchParams.set('q', query);
    url.searchParams.set('count', String(Math.min(options.maxResults, BRAVE_MAX_COUNT)));
    const document = await getFromBackend(this.#http, {
      backend: this.name,
      url: url.href,
      headers: { accept: 'application/json', 'x-subscription-token': apiKey },
      timeoutMs: this.#options.timeoutMs,
      signal: options.signal,
      baseUrlKey: 'search.brave.baseUrl',
      refusalHint: 'check search.brave.apiKey and the plan it belongs to',
    });
    const body = backendJson(this.name, document) as { type?: unknown; web?: { results?: unknown } } | null;
    // Brave leaves out the whole `web` section when nothing matched; a body that is not a search answer at all is an error.
    if (body?.type === 'search' && body.web === undefined) return [];
    return toHits(this.name, 'web.results', body?.web?.results, { snippetKey: 'description', html: true }).slice(0, options.maxResults);
  }
}
