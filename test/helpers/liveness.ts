import type supertest from 'supertest';

/**
 * Asks GET /health again and again until `work` settles and returns the slowest answer's latency in ms. The
 * server runs in this process, so a blocked event loop delays these answers by as long as it is blocked: a
 * liveness check (does the server still answer?), not a benchmark.
 */
export async function slowestHealthWhile(api: ReturnType<typeof supertest>, work: Promise<unknown>): Promise<{ slowestMs: number; answers: number }> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  let slowestMs = 0;
  let answers = 0;
  while (!settled) {
    const started = performance.now();
    const res = await api.get('/health');
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    slowestMs = Math.max(slowestMs, performance.now() - started);
    answers += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await done;
  return { slowestMs, answers };
}
