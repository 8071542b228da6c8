import { sql } from 'kysely';
import type { Clock } from '../lib/clock';
import type { Db } from '../db/database';
import { toFtsQuery } from './fts-query';

/**
 * The local search index over the pages this server fetched, crawled or rendered, per tenant: SQLite FTS5
 * with BM25 ranking. This module is the SQLite dialect piece of search: MATCH, rank, bm25() and snippet()
 * exist only here. Matched terms in snippets are marked **like this** (Markdown bold), the marker the web
 * backends use too.
 */

export interface IndexedPage {
  url: string;
  title: string;
  /** The page's main text (plain text or Markdown). */
  text: string;
}

/** A page as it goes into the index: searchable until `expiresAt` (null: until the URL is indexed again). */
export interface IndexEntry {
  page: IndexedPage;
  fetchedAt: number;
  expiresAt: number | null;
}

export interface LocalSearchHit {
  url: string;
  title: string;
  snippet: string;
  /** BM25 relevance, higher is better (FTS5's bm25() negated); comparable within one query only. */
  score: number;
}

const SNIPPET_MARK = '**';

/** bm25() weights by column: url, title, body. A title hit outweighs many body hits. */
const RANKING = 'bm25(2.0, 10.0, 1.0)';
/** Column 2 is the body: a snippet of the title would repeat the title. */
const SNIPPET_COLUMN = 2;
/** Tokens per snippet (FTS5 allows up to 64): about a search engine's two lines. */
const SNIPPET_TOKENS = 32;
/** Text beyond this is not indexed: what matters is near the top, and the index would grow with every huge page. */
const MAX_INDEXED_CHARS = 100_000;

export class LocalIndex {
  readonly #db: Db;
  readonly #clock: Clock;

  constructor(db: Db, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  /**
   * Adds a page, or replaces the tenant's copy of the same URL. A copy fetched earlier than the one already
   * indexed is ignored, so a slow fetch finishing last cannot replace fresher text. `expiresAt` null keeps
   * the page until the URL is indexed again.
   */
  async index(tenant: string, page: IndexedPage, fetchedAt: number, expiresAt: number | null): Promise<void> {
    await this.indexMany(tenant, [{ page, fetchedAt, expiresAt }]);
  }

  /**
   * `index` for many pages in one transaction. FTS5 writes a new index segment (and merges older ones) at each
   * commit, so a crawl that commits page by page spends more on that than on the text itself.
   */
  async indexMany(tenant: string, entries: readonly IndexEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.#db.transaction().execute(async (trx) => {
      for (const { page, fetchedAt, expiresAt } of entries) {
        const row = await trx
          .insertInto('search_pages')
          .values({ tenant, url: page.url, fetched_at: fetchedAt, expires_at: expiresAt })
          .onConflict((oc) =>
            oc.columns(['tenant', 'url']).doUpdateSet({ fetched_at: fetchedAt, expires_at: expiresAt }).where('search_pages.fetched_at', '<=', fetchedAt),
          )
          .returning('id')
          .executeTakeFirst();
        if (!row) continue;
        await sql`DELETE FROM search_pages_fts WHERE rowid = ${row.id}`.execute(trx);
        await sql`INSERT INTO search_pages_fts (rowid, url, title, body)
          VALUES (${row.id}, ${page.url}, ${page.title}, ${page.text.slice(0, MAX_INDEXED_CHARS)})`.execute(trx);
      }
    });
  }

  /** The tenant's best `limit` pages for a user query, most relevant first; pages past their expiry are left out. */
  async search(tenant: string, query: string, limit: number): Promise<LocalSearchHit[]> {
    const match = toFtsQuery(query);
    if (match === undefined || limit <= 0) return [];
    // FTS5 drives the join (CROSS JOIN fixes the loop order) so that ORDER BY rank is FTS5's own sort and
    // snippet() runs only for the rows returned, not for every match. The tenant filter is on every path.
    const { rows } = await sql<{ url: string; title: string; snippet: string; rank: number }>`
      SELECT search_pages_fts.url AS url, search_pages_fts.title AS title, search_pages_fts.rank AS rank,
        snippet(search_pages_fts, ${SNIPPET_COLUMN}, ${SNIPPET_MARK}, ${SNIPPET_MARK}, '…', ${SNIPPET_TOKENS}) AS snippet
      FROM search_pages_fts CROSS JOIN search_pages AS page ON page.id = search_pages_fts.rowid
      WHERE search_pages_fts MATCH ${match} AND search_pages_fts.rank MATCH ${RANKING}
        AND page.tenant = ${tenant} AND (page.expires_at IS NULL OR page.expires_at > ${this.#clock.now()})
      ORDER BY search_pages_fts.rank
      LIMIT ${limit}`.execute(this.#db);
    return rows.map((row) => ({ url: row.url, title: row.title, snippet: row.snippet.replace(/\s+/g, ' ').trim(), score: -row.rank }));
  }

  /** Deletes pages that expired at or before `now`; the delete trigger removes their text. Returns how many. */
  async pruneExpired(now: number): Promise<number> {
    const result = await this.#db.deleteFrom('search_pages').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
