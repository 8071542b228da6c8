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
 * read the file until it expires, as with the hosted API's file links. The signing key is this store's
 * alone (dataDir/file-signing-key), never a secret a tenant is shown, and no signature is honoured for
 * longer than the retention period, whoever made it.
 */
export class FileStore {
  readonly #root: string;
  readonly #signingKey: string;
  readonly #ttlMs: number;

  constructor(dataDir: string, signingKey: string, ttlMs: number) {
    this.#root = path.join(dataDir, 'files');
    this.#signingKey = signingKey;
    this.#ttlMs = ttlMs;
  }

  async savePng(tenant: string, png: Buffer, now: number): Promise<StoredFile> {
    const name = `${randomBytes(16).toString('base64url')}.png`;
    const dir = path.join(this.#root, tenant);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, name), png, { mode: 0o600 });
    return { key: `${tenant}/${name}`, expiresAt: now + this.#ttlMs };
  }

  /** The path and query of the signed URL (the caller prefixes the public base URL); it expires with the file, at most one TTL from now. */
  signedPath(file: StoredFile, now: number): string {
    const expires = Math.floor(Math.min(file.expiresAt, now + this.#ttlMs) / 1000);
    return `/v1/files/${file.key}?expires=${expires}&sig=${this.#sign(file.key, expires)}`;
  }

  /** The file's path on disk when the signature is valid and unexpired; undefined otherwise (answer 404). */
  verify(tenant: string, name: string, expires: string | undefined, sig: string | undefined, now: number): string | undefined {
    if (!TENANT.test(tenant) || !NAME.test(name) || !expires || !sig || !/^\d+$/.test(expires)) return undefined;
    const expected = Buffer.from(this.#sign(`${tenant}/${name}`, Number(expires)));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    const expiresAt = Number(expires) * 1000;
    // A URL that claims to outlive the retention period was not minted here (or by a leaked key): refuse it.
    if (expiresAt <= now || expiresAt > now + this.#ttlMs) return undefined;
    return path.join(this.#root, tenant, name);
  }

  /**
   * Moves a tenant's files to its new id (the start-up rewrite of tenant ids). Files already under the new
   * id stay; a name present in both (practically impossible: random names) keeps the newer one.
   */
  async renameTenant(from: string, to: string): Promise<number> {
    if (from === to || !TENANT.test(from) || !TENANT.test(to)) return 0;
    const source = path.join(this.#root, from);
    const names = await fs.readdir(source).catch(() => undefined);
    if (!names) return 0;
    const target = path.join(this.#root, to);
    await fs.mkdir(target, { recursive: true });
    for (const name of names) {
      const destination = path.join(target, name);
      const exists = await fs.stat(destination).then(
        () => true,
        () => false,
      );
      if (exists) await fs.rm(path.join(source, name), { force: true });
      else await fs.rename(path.join(source, name), destination);
    }
    await fs.rmdir(source);
    return names.length;
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
    return createHmac('sha256', this.#signingKey).update(`${key}:${expires}`).digest('base64url');
  }
}
