import { coerceError } from '../../errors';
import type { ViewContext } from '../surface';
import type { SitePageStore, StoredSitePage } from './site-page-store';

/** What one fetched result page gives the crawl: its items, what it said, and whether the site has a page after it. */
export interface FetchedRangePage<Item, Meta> {
  items: Item[];
  meta: Meta;
  hasNext: boolean;
}

export interface PageRangeCrawl<Item, Meta> {
  jobId: string;
  startPage: number;
  endPage: number;
  store: SitePageStore;
  signal: AbortSignal;
  now: () => number;
  fetchPage(page: number, signal: AbortSignal): Promise<FetchedRangePage<Item, Meta>>;
  /** After each stored page (progress, SSE events). */
  onPage?(page: number, items: number): Promise<void> | void;
}

export interface PageRangeOutcome {
  /** Set when a later page failed for good: the pages before it are the result. */
  stopped?: { page: number; code: string; message: string };
}

/** `hasNext` is stored in each page's meta under this key, so a resumed crawl knows whether the site had more. */
const HAS_NEXT = '__has_next';

/**
 * A marketplace search crawl over pages start_page..end_page, where the site numbers its pages (Amazon,
 * Walmart): each page is stored as soon as it is read, so a restarted job (crash, shutdown, a retry) resumes
 * with the first page not stored and never reads a stored page again. The crawl ends early after a page
 * the site says is its last.
 *
 * A failure on the first page, a retryable failure (the worker retries, and the retry resumes), cancel and
 * timeout are thrown; a later page that fails for good ends the crawl with the pages so far and `stopped`.
 */
export async function crawlPageRange<Item, Meta extends Record<string, unknown>>(crawl: PageRangeCrawl<Item, Meta>): Promise<PageRangeOutcome> {
  const stored = await crawl.store.pages<Item, Meta>(crawl.jobId);
  const last = stored.at(-1);
  if (last && last.meta[HAS_NEXT] === false) return {};
  let page = last ? last.page + 1 : crawl.startPage;
  for (; page <= crawl.endPage; page += 1) {
    let fetched: FetchedRangePage<Item, Meta>;
    try {
      fetched = await crawl.fetchPage(page, crawl.signal);
    } catch (thrown) {
      const error = coerceError(thrown);
      if (crawl.signal.aborted || error.retryable || page === crawl.startPage) throw thrown;
      return { stopped: { page, code: error.code, message: error.message } };
    }
    const record: StoredSitePage = { page, items: fetched.items, meta: { ...fetched.meta, [HAS_NEXT]: fetched.hasNext } };
    await crawl.store.save(crawl.jobId, record, crawl.now());
    await crawl.onPage?.(page, fetched.items.length);
    if (!fetched.hasNext) break;
  }
  return {};
}

/** A stored page's meta without the crawl's own bookkeeping. */
export function pageMeta<Meta extends Record<string, unknown>>(page: StoredSitePage<unknown, Meta>): Meta {
  const { [HAS_NEXT]: _hasNext, ...meta } = page.meta;
  return meta as Meta;
}

/**
 * A marketplace crawl's `result` as GET /v1/jobs/{id}/result shows it: EXT ?offset=&limit= pages its products
 * array (with `next`), and a crawl that stopped early says where in `diagnostics.stopped` (EXT).
 */
export function crawlResult(result: Record<string, unknown>, stopped: PageRangeOutcome['stopped'], view: Pick<ViewContext, 'paging' | 'nextPageUrl'>) {
  if (view.paging) {
    const { offset, limit } = view.paging;
    const products = result.products as unknown[];
    result.products = products.slice(offset, offset + limit);
    result.next = offset + limit < products.length && view.nextPageUrl ? view.nextPageUrl(offset + limit, limit) : null;
  }
  if (stopped) result.diagnostics = { stopped };
  return { result };
}
