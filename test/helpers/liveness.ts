import type supertest from 'supertest';

const PAUSE_MS = 20;

/**
 * Asks GET /health again and again until `work` settles and returns the longest wait for an answer in ms:
 * from the end of the pause after one answer to the next answer, so a block that starts during the pause
 * (which delays the pause's own timer) counts too. The server runs in this process, so a blocked event
 * loop shows up as a long wait: a liveness check (does the server still answer?), not a benchmark.
 */
export async function slowestHealthWhile(api: ReturnType<typeof supertest>, work: Promise<unknown>): Promise<{ slowestMs: number; answers: number }> {
  let settled = false;
  const done = work.finally(() => {
    settled = true;
  });
  let slowestMs = 0;
  let answers = 0;
  let askedAt = performance.now();
  while (!settled) {
    const res = await api.get('/health');
    if (res.status !== 200) throw new Error(`/health answered ${res.status}`);
    const answeredAt = performance.now();
    slowestMs = Math.max(slowestMs, answeredAt - askedAt);
    answers += 1;
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    askedAt = answeredAt + PAUSE_MS; // when the pause should have ended
  }
  await done;
  return { slowestMs, answers };
}
