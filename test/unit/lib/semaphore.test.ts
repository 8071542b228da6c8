import { Semaphore } from '../../../src/lib/semaphore';

describe('Semaphore', () => {
  it('never runs more than its limit at once, and runs everything', async () => {
    const semaphore = new Semaphore(2);
    let running = 0;
    let most = 0;
    const task = async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return 1;
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => semaphore.run(task)));
    expect(results).toHaveLength(10);
    expect(most).toBe(2);
    expect(semaphore.inUse).toBe(0);
  });

  it('releases the slot when a task throws, and stops a wait on abort', async () => {
    const semaphore = new Semaphore(1);
    await expect(semaphore.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    let release!: () => void;
    const holder = semaphore.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const waiter = semaphore.run(() => Promise.resolve('never'), controller.signal);
    controller.abort(new Error('cancelled'));
    await expect(waiter).rejects.toThrow('cancelled');
    release();
    await holder;
    expect(semaphore.inUse).toBe(0);
  });
});
