import { HostScheduler, type HostSchedulerOptions, type Release } from '../../../../src/engine/web/host-scheduler';
import { FakeClock, flushPromises } from '../../../helpers/fake-clock';

/** Tracks whether a slot has been granted yet, without awaiting it. */
function track(promise: Promise<Release>) {
  const state: { release?: Release; error?: unknown } = {};
  promise.then(
    (release) => (state.release = release),
    (error: unknown) => (state.error = error),
  );
  return state;
}

function setup(options: Partial<HostSchedulerOptions> = {}) {
  const clock = new FakeClock();
  const scheduler = new HostScheduler({ perHostConcurrency: 2, perHostDelayMs: 0, clock, ...options });
  return { clock, scheduler };
}

describe('HostScheduler', () => {
  it('limits requests in flight per host, serving waiters in order', async () => {
    const { scheduler } = setup();
    const slots = [1, 2, 3, 4].map(() => track(scheduler.acquire('a.example')));
    const other = track(scheduler.acquire('b.example'));
    await flushPromises();
    expect(slots.map((slot) => slot.release !== undefined)).toEqual([true, true, false, false]);
    expect(other.release).toBeDefined();
    slots[1].release!();
    await flushPromises();
    expect(slots.map((slot) => slot.release !== undefined)).toEqual([true, true, true, false]);
  });

  it('ignores a second call of the same release', async () => {
    const { scheduler } = setup({ perHostConcurrency: 1 });
    const first = track(scheduler.acquire('a.example'));
    const second = track(scheduler.acquire('a.example'));
    const third = track(scheduler.acquire('a.example'));
    await flushPromises();
    first.release!();
    first.release!();
    await flushPromises();
    expect(second.release).toBeDefined();
    expect(third.release).toBeUndefined();
  });

  it('spaces request starts to one host by perHostDelayMs', async () => {
    const { scheduler, clock } = setup({ perHostDelayMs: 1000 });
    const first = track(scheduler.acquire('a.example'));
    const second = track(scheduler.acquire('a.example'));
    await flushPromises();
    expect(first.release).toBeDefined();
    expect(second.release).toBeUndefined();
    clock.advance(999);
    await flushPromises();
    expect(second.release).toBeUndefined();
    clock.advance(1);
    await flushPromises();
    expect(second.release).toBeDefined();
  });

  it('uses the robots Crawl-delay when it is longer than perHostDelayMs', async () => {
    const { scheduler, clock } = setup({ perHostDelayMs: 100 });
    track(scheduler.acquire('a.example', { crawlDelayMs: 2000 }));
    const second = track(scheduler.acquire('a.example', { crawlDelayMs: 2000 }));
    clock.advance(1999);
    await flushPromises();
    expect(second.release).toBeUndefined();
    clock.advance(1);
    await flushPromises();
    expect(second.release).toBeDefined();
  });

  it('remembers the spacing after a host goes idle', async () => {
    const { scheduler, clock } = setup({ perHostDelayMs: 500 });
    const first = track(scheduler.acquire('a.example'));
    await flushPromises();
    first.release!();
    const second = track(scheduler.acquire('a.example'));
    clock.advance(499);
    await flushPromises();
    expect(second.release).toBeUndefined();
    clock.advance(1);
    await flushPromises();
    expect(second.release).toBeDefined();
  });

  it('pauses a penalised host for Retry-After, capped, while other hosts go on', async () => {
    const { scheduler, clock } = setup({ maxPenaltyMs: 60_000 });
    scheduler.penalize('a.example', 30_000);
    const held = track(scheduler.acquire('a.example'));
    const free = track(scheduler.acquire('b.example'));
    clock.advance(29_999);
    await flushPromises();
    expect(held.release).toBeUndefined();
    expect(free.release).toBeDefined();
    clock.advance(1);
    await flushPromises();
    expect(held.release).toBeDefined();

    scheduler.penalize('c.example', 3_600_000);
    const capped = track(scheduler.acquire('c.example'));
    clock.advance(60_000);
    await flushPromises();
    expect(capped.release).toBeDefined();
  });

  it('uses the default pause when a 429/503 gives no usable Retry-After', async () => {
    const { scheduler, clock } = setup({ defaultPenaltyMs: 5_000 });
    scheduler.penalize('a.example');
    const held = track(scheduler.acquire('a.example'));
    clock.advance(4_999);
    await flushPromises();
    expect(held.release).toBeUndefined();
    clock.advance(1);
    await flushPromises();
    expect(held.release).toBeDefined();
  });

  it('a penalty never shortens an existing one', async () => {
    const { scheduler, clock } = setup();
    scheduler.penalize('a.example', 10_000);
    scheduler.penalize('a.example', 1_000);
    const held = track(scheduler.acquire('a.example'));
    clock.advance(9_999);
    await flushPromises();
    expect(held.release).toBeUndefined();
    clock.advance(1);
    await flushPromises();
    expect(held.release).toBeDefined();
  });

  it('rejects a waiter whose signal aborts, and lets the next one take its place', async () => {
    const { scheduler, clock } = setup({ perHostConcurrency: 1 });
    const first = track(scheduler.acquire('a.example'));
    const controller = new AbortController();
    const cancelled = track(scheduler.acquire('a.example', { signal: controller.signal }));
    const next = track(scheduler.acquire('a.example'));
    controller.abort(new Error('job cancelled'));
    await flushPromises();
    expect(cancelled.error).toEqual(new Error('job cancelled'));
    first.release!();
    await flushPromises();
    expect(next.release).toBeDefined();
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects at once when the signal has already aborted', async () => {
    const { scheduler } = setup();
    await expect(scheduler.acquire('a.example', { signal: AbortSignal.abort(new Error('gone')) })).rejects.toThrow('gone');
  });

  it('clears its timer when the only waiter held by time gives up', async () => {
    const { scheduler, clock } = setup({ perHostDelayMs: 1000 });
    track(scheduler.acquire('a.example'));
    const controller = new AbortController();
    track(scheduler.acquire('a.example', { signal: controller.signal }));
    await flushPromises();
    expect(clock.pendingTimers).toBe(1);
    controller.abort();
    await flushPromises();
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses a concurrency below 1', () => {
    expect(() => new HostScheduler({ perHostConcurrency: 0, perHostDelayMs: 0 })).toThrow(RangeError);
  });
});
