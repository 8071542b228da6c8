import { exchangeKey, normaliseUrl } from '../../../../src/engine/recording/exchange-key';

describe('exchangeKey', () => {
  it('sorts the query, drops the fragment and the ignored parameters', () => {
    expect(normaliseUrl('http://Example.com/p?b=2&cb=9&a=1#top', ['cb'])).toBe('http://example.com/p?a=1&b=2');
    expect(normaliseUrl('http://example.com/p?a=2&a=1', [])).toBe('http://example.com/p?a=1&a=2');
    expect(normaliseUrl('http://example.com/p?cb=1', ['cb'])).toBe('http://example.com/p');
  });

  it('keys a GET by method and URL, a POST by its body hash too', () => {
    expect(exchangeKey({ method: 'get', url: 'http://example.com/?z=1&y=2' }, []).key).toBe('GET http://example.com/?y=2&z=1');
    const one = exchangeKey({ method: 'POST', url: 'http://example.com/form', body: 'q=1' }, []);
    const two = exchangeKey({ method: 'POST', url: 'http://example.com/form', body: 'q=2' }, []);
    expect(one.key).toMatch(/^POST http:\/\/example\.com\/form body:sha256:[0-9a-f]{64}$/);
    expect(one.key).not.toBe(two.key);
    expect(exchangeKey({ method: 'POST', url: 'http://example.com/form', body: Buffer.from('q=1') }, []).key).toBe(one.key);
  });
});
