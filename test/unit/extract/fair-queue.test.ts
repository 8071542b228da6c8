import { FairQueue } from '../../../src/extract/fair-queue';

describe('FairQueue', () => {
  const drainAll = (queue: FairQueue<string>): string[] => {
    const taken: string[] = [];
    for (let item = queue.take(); item !== undefined; item = queue.take()) taken.push(item);
    return taken;
  };

  it('serves owners in turn, each owner’s items in order', () => {
    const queue = new FairQueue<string>();
    for (const item of ['a1', 'a2', 'a3', 'a4']) queue.push('a', item);
    queue.push('b', 'b1');
    queue.push('c', 'c1');
    queue.push('b', 'b2');
    expect(queue.size).toBe(7);
    expect(drainAll(queue)).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
    expect(queue.size).toBe(0);
  });

  it('takes from the first owner in turn that is eligible, leaving the others their place', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    expect(queue.take((owner) => owner !== 'a')).toBe('b1');
    expect(queue.take((owner) => owner !== 'a')).toBeUndefined();
    expect(queue.take()).toBe('a1');
  });

  it('removes a waiting item, and only once', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    expect(queue.remove('a', 'a1')).toBe(true);
    expect(queue.remove('a', 'a1')).toBe(false);
    expect(queue.remove('c', 'c1')).toBe(false);
    expect(drainAll(queue)).toEqual(['b1']);
  });

  it('drains everything that waited', () => {
    const queue = new FairQueue<string>();
    queue.push('a', 'a1');
    queue.push('b', 'b1');
    expect(queue.drain().sort()).toEqual(['a1', 'b1']);
    expect(queue.take()).toBeUndefined();
  });
});
