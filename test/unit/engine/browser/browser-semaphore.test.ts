import { ScrapioError } from '../../../../src/errors';
import { BrowserSemaphore } from '../../../../src/engine/browser/browser-semaphore';

test('grants up to its permits, then hands released permits to waiters in order', async () => {
  const semaphore = new BrowserSemaphore(2);
  const first = await semaphore.acquire();
  const second = await semaphore.acquire();
  const order: number[] = [];
  const third = semaphore.acquire().then((release) => (order.push(3), release));
  const fourth = semaphore.acquire().then((release) => (order.push(4), release));
  expect(semaphore.inUse).toBe(2);
  first();
  first(); // a second call of the same release changes nothing
  (await third)();
  second();
  (await fourth)();
  expect(order).toEqual([3, 4]);
  expect(semaphore.inUse).toBe(0);
});

test('an aborted waiter leaves the queue with the abort reason', async () => {
  const semaphore = new BrowserSemaphore(1);
  const release = await semaphore.acquire();
  const controller = new AbortController();
  const waiting = semaphore.acquire(controller.signal);
  controller.abort(new ScrapioError('timeout', 'job timed out', { timedOut: true }));
  await expect(waiting).rejects.toMatchObject({ code: 'timeout', message: 'job timed out' });
  release();
  expect(semaphore.inUse).toBe(0);
  await expect(semaphore.acquire(controller.signal)).rejects.toMatchObject({ code: 'timeout' });
});

test('failWaiters rejects everyone waiting; granted permits stay granted', async () => {
  const semaphore = new BrowserSemaphore(1);
  await semaphore.acquire();
  const waiting = semaphore.acquire();
  semaphore.failWaiters(new Error('shutting down'));
  await expect(waiting).rejects.toThrow('shutting down');
  expect(semaphore.inUse).toBe(1);
});

test('permits must be a positive integer', () => {
  expect(() => new BrowserSemaphore(0)).toThrow(RangeError);
});
