import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The configured API keys. A key's tenant id is its SHA-256 (so the database never holds a key), and a
 * presented key is compared with every configured one in constant time.
 */
export class ApiKeys {
  readonly #digests: Buffer[];
  /**
   * Tenants of keys that matched before, so a client polling many times a second costs a Map lookup, not a
   * SHA-256, a pass over every key and a hex encode. Only matching keys go in (at most one entry per
   * configured key), so unknown keys cannot grow it; a lookup reveals only whether a key is known, as the answer does.
   */
  readonly #knownTenants = new Map<string, string>();

  constructor(keys: readonly string[]) {
    this.#digests = keys.map(digest);
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
    const candidate = digest(presented);
    let match: Buffer | undefined;
    // No early exit: the time taken does not depend on which key (if any) matched.
    for (const known of this.#digests) {
      if (timingSafeEqual(known, candidate)) match = known;
    }
    return match ? `t_${match.toString('hex').slice(0, 32)}` : undefined;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
