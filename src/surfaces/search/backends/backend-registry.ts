import type { SearchHttp } from './backend-http';
import { BraveBackend } from './brave-backend';
import { DuckDuckGoBackend } from './duckduckgo-backend';
import { LocalBackend } from './local-backend';
import type { LocalIndex } from '../../../page-index/local-index';
import type { BackendName, SearchBackend } from './search-backend';
import { SearxngBackend } from './searxng-backend';

/** The `search` config section, as far as the backends need it (the lead passes `config.search`). */
export interface SearchBackendsOptions {
  /** search.requestTimeoutMs: one backend request, all hops and the body (the job's signal still applies). */
  requestTimeoutMs: number;
  duckduckgo?: { baseUrl?: string };
  searxng?: { baseUrl?: string };
  brave?: { baseUrl?: string; apiKey?: string };
}

export type SearchBackends = Readonly<Record<BackendName, SearchBackend>>;

/** `provider` of a search request: the v1 value, or (EXT) a backend named directly. */
export type SearchProvider = 'google' | BackendName;

/** Every backend, built once per process; one that is not configured fails on use with the config key to set. */
export function createSearchBackends(options: SearchBackendsOptions, http: SearchHttp, localIndex: LocalIndex): SearchBackends {
  const timeoutMs = options.requestTimeoutMs;
  return Object.freeze({
    duckduckgo: new DuckDuckGoBackend(http, { ...options.duckduckgo, timeoutMs }),
    searxng: new SearxngBackend(http, { ...options.searxng, timeoutMs }),
    brave: new BraveBackend(http, { ...options.brave, timeoutMs }),
    local: new LocalBackend(localIndex),
  });
}

/** v1's only provider, "google", is served by the backend config search.googleBackend names (default duckduckgo). */
export function resolveBackend(provider: SearchProvider | undefined, googleBackend: BackendName): BackendName {
  return provider === undefined || provider === 'google' ? googleBackend : provider;
}
