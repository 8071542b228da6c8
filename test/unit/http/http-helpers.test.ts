import { createHash } from 'node:crypto';
import { ApiKeys, tenantIdOf } from '../../../src/http/api-keys';
import { canonicalJson } from '../../../src/lib/canonical-json';

describe('canonicalJson', () => {
  it('ignores key order at every level but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('ApiKeys', () => {
  const SERVER_SECRET = 'tenant-id-key-of-this-server';

  it('maps each key to a stable tenant that does not reveal the key', () => {
    const keys = new ApiKeys(['alpha-key-1234', 'beta-key-5678'], SERVER_SECRET);
    const alpha = keys.tenantOf('alpha-key-1234');
    expect(alpha).toMatch(/^t_[0-9a-f]{32}$/);
    expect(alpha).not.toContain('alpha');
    expect(keys.tenantOf('beta-key-5678')).not.toBe(alpha);
    expect(keys.tenantOf('alpha-key-123')).toBeUndefined();
    expect(new ApiKeys(['alpha-key-1234'], SERVER_SECRET).tenantOf('alpha-key-1234')).toBe(alpha);
  });

  it('derives the tenant id with a server secret: not the unsalted sha256(key), and different on another server', () => {
    const key = 'weak-key-1234';
    const tenant = new ApiKeys([key], SERVER_SECRET).tenantOf(key);
    const unsalted = `t_${createHash('sha256').update(key).digest('hex').slice(0, 32)}`;
    expect(tenant).not.toBe(unsalted);
    expect(tenant).toBe(tenantIdOf(SERVER_SECRET, key));
    expect(new ApiKeys([key], 'another-servers-tenant-id-key').tenantOf(key)).not.toBe(tenant);
    // The upgrade rewrite maps exactly the old unsalted id to the new one.
    expect(new ApiKeys([key], SERVER_SECRET).legacyRenames()).toEqual([{ from: unsalted, to: tenant }]);
  });

  it('answers the same tenant from its memo as on first use, and never remembers an unknown key', () => {
    const keys = new ApiKeys(['alpha-key-1234', 'beta-key-5678'], SERVER_SECRET);
    const first = keys.tenantOf('alpha-key-1234');
    for (let i = 0; i < 3; i += 1) {
      expect(keys.tenantOf('alpha-key-1234')).toBe(first);
      expect(keys.tenantOf('not-a-key')).toBeUndefined();
    }
    expect(keys.tenantOf('beta-key-5678')).toBe(new ApiKeys(['beta-key-5678'], SERVER_SECRET).tenantOf('beta-key-5678'));
    expect(keys.tenantOf('beta-key-5678')).not.toBe(first);
  });
});
