import type { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { waitForNoLiveChromium } from './process-table';

/** For afterAll: no page left open, and after close() no process of the pool's Chromium left alive. */
export async function closePoolAndCheck(pool: BrowserPool): Promise<void> {
  const { pid, pagesOpen } = pool.stats();
  await pool.close();
  expect(pagesOpen).toBe(0);
  if (pid !== undefined) expect(await waitForNoLiveChromium({ pgid: pid })).toEqual([]);
}
