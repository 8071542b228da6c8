import { ApiKeys } from '../../../src/http/api-keys';
import { canonicalJson } from '../../../src/lib/canonical-json';

describe('canonicalJson', () => {
  it('ignores key order at every level but keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([1, 2])).not.toBe(canonicalJson([2, 1]));
  });
});

describe('ApiKeys', () => {
  it('maps each key to a stable tenant that does not reveal the key', () => {
    const keys = new ApiKeys(['alpha-key-1234', 'beta-key-5678']);
    const alpha = keys.tenantOf('alpha-key-1234');
    expect(alpha).toMatch(/^t_[0-9a-f]{32}$/);
    expect(alpha).not.toContain('alpha');
    expect(keys.tenantOf('beta-key-5678')).not.toBe(alpha);
    expect(keys.tenantOf('alpha-key-123')).toBeUndefined();
    expect(new ApiKeys(['alpha-key-1234']).tenantOf('alpha-key-1234')).toBe(alpha);
  });

  it('answers the same tenant from its memo as on first use, and never remembers an unknown key', () => {
    const keys = new ApiKeys(['alpha-key-1234', 'beta-key-5678']);
    const first = keys.tenantOf('alpha-key-1234');
    for (let i = 0; i < 3; i += 1) {
      expect(keys.tenantOf('alpha-key-1234')).toBe(first);
      expect(keys.tenantOf('not-a-key')).toBeUndefined();
    }
    expect(keys.tenantOf('beta-key-5678')).toBe(new ApiKeys(['beta-key-5678']).tenantOf('beta-key-5678'));
    expect(keys.tenantOf('beta-key-5678')).not.toBe(first);
  });
});
