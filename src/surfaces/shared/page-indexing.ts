import type { Config } from '../../config/config-schema';
import type { Clock } from '../../lib/clock';
import { expiresAt } from '../../lib/ttl';
import type { IndexEntry, LocalIndex } from '../../page-index/local-index';

export interface PageIndexingServices {
  /** Full-text index of every page fetched, per tenant (the `local` search backend). */
  localIndex: LocalIndex;
  clock: Clock;
  config: Config;
}

type IndexingContext = { services: PageIndexingServices; tenant: string };

/** Adds a page to the tenant's local search index; it expires with the job's results. */
export async function indexPage(context: IndexingContext, url: string, page: { title: string; text: string }): Promise<void> {
  const entry = searchIndexEntry(context, url, page);
  await context.services.localIndex.index(context.tenant, entry.page, entry.fetchedAt, entry.expiresAt);
}

/** A fetched page as the local search index keeps it: searchable as long as the job's result is kept. */
export function searchIndexEntry(context: IndexingContext, url: string, page: { title: string; text: string }): IndexEntry {
  const now = context.services.clock.now();
  return { page: { url, title: page.title, text: page.text }, fetchedAt: now, expiresAt: expiresAt(now, context.services.config.retention.resultTtlSeconds) };
}
