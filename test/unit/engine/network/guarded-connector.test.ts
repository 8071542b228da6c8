import { ScrapioError } from '../../../../src/errors';
import { createGuardedConnector } from '../../../../src/engine/network/guarded-connector';
import { NetworkPolicy } from '../../../../src/engine/network/network-policy';

// net.connect never calls `lookup` for an IP literal, so the connector itself must refuse literals.
// Every case here is refused before a socket exists: no traffic.

function connectError(hostname: string, protocol = 'http:', port = ''): Promise<Error | null> {
  const connect = createGuardedConnector(new NetworkPolicy({ allow: ['127.0.0.1:8080'] }));
  return new Promise((resolve) => connect({ hostname, protocol, port }, (...[error]) => resolve(error)));
}

describe('createGuardedConnector', () => {
  it.each([
    ['127.0.0.1', 'http:', '', 'loopback'],
    ['127.0.0.1', 'https:', '8081', 'loopback'],
    ['[::1]', 'http:', '8080', 'loopback'],
    ['::ffff:7f00:1', 'http:', '80', 'ipv4-mapped loopback'],
    ['169.254.169.254', 'http:', '', 'link-local'],
    ['10.0.0.1', 'https:', '', 'private'],
  ])('refuses the literal %s (%s port %s) without connecting', async (hostname, protocol, port, rule) => {
    const error = await connectError(hostname, protocol, port);
    expect(error).toBeInstanceOf(ScrapioError);
    expect((error as ScrapioError).code).toBe('url_not_allowed');
    expect(error!.message).toContain(`rule: ${rule};`);
  });
});
