import type { Migration } from 'kysely';
import * as core from './001-core';
import * as crawlPages from './002-crawl-pages';
import * as searchIndex from './003-search-index';
import * as sessions from './004-sessions';
import * as youtubePages from './005-youtube-pages';
import * as tenantIsolation from './006-tenant-isolation';
import * as siteSearchPages from './007-site-search-pages';
import * as credits from './008-credits';
import * as monitors from './009-monitors';

/** Numbered migrations, applied in order by Kysely's Migrator (a static list: no file-system scanning in dist/). */
export const migrations: Record<string, Migration> = {
  '001-core': core,
  '002-crawl-pages': crawlPages,
  '003-search-index': searchIndex,
  '004-sessions': sessions,
  '005-youtube-pages': youtubePages,
  '006-tenant-isolation': tenantIsolation,
  '007-site-search-pages': siteSearchPages,
  '008-credits': credits,
  '009-monitors': monitors,
};
