import { coerceError } from '../../errors';
import { resolveBackend, type SearchBackends, type SearchProvider } from './backends/backend-registry';
import type { BackendName, SearchHit } from './backends/search-backend';

/** What fetching one result page produced (the fetch surface's outputs, and whether some of them failed). */
export interface FetchedResult {
  outputs: Record<string, unknown>;
  /** Default "completed"; "partial" when some requested outputs failed (it makes the search partial too). */
  status?: 'completed' | 'partial';
}

export interface SearchRunInput {
  query: string;
  provider?: SearchProvider;
  maxResults: number;
  fetchResults: boolean;
  /** Fetches one result page with the request's output/extract, under the job's signal (bound by the caller). */
  fetchOne: (url: string) => Promise<FetchedResult>;
}

export interface SearchRunDeps {
  backends: SearchBackends;
  /** search.googleBackend */
  googleBackend: BackendName;
  tenant: string;
  signal?: AbortSignal;
  /** Result pages fetched at once (default 4): a search must not hit ten sites with ten sockets in one burst. */
  fetchConcurrency?: number;
}

/** One entry of the v1 SearchWorkflowResponse result.results: rank, title, url, snippet, then the fetch outcome. */
export interface SearchResultItem {
  rank: number;
  title: string;
  url: string;
  snippet: string;
  status?: 'completed' | 'partial' | 'failed';
  outputs?: Record<string, unknown>;
  error?: { code: string; message: string };
}

export interface SearchRun {
  results: SearchResultItem[];
  /** True when some result page failed, or gave only part of its outputs. */
  partial: boolean;
}

const DEFAULT_FETCH_CONCURRENCY = 4;

/** Asks the backend the provider resolves to, ranks its hits 1..n and, with fetchResults, fetches each page. */
export async function runSearch(input: SearchRunInput, deps: SearchRunDeps): Promise<SearchRun> {
  const backend = deps.backends[resolveBackend(input.provider, deps.googleBackend)];
  const hits = await backend.search(input.query, { maxResults: input.maxResults, tenant: deps.tenant, signal: deps.signal });
  const ranked = distinctByUrl(hits)
    .slice(0, input.maxResults)
    .map((hit, index): SearchResultItem => ({ rank: index + 1, title: hit.title, url: hit.url, snippet: hit.snippet }));
  if (!input.fetchResults) return { results: ranked, partial: false };

  const results = await mapBounded(ranked, deps.fetchConcurrency ?? DEFAULT_FETCH_CONCURRENCY, (item) => fetchItem(item, input.fetchOne, deps.signal));
  return { results, partial: results.some((item) => item.status !== 'completed') };
}

async function fetchItem(item: SearchResultItem, fetchOne: SearchRunInput['fetchOne'], signal: AbortSignal | undefined): Promise<SearchResultItem> {
  try {
    // Past the job's deadline or cancel, the pages not yet started fail with its reason instead of starting.
    if (signal?.aborted) throw signal.reason;
    const fetched = await fetchOne(item.url);
    return { ...item, status: fetched.status ?? 'completed', outputs: fetched.outputs };
  } catch (thrown) {
    const error = coerceError(thrown);
    return { ...item, status: 'failed', error: { code: error.code, message: error.message } };
  }
}

/** Engines repeat a URL (a site link and its sitelink); a result list shows each page once, at its best rank. */
function distinctByUrl(hits: SearchHit[]): SearchHit[] {
  const seen = new Set<string>();
  return hits.filter((hit) => {
    if (seen.has(hit.url)) return false;
    seen.add(hit.url);
    return true;
  });
}

/** `fn` over every item with at most `limit` calls in flight; results keep the items' order. */
async function mapBounded<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await fn(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
