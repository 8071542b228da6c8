import { SingleBar } from 'cli-progress';

/** What a crawl reports while it runs: pages fetched so far, and pages discovered within max_pages. */
export interface CrawlProgress {
  update(done: number, discovered: number): void;
  stop(): void;
}

const NO_PROGRESS: CrawlProgress = { update: () => {}, stop: () => {} };

/**
 * A progress bar (pages done / discovered, rate, ETA) on `stream`, drawn only when that stream is a terminal:
 * a redirected stderr (CI logs, `2>file`) gets no escape codes at all. stdout is never drawn on, so piping the
 * command's output stays clean.
 */
export function createCrawlProgress(stream: NodeJS.WriteStream, now: () => number = Date.now): CrawlProgress {
  if (!stream.isTTY) return NO_PROGRESS;
  const startedAt = now();
  const bar = new SingleBar({
    stream,
    format: 'crawl [{bar}] {value}/{total} pages | {rate} pages/s | ETA {eta_formatted}',
    hideCursor: true,
    clearOnComplete: false,
    etaBuffer: 20,
  });
  let started = false;
  const rate = (done: number) => {
    const seconds = (now() - startedAt) / 1000;
    return seconds > 0 ? (done / seconds).toFixed(1) : '0.0';
  };
  return {
    update(done, discovered) {
      // The server reports a total once the seed is fetched; until then there is nothing to draw a bar against.
      const total = Math.max(discovered, done, 1);
      if (!started) {
        bar.start(total, done, { rate: rate(done) });
        started = true;
        return;
      }
      bar.setTotal(total);
      bar.update(done, { rate: rate(done) });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
