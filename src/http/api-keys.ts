import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/** A rename of one tenant id, from the form an older version derived to the current one. */
export interface TenantRename {
  from: string;
  to: string;
}

/**
 * The configured API keys. A key's tenant id is an HMAC-SHA256 of the key under a server secret (the
 * tenant-id key in the data directory): the id shows up in shareable screenshot URLs, and an unsalted hash
 * there would let anyone test guesses of a weak key offline. The database never holds a key. A presented
 * key is compared with every configured one in constant time.
 */
export class ApiKeys {
  readonly #keys: readonly string[];
  readonly #tenantIdKey: string;
  readonly #digests: Buffer[];
  /**
   * Tenants of keys that matched before, so a client polling many times a second costs a Map lookup, not a
   * SHA-256, a pass over every key and a hex encode. Only matching keys go in (at most one entry per
   * configured key), so unknown keys cannot grow it; a lookup reveals only whether a key is known, as the answer does.
   */
  readonly #knownTenants = new Map<string, string>();

  constructor(keys: readonly string[], tenantIdKey: string) {
    this.#keys = keys;
    this.#tenantIdKey = tenantIdKey;
    this.#digests = keys.map((key) => keyedDigest(tenantIdKey, key));
  }

  /** The tenant of a presented key, or undefined when no configured key matches. */
  tenantOf(presented: string): string | undefined {
    const known = this.#knownTenants.get(presented);
    if (known !== undefined) return known;
    const tenant = this.#deriveTenant(presented);
    if (tenant !== undefined && this.#knownTenants.size < this.#digests.length) this.#knownTenants.set(presented, tenant);
    return tenant;
  }

  #deriveTenant(presented: string): string | undefined {
    const candidate = keyedDigest(this.#tenantIdKey, presented);
    let match: Buffer | undefined;
    // No early exit: the time taken does not depend on which key (if any) matched.
    for (const known of this.#digests) {
      if (timingSafeEqual(known, candidate)) match = known;
    }
    return match ? tenantIdFromDigest(match) : undefined;
  }

  /**
   * For each configured key, its id as versions before the keyed derivation stored it (unsalted SHA-256)
   * and its id now: the start-up rewrite moves a key's existing data over. Only a key's holder (the
   * configuration) can map one to the other, which is why the rewrite runs at start and not as a migration.
   */
  legacyRenames(): TenantRename[] {
    return this.#keys.map((key) => ({ from: tenantIdFromDigest(createHash('sha256').update(key, 'utf8').digest()), to: tenantIdOf(this.#tenantIdKey, key) }));
  }
}

/** `t_` + 32 hex characters of HMAC-SHA256(tenant-id key, API key). */
export function tenantIdOf(tenantIdKey: string, key: string): string {
  return tenantIdFromDigest(keyedDigest(tenantIdKey, key));
}

function keyedDigest(tenantIdKey: string, key: string): Buffer {
  return createHmac('sha256', tenantIdKey).update(key, 'utf8').digest();
}

function tenantIdFromDigest(digest: Buffer): string {
  return `t_${digest.toString('hex').slice(0, 32)}`;
}
