import path from 'node:path';
import express, { type Express } from 'express';
import supertest from 'supertest';
import { configSchema, type Config } from '../../src/config/config-schema';
import { openDatabase, type OpenedDatabase } from '../../src/db/database';
import { HttpClient } from '../../src/engine/http/http-client';
import { NetworkPolicy } from '../../src/engine/network/network-policy';
import { ApiKeys } from '../../src/http/api-keys';
import { requireApiKey } from '../../src/http/middleware/auth';
import { errorHandler } from '../../src/http/middleware/error-handler';
import { jsonBody } from '../../src/http/middleware/json-body';
import { requestId } from '../../src/http/middleware/request-id';
import { unknownRoute } from '../../src/http/routes/fallback';
import { youtubeRoutes } from '../../src/http/routes/youtube';
import { JobEvents } from '../../src/jobs/job-events';
import { JobService } from '../../src/jobs/job-service';
import { JobStore } from '../../src/jobs/job-store';
import { createLogger } from '../../src/logger';
import type { YouTubeJobServices } from '../../src/surfaces/youtube/youtube-surface';
import { YouTubeClient } from '../../src/surfaces/youtube/youtube-client';
import { YouTubePageStore } from '../../src/surfaces/youtube/youtube-page-store';
import type { YouTubeServices } from '../../src/surfaces/youtube/youtube-services';
import { startYouTubeSite, type YouTubeSite } from './youtube-site';
import { tempDir } from './test-server';

export const KEY = 'youtube-test-key-0001';

export interface YouTubeHarness {
  config: Config;
  api: ReturnType<typeof supertest>;
  app: Express;
  store: JobStore;
  jobs: JobService;
  youtube: YouTubeServices;
  /** The services the youtube_search_crawl surface sees. */
  services: YouTubeJobServices;
  close(): Promise<void>;
}

/**
 * The /v1/youtube router on an Express app with the same middleware as createApp (request id, auth, JSON
 * body, unknown route, error envelope), over a real SQLite file (migrations 001–005) and the real HttpClient
 * whose network policy allows 127.0.0.1 (the fixture YouTube), as the wired server will run it.
 */
export async function startYouTubeHarness(baseUrl: string, perRequestDelayMs = 5): Promise<YouTubeHarness> {
  const dataDir = tempDir('scrapio-youtube-');
  const config = configSchema.parse({ server: { dataDir }, auth: { apiKeys: [KEY] }, network: { allow: ['127.0.0.1'] }, log: { level: 'silent' } });
  const database: OpenedDatabase = await openDatabase(path.join(dataDir, 'scrapio.db'));
  const logger = createLogger('silent');
  const store = new JobStore(database.db);
  const events = new JobEvents();
  const jobs = new JobService({ store, events, config, clock: { now: () => Date.now() } });
  const policy = new NetworkPolicy({ allow: ['127.0.0.1'] });
  const http = new HttpClient({ policy, userAgent: 'scrapio-test', maxResponseBytes: 5 * 1024 * 1024, maxRedirects: 5 });
  const youtube: YouTubeServices = {
    client: new YouTubeClient({ fetch: (request) => http.request(request), options: { baseUrl, perRequestDelayMs, requestTimeoutMs: 5000 } }),
    pages: new YouTubePageStore(database.db),
  };
  const services = { config, clock: { now: () => Date.now() }, policy, http, youtube } as unknown as YouTubeJobServices;

  const app = express();
  app.set('query parser', 'simple');
  app.use(requestId(logger));
  const v1 = express.Router();
  v1.use(requireApiKey(new ApiKeys([KEY], 'youtube-harness-tenant-id-key')));
  v1.use(jsonBody(config.server.bodyLimitBytes));
  v1.use('/youtube', youtubeRoutes({ jobs }, youtube));
  app.use('/v1', v1);
  app.use(unknownRoute);
  app.use(errorHandler(config.server.bodyLimitBytes));

  return {
    config,
    app,
    api: supertest(app),
    store,
    jobs,
    youtube,
    services,
    async close() {
      await http.close();
      await database.close();
    },
  };
}

export const bearer = { Authorization: `Bearer ${KEY}` };

/**
 * The fixture YouTube and a harness on it for a whole test file (beforeAll / afterAll), with the site's request
 * log and continuation hook reset before each test. `use` receives them once started.
 */
export function useYouTubeFixtures(use: (started: { site: YouTubeSite; h: YouTubeHarness }) => void): void {
  let started: { site: YouTubeSite; h: YouTubeHarness } | undefined;
  beforeAll(async () => {
    const site = await startYouTubeSite();
    started = { site, h: await startYouTubeHarness(site.url) };
    use(started);
  });
  afterAll(async () => {
    await started?.h.close();
    await started?.site.close();
  });
  beforeEach(() => {
    if (!started) return;
    started.site.requests.length = 0;
    started.site.onContinuation = undefined;
  });
}
