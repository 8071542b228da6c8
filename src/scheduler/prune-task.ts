import cron from 'node-cron';
import type { Clock } from '../lib/clock';
import { ttlMs } from '../lib/ttl';
import type { Config } from '../config/config-schema';
import type { JobStore } from '../jobs/job-store';
import type { Logger } from '../logger';
import type { WebhookStore } from '../webhooks/webhook-store';

/** Status rows outlive their results this many times the result TTL (GET /v1/jobs/{id} keeps answering). */
const STATUS_ROW_TTL_FACTOR = 7;

export interface Pruner {
  /** Deletes whatever has expired now; also what the cron task runs. */
  pruneNow(): Promise<void>;
  stop(): Promise<void>;
}

export interface PruneHook {
  /** Other stores (files, sessions, pages) add their own expiry here. */
  prune(now: number, ttlMs: number): Promise<Record<string, number>>;
}

/** Runs `tick` on a cron expression until stopped; tests pass a fake that ticks when told. */
export type PruneSchedule = (expression: string, tick: () => void) => { stop(): void | Promise<void> };

const cronSchedule: PruneSchedule = (expression, tick) => {
  const task = cron.schedule(expression, tick, { name: 'retention-prune', noOverlap: true });
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
};

/** The node-cron retention task (retention.pruneSchedule): results, keys, webhooks and status rows past their TTL. */
export function startPruneTask(deps: {
  config: Config;
  clock: Clock;
  logger: Logger;
  jobs: JobStore;
  webhooks: WebhookStore;
  hooks?: PruneHook[];
  /** Default: node-cron. */
  schedule?: PruneSchedule;
}): Pruner {
  const { config, clock, logger, jobs, webhooks } = deps;
  const retentionMs = ttlMs(config.retention.resultTtlSeconds);
  let inFlight: Promise<void> | undefined;

  const pruneNow = async () => {
    const now = clock.now();
    const counts: Record<string, number> = { ...(await jobs.pruneExpired(now, now - retentionMs * STATUS_ROW_TTL_FACTOR)) };
    counts.webhooks = await webhooks.pruneFinished(now - retentionMs);
    for (const hook of deps.hooks ?? []) Object.assign(counts, await hook.prune(now, retentionMs));
    if (Object.values(counts).some((count) => count > 0)) logger.info({ pruned: counts }, 'retention: expired data deleted');
  };

  const runOnce = () => {
    // Ticks never overlap: a slow prune simply skips the next tick.
    if (inFlight) return;
    inFlight = pruneNow()
      .catch((error: unknown) => logger.error({ err: error }, 'retention prune failed'))
      .finally(() => {
        inFlight = undefined;
      });
  };

  const task = (deps.schedule ?? cronSchedule)(config.retention.pruneSchedule, runOnce);
  return {
    pruneNow,
    async stop() {
      await task.stop();
      await inFlight;
    },
  };
}
