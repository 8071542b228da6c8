import crypto from 'node:crypto';

const MAX_STEM = 100;

/**
 * File names for crawled pages, one per URL: host, port, path and query flattened into `[A-Za-z0-9._-]`, so a
 * name can never climb out of the output directory, hide as a dotfile, or carry characters a file system
 * refuses. Long names are cut and keep a hash of the URL; names that collide (also case-insensitively, for
 * macOS and Windows) get `-2`, `-3`, ...
 */
export class PageFileNames {
  private readonly used = new Set<string>();

  nameFor(url: string): string {
    const stem = stemOf(url);
    let name = `${stem}.md`;
    for (let n = 2; this.used.has(name.toLowerCase()); n += 1) name = `${stem}-${n}.md`;
    this.used.add(name.toLowerCase());
    return name;
  }
}

function stemOf(url: string): string {
  let raw: string;
  try {
    const parsed = new URL(url);
    const path = parsed.pathname.replace(/\/+$/, '');
    raw = `${parsed.hostname}${parsed.port ? `_${parsed.port}` : ''}${path === '' ? '_index' : path}${parsed.search ? `_${parsed.search.slice(1)}` : ''}`;
  } catch {
    raw = url;
  }
  const flat = raw
    .replace(/[^A-Za-z0-9._-]+/g, '_')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
  const stem = flat === '' ? 'page' : flat;
  if (stem.length <= MAX_STEM) return stem;
  const hash = crypto.createHash('sha256').update(url).digest('hex').slice(0, 10);
  return `${stem.slice(0, MAX_STEM - hash.length - 1)}-${hash}`;
}
