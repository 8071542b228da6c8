import { spawn, type ChildProcess } from 'node:child_process';
import { processTreeMemory } from '../../../../src/engine/browser/process-tree-memory';

/** A shell with two sleeping children: a process tree of three, in its own process group (as Chromium is). */
async function startTree(): Promise<ChildProcess> {
  const shell = spawn('sh', ['-c', 'sleep 60 & sleep 60 & echo started; wait'], { stdio: ['ignore', 'pipe', 'ignore'], detached: true });
  await new Promise((resolve) => shell.stdout?.once('data', resolve));
  return shell;
}

describe('processTreeMemory', () => {
  let tree: ChildProcess;
  beforeAll(async () => {
    tree = await startTree();
  });
  afterAll(() => {
    process.kill(-(tree.pid as number), 'SIGKILL');
  });

  it('counts a process and its descendants and sums their resident memory', async () => {
    const reading = await processTreeMemory([tree.pid as number]);
    expect(reading.processes).toBe(3);
    const alone = await processTreeMemory([process.pid]);
    expect(reading.residentBytes).toBeGreaterThan(0);
    expect(alone.residentBytes).toBeGreaterThan(0);
  });

  it('reads nothing for processes that do not exist, and each root once', async () => {
    expect(await processTreeMemory([])).toEqual({ processes: 0, residentBytes: 0 });
    expect(await processTreeMemory([2 ** 22 + 1])).toEqual({ processes: 0, residentBytes: 0 });
    expect((await processTreeMemory([tree.pid as number, tree.pid as number])).processes).toBe(3);
  });
});
