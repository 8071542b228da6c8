import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface StoredFile {
  /** `<tenant>/<name>`: the tenant is part of the path and of the signature, so a URL never crosses tenants. */
  key: string;
  expiresAt: number;
}

const NAME = /^[A-Za-z0-9_-]{10,64}\.png$/;
const TENANT = /^t_[0-9a-f]{32}$/;

/**
 * Screenshots and other job files under `<dataDir>/files/<tenant>/`, served at HMAC-signed URLs that expire
 * with the results (retention.resultTtlSeconds). The signature is the capability: whoever has the URL can
 * read the file until it expires, as with the hosted API's file links.
 */
export class FileStore {
  readonly #root: string;
  readonly #secret: string;
  readonly #ttlMs: number;

  constructor(dataDir: string, secret: string, ttlMs: number) {
    this.#root = path.join(dataDir, 'files');
    this.#secret = secret;
    this.#ttlMs = ttlMs;
  }

  async savePng(tenant: string, png: Buffer, now: number): Promise<StoredFile> {
    const name = `${randomBytes(16).toString('base64url')}.png`;
    const dir = path.join(this.#root, tenant);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, name), png, { mode: 0o600 });
    return { key: `${tenant}/${name}`, expiresAt: now + this.#ttlMs };
  }

  /** The path and query of the signed URL (the caller prefixes the public base URL). */
  signedPath(file: StoredFile): string {
    const expires = Math.floor(file.expiresAt / 1000);
    return `/v1/files/${file.key}?expires=${expires}&sig=${this.#sign(file.key, expires)}`;
  }

  /** The file's path on disk when the signature is valid and unexpired; undefined otherwise (answer 404). */
  verify(tenant: string, name: string, expires: string | undefined, sig: string | undefined, now: number): string | undefined {
    if (!TENANT.test(tenant) || !NAME.test(name) || !expires || !sig || !/^\d+$/.test(expires)) return undefined;
    const expected = Buffer.from(this.#sign(`${tenant}/${name}`, Number(expires)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    if (Number(expires) * 1000 <= now) return undefined;
    return path.join(this.#root, tenant, name);
  }

  /** Retention: files older than the TTL. */
  async pruneExpired(now: number): Promise<number> {
    let deleted = 0;
    const tenants = await fs.readdir(this.#root).catch(() => [] as string[]);
    for (const tenant of tenants) {
      const dir = path.join(this.#root, tenant);
      for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
        const file = path.join(dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && stat.mtimeMs + this.#ttlMs <= now) {
          await fs.rm(file, { force: true });
          deleted += 1;
        }
      }
    }
    return deleted;
  }

  #sign(key: string, expires: number): string {
    return createHmac('sha256', this.#secret).update(`${key}:${expires}`).digest('base64url');
  }
}
