import type { LocalIndex } from '../../../page-index/local-index';
import type { SearchBackend, SearchHit, SearchOptions } from './search-backend';

/** The local full-text index as a search backend: the tenant's own fetched pages, offline. */
export class LocalBackend implements SearchBackend {
  readonly name = 'local';
  readonly #index: LocalIndex;

  constructor(index: LocalIndex) {
    this.#index = index;
  }

  async search(query: string, options: SearchOptions): Promise<SearchHit[]> {
    const hits = await this.#index.search(options.tenant, query, options.maxResults);
    // A page without a <title> still needs a title in the v1 response.
    return hits.map((hit) => ({ url: hit.url, title: hit.title || hit.url, snippet: hit.snippet }));
  }
}
