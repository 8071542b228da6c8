import type { LookupAddress, LookupOptions } from 'node:dns';
import { ScrapioError } from '../../../../src/errors';
import { NetworkPolicy } from '../../../../src/engine/network/network-policy';

// These tests never send traffic: the only name resolution is of `localhost` (answered from /etc/hosts)
// and everything else goes through an injected resolver.

function refusalOf(action: () => unknown): ScrapioError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(ScrapioError);
    return error as ScrapioError;
  }
  throw new Error('expected a refusal');
}

function lookup(policy: NetworkPolicy, hostname: string, port: number, options: LookupOptions = { all: true }) {
  return new Promise<{ error: NodeJS.ErrnoException | null; address: unknown; family?: number }>((resolve) => {
    policy.lookupFor(port)(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

const answers = (...addresses: string[]) =>
  jest.fn(async (): Promise<LookupAddress[]> => addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })));

describe('NetworkPolicy address ranges (default policy)', () => {
  const policy = new NetworkPolicy({ allow: [] });

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['::1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', 'unspecified'],
    ['::', 'unspecified'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['fc00::1', 'private'],
    ['fd12:3456::1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['169.254.0.1', 'link-local'],
    ['fe80::1', 'link-local'],
    ['100.64.0.1', 'cgnat'],
    ['100.127.255.254', 'cgnat'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.1', 'reserved'], // TEST-NET-1 (documentation)
    ['198.51.100.1', 'reserved'], // TEST-NET-2
    ['203.0.113.1', 'reserved'], // TEST-NET-3
    ['198.18.0.1', 'reserved'], // benchmarking
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    ['2001:db8::1', 'reserved'], // documentation
    ['2001:2::1', 'reserved'], // benchmarking
    ['fec0::1', 'site-local'],
    ['::ffff:127.0.0.1', 'ipv4-mapped loopback'],
    ['::ffff:7f00:1', 'ipv4-mapped loopback'],
    ['::ffff:169.254.169.254', 'ipv4-mapped link-local'],
    ['::ffff:0:10.0.0.1', 'ipv4-translated private'],
    ['::127.0.0.1', 'ipv4-compatible loopback'],
    ['::192.168.0.1', 'ipv4-compatible private'],
    ['64:ff9b::7f00:1', 'nat64 loopback'],
    ['64:ff9b::169.254.169.254', 'nat64 link-local'],
    ['2002:7f00:1::1', '6to4 loopback'],
    ['2002:c0a8:101::1', '6to4 private'],
    // Teredo carries the client's IPv4 address inverted: 127.0.0.1 is 80ff:fffe.
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo loopback'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'teredo private'],
  ])('refuses %s (%s)', (address, rule) => {
    expect(policy.refusalFor(address, address, 80)).toBe(rule);
  });

  it.each([
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '2606:4700:4700::1111',
    '2a00:1450:4001:80b::200e',
    '::ffff:8.8.8.8',
    '64:ff9b::808:808',
    '2002:808:808::1',
    '2001:0:4136:e378:8000:63bf:f7f7:f7f7',
  ])('allows the public address %s', (address) => {
    expect(policy.refusalFor(address, address, 443)).toBeNull();
  });
});

describe('NetworkPolicy.assertUrlAllowed', () => {
  const policy = new NetworkPolicy({ allow: [] });

  it.each(['file:///etc/passwd', 'data:text/html,<h1>x</h1>', 'javascript:alert(1)', 'gopher://example.com/', 'ftp://example.com/f'])(
    'refuses the scheme of %s',
    (url) => {
      const error = refusalOf(() => policy.assertUrlAllowed(url));
      expect(error.code).toBe('url_not_allowed');
      expect(error.message).toContain(`"${new URL(url).protocol}"`);
    },
  );

  it('answers invalid_request for a string that is not an absolute URL', () => {
    expect(refusalOf(() => policy.assertUrlAllowed('not a url')).code).toBe('invalid_request');
  });

  it.each([
    ['http://127.0.0.1/', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0x7f.0.0.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://127.0.0.1./', 'loopback'],
    ['http://%31%32%37.0.0.1/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'ipv4-mapped loopback'],
    ['http://[::ffff:7f00:1]/', 'ipv4-mapped loopback'],
    ['http://[0:0:0:0:0:ffff:127.0.0.1]/', 'ipv4-mapped loopback'],
    ['http://[64:ff9b::127.0.0.1]/', 'nat64 loopback'],
    ['http://0/', 'unspecified'],
    ['http://[::]/', 'unspecified'],
    ['http://169.254.169.254/latest/meta-data/', 'link-local'],
    ['http://0xa9fea9fe/', 'link-local'],
    ['https://10.1.2.3:8443/', 'private'],
    ['http://[fd00::1]/', 'private'],
  ])('refuses the IP literal in %s before any connection (%s)', (url, rule) => {
    const error = refusalOf(() => policy.assertUrlAllowed(url));
    expect(error.code).toBe('url_not_allowed');
    expect(error.message).toContain(`rule: ${rule};`);
    expect(error.message).toContain('network.allow in scrapio.config.json or SCRAPIO_ALLOW_HOSTS');
  });

  it.each(['http://localhost/', 'http://LOCALHOST:8080/', 'http://localhost./', 'http://api.localhost/', 'http://a.b.localhost./'])(
    'refuses %s without resolving it',
    (url) => {
      const resolve = answers('93.184.215.14');
      const error = refusalOf(() => new NetworkPolicy({ allow: [], resolve }).assertUrlAllowed(url));
      expect(error.code).toBe('url_not_allowed');
      expect(error.message).toContain('rule: localhost;');
      expect(resolve).not.toHaveBeenCalled();
    },
  );

  it('names the host and the entry that would allow it', () => {
    const error = refusalOf(() => policy.assertUrlAllowed('http://[::1]:3000/x'));
    expect(error.message).toContain('[::1]');
    expect(error.message).toContain('add "[::1]:3000" to network.allow');
  });

  it('passes public literals and host names (judged later, on their address), returning the parsed URL', () => {
    expect(policy.assertUrlAllowed('https://8.8.8.8/dns').href).toBe('https://8.8.8.8/dns');
    expect(policy.assertUrlAllowed(new URL('http://Example.COM/a?b#c')).href).toBe('http://example.com/a?b#c');
  });
});

describe('NetworkPolicy allow-list', () => {
  it('rejects malformed entries with an Error naming them', () => {
    for (const entry of [
      '',
      'http://example.com',
      'example.com/path',
      'host:0',
      'host:65536',
      'host:http',
      '10.0.0.0/33',
      '::1/129',
      'a b',
      '[::1',
      'user@host',
    ]) {
      expect(() => new NetworkPolicy({ allow: [entry] })).toThrow(`network.allow entry "${entry}"`);
    }
  });

  it('allows a host entry by the host name as written and by the address', () => {
    const policy = new NetworkPolicy({ allow: ['127.0.0.1', 'intranet.example'] });
    expect(policy.refusalFor('127.0.0.1', '127.0.0.1', 80)).toBeNull();
    expect(policy.refusalFor('127.0.0.1', 'localhost', 8080)).toBeNull();
    expect(policy.refusalFor('::ffff:127.0.0.1', '[::ffff:7f00:1]', 80)).toBeNull();
    expect(policy.refusalFor('10.0.0.5', 'intranet.example', 80)).toBeNull();
    expect(policy.refusalFor('10.0.0.5', 'INTRANET.example.', 80)).toBeNull();
    expect(policy.refusalFor('127.0.0.2', '127.0.0.2', 80)).toBe('loopback');
    expect(policy.refusalFor('::1', '[::1]', 80)).toBe('loopback');
    expect(policy.assertUrlAllowed('http://2130706433:9/').hostname).toBe('127.0.0.1');
  });

  it('normalises IP entries written in other notations', () => {
    const policy = new NetworkPolicy({ allow: ['0x7f.1', '[::FFFF:7f00:2]'] });
    expect(policy.refusalFor('127.0.0.1', 'example.test', 80)).toBeNull();
    expect(policy.refusalFor('127.0.0.2', 'example.test', 80)).toBeNull();
  });

  it('requires the port of a host:port entry to match', () => {
    const policy = new NetworkPolicy({ allow: ['127.0.0.1:8080', '[::1]:9090', 'intranet.example:443'] });
    expect(policy.refusalFor('127.0.0.1', '127.0.0.1', 8080)).toBeNull();
    expect(policy.refusalFor('127.0.0.1', '127.0.0.1', 8081)).toBe('loopback');
    expect(policy.refusalFor('::1', '[::1]', 9090)).toBeNull();
    expect(policy.refusalFor('::1', '[::1]', 9091)).toBe('loopback');
    expect(policy.refusalFor('10.0.0.5', 'intranet.example', 443)).toBeNull();
    expect(policy.refusalFor('10.0.0.5', 'intranet.example', 80)).toBe('private');
    expect(() => policy.assertUrlAllowed('http://127.0.0.1:8080/')).not.toThrow();
    expect(refusalOf(() => policy.assertUrlAllowed('http://127.0.0.1/')).code).toBe('url_not_allowed');
  });

  it('allows CIDR ranges, IPv4 and IPv6', () => {
    const policy = new NetworkPolicy({ allow: ['10.0.0.0/8', '127.0.0.0/8', 'fd00::/8', '::1/128'] });
    expect(policy.refusalFor('10.200.0.1', 'a.example', 80)).toBeNull();
    expect(policy.refusalFor('127.0.0.2', '127.0.0.2', 80)).toBeNull();
    expect(policy.refusalFor('::ffff:10.0.0.1', 'a.example', 80)).toBeNull();
    expect(policy.refusalFor('192.168.0.1', 'a.example', 80)).toBe('private');
    expect(policy.refusalFor('fd12::1', 'a.example', 80)).toBeNull();
    expect(policy.refusalFor('fc00::1', 'a.example', 80)).toBe('private');
    expect(policy.refusalFor('::1', '[::1]', 80)).toBeNull();
    expect(policy.refusalFor('169.254.169.254', 'a.example', 80)).toBe('link-local');
  });

  it('lets localhost names reach DNS only when a loopback address is allowed', () => {
    expect(() => new NetworkPolicy({ allow: ['127.0.0.1'] }).assertUrlAllowed('http://localhost:3000/')).not.toThrow();
    expect(() => new NetworkPolicy({ allow: ['localhost:3000'] }).assertUrlAllowed('http://localhost:3000/')).not.toThrow();
    expect(refusalOf(() => new NetworkPolicy({ allow: ['127.0.0.1:3000'] }).assertUrlAllowed('http://localhost:3001/')).code).toBe('url_not_allowed');
  });
});

describe('NetworkPolicy.lookupFor', () => {
  it('hands only the allowed addresses to the socket', async () => {
    const policy = new NetworkPolicy({ allow: [], resolve: answers('127.0.0.1', '93.184.215.14', '10.0.0.1') });
    const { error, address } = await lookup(policy, 'mixed.example', 80);
    expect(error).toBeNull();
    expect(address).toEqual([{ address: '93.184.215.14', family: 4 }]);
  });

  it('answers in the single-address form when `all` is not set', async () => {
    const policy = new NetworkPolicy({ allow: [], resolve: answers('2606:4700:4700::1111') });
    expect(await lookup(policy, 'v6.example', 443, {})).toEqual({ error: null, address: '2606:4700:4700::1111', family: 6 });
  });

  it('refuses with url_not_allowed naming the host, the address and the rule when every address is refused', async () => {
    const policy = new NetworkPolicy({ allow: [], resolve: answers('169.254.169.254') });
    const { error } = await lookup(policy, 'rebind.example', 80);
    expect(error).toBeInstanceOf(ScrapioError);
    expect((error as ScrapioError).code).toBe('url_not_allowed');
    expect(error!.message).toContain('rebind.example (169.254.169.254)');
    expect(error!.message).toContain('rule: link-local;');
  });

  it('applies the port of host:port entries, which the lookup itself is never told', async () => {
    const policy = new NetworkPolicy({ allow: ['127.0.0.1:8080'], resolve: answers('127.0.0.1') });
    expect((await lookup(policy, 'fixture.test', 8080)).error).toBeNull();
    expect((await lookup(policy, 'fixture.test', 22)).error).toBeInstanceOf(ScrapioError);
  });

  it('allows by host name as written whatever the answer', async () => {
    const policy = new NetworkPolicy({ allow: ['fixture.test'], resolve: answers('10.9.8.7') });
    expect(await lookup(policy, 'fixture.test', 80)).toMatchObject({ error: null, address: [{ address: '10.9.8.7' }] });
  });

  it('passes DNS failures through unchanged', async () => {
    const failure = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND' });
    const policy = new NetworkPolicy({ allow: [], resolve: () => Promise.reject(failure) });
    expect((await lookup(policy, 'nowhere.test', 80)).error).toBe(failure);
  });

  it('judges the real resolver answer for localhost (from /etc/hosts): refused by default, allowed by address', async () => {
    const refused = await lookup(new NetworkPolicy({ allow: [] }), 'localhost', 80);
    expect((refused.error as ScrapioError).code).toBe('url_not_allowed');
    const allowed = await lookup(new NetworkPolicy({ allow: ['127.0.0.1'] }), 'localhost', 80);
    expect(allowed.error).toBeNull();
    expect(allowed.address).toEqual([{ address: '127.0.0.1', family: 4 }]);
  });
});
