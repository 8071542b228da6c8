import { readdir, readFile } from 'node:fs/promises';

/** A Chromium tree is a few dozen processes; the walk stops here whatever /proc says. */
const MAX_PROCESSES = 512;

export interface ProcessTreeMemory {
  processes: number;
  residentBytes: number;
}

/**
 * The processes of the trees rooted at `roots` and their summed resident memory, from Linux's /proc: each
 * process's children are listed in /proc/<pid>/task/<tid>/children, its RSS is VmRSS in /proc/<pid>/status.
 * Read only when /metrics is scraped; a process that exits mid-walk is skipped. Elsewhere than Linux: zeros.
 */
export async function processTreeMemory(roots: readonly number[]): Promise<ProcessTreeMemory> {
  const seen = new Set<number>();
  const pending = [...roots];
  let residentBytes = 0;
  while (pending.length > 0 && seen.size < MAX_PROCESSES) {
    const pid = pending.pop() as number;
    if (seen.has(pid)) continue;
    const rss = await residentBytesOf(pid);
    if (rss === undefined) continue; // gone (or no /proc)
    seen.add(pid);
    residentBytes += rss;
    pending.push(...(await childrenOf(pid)));
  }
  return { processes: seen.size, residentBytes };
}

async function residentBytesOf(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
    return match ? Number(match[1]) * 1024 : 0; // a zombie has no VmRSS line
  } catch {
    return undefined;
  }
}

async function childrenOf(pid: number): Promise<number[]> {
  try {
    const children: number[] = [];
    for (const tid of await readdir(`/proc/${pid}/task`)) {
      const list = await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8').catch(() => '');
      for (const child of list.split(' ')) if (child.trim() !== '') children.push(Number(child));
    }
    return children;
  } catch {
    return [];
  }
}
