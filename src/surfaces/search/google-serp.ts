import { ScrapioError } from '../../errors';
import { resolveBackend, type SearchBackends } from './backends/backend-registry';
import type { BackendName } from './backends/search-backend';
import type { GoogleSearchQuery } from './google-input';

const RESULTS_PER_PAGE = 10;

export interface GoogleSerpDeps {
  backends: SearchBackends;
  /** search.googleBackend: who really answers "Google" on this server. */
  googleBackend: BackendName;
  tenant: string;
  signal?: AbortSignal;
}

/**
 * GET /v1/google/search, answered by the backend search.googleBackend names (DuckDuckGo by default), as
 * POST /v1/search's `provider: "google"` is: the v1 GoogleSearchSuccessResponse with `organic_results` for
 * result page `page` (ten a page) and `meta_data` saying which backend answered. The SERP's other blocks
 * (ads, news, maps, shopping, AI overviews) come from Google's own page, which no backend here reads, so the
 * search types made of them are refused rather than answered empty.
 */
export async function googleSerp(query: GoogleSearchQuery, deps: GoogleSerpDeps): Promise<Record<string, unknown>> {
  const searchType = query.search_type ?? 'classic';
  const backendName = resolveBackend('google', deps.googleBackend);
  if (searchType !== 'classic') {
    throw new ScrapioError(
      'invalid_request',
      `search_type: "${searchType}" is not available here: Google searches are answered by the ${backendName} backend (search.googleBackend), which gives classic web results only.`,
    );
  }
  const page = query.page ?? 1;
  const hits = await deps.backends[backendName].search(query.search, { maxResults: page * RESULTS_PER_PAGE, tenant: deps.tenant, signal: deps.signal });
  const seen = new Set<string>();
  const distinct = hits.filter((hit) => !seen.has(hit.url) && seen.add(hit.url));
  const onPage = distinct.slice((page - 1) * RESULTS_PER_PAGE, page * RESULTS_PER_PAGE);
  const offset = (page - 1) * RESULTS_PER_PAGE;
  const metaData: Record<string, unknown> = {
    query: query.search,
    search_type: searchType,
    page,
    backend: backendName,
    number_of_results: onPage.length,
  };
  for (const key of ['country_code', 'language', 'device', 'date_range'] as const) if (query[key] !== undefined) metaData[key] = query[key];
  return {
    meta_data: metaData,
    organic_results: onPage.map((hit, index) => ({
      position: offset + index + 1,
      title: hit.title,
      url: hit.url,
      displayed_url: displayedUrl(hit.url),
      snippet: hit.snippet,
    })),
  };
}

/** "example.com › docs › page": the breadcrumb Google shows under a result's title. */
function displayedUrl(url: string): string {
  const parsed = new URL(url);
  const segments = parsed.pathname.split('/').filter(Boolean);
  return [parsed.hostname.replace(/^www\./, ''), ...segments].join(' › ');
}
