import dns from 'node:dns';
import type { LookupFunction } from 'node:net';
import { ScrapioError } from '../../errors';
import { parseIpAddress, refusalRule } from './address-ranges';
import { AllowList, normalizeHost } from './allow-list';

/**
 * The SSRF policy (API.md §7): by default only public addresses are fetched. Two checkpoints:
 * `assertUrlAllowed` before any connection (scheme, IP literals, localhost names), and `lookupFor`, the
 * DNS lookup of the sockets themselves, which judges the addresses actually connected to.
 */

export interface NetworkPolicyOptions {
  /** `network.allow` / SCRAPIO_ALLOW_HOSTS: "host", "host:port" or CIDR entries allowed anyway. */
  allow: string[];
  /** Name resolution behind `lookupFor` (default: dns.lookup, all addresses). Tests inject a fixed answer to play a rebinding DNS server. */
  resolve?: (hostname: string, options: dns.LookupOptions) => Promise<dns.LookupAddress[]>;
}

export class NetworkPolicy {
  readonly #allow: AllowList;
  readonly #resolve: NonNullable<NetworkPolicyOptions['resolve']>;

  /** Throws a plain Error naming the bad entry when an allow entry is malformed. */
  constructor(options: NetworkPolicyOptions) {
    this.#allow = new AllowList(options.allow);
    this.#resolve = options.resolve ?? ((hostname, lookupOptions) => dns.promises.lookup(hostname, { ...lookupOptions, all: true }));
  }

  /**
   * Parses and checks a URL before any connection: http/https only; IP-literal hosts are judged here
   * because net.connect never calls `lookup` for them (the WHATWG parser has already turned 2130706433,
   * 0x7f.1, 0177.0.0.1 and 127.1 into 127.0.0.1). Host names are judged later, on their resolved address.
   */
  assertUrlAllowed(url: string | URL): URL {
    const parsed = parseUrl(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ScrapioError('url_not_allowed', `URL not allowed: the scheme "${parsed.protocol}" is refused; only http: and https: URLs can be fetched.`);
    }
    const port = effectivePort(parsed);
    const literal = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
    if (parseIpAddress(literal)) {
      this.assertAddressAllowed(literal, parsed.hostname, port);
    } else if (isLocalhostName(parsed.hostname)) {
      // RFC 6761 reserves these names for loopback (many resolvers answer so without asking DNS): refuse them
      // here unless the allow-list would let a loopback address through; then the lookup judges the answer.
      const allowed = ['127.0.0.1', '::1'].some((address) => this.refusalFor(address, parsed.hostname, port) === null);
      if (!allowed) throw refusal(parsed.hostname, undefined, port, 'localhost');
    }
    return parsed;
  }

  /**
   * Verdict on an address about to be connected to: null when allowed (public, or matched by the allow-list
   * through the host name as written in the URL or through the address), else the refusing rule's name.
   */
  refusalFor(address: string, hostname: string, port: number): string | null {
    const parsed = parseIpAddress(address.replace(/^\[(.*)\]$/, '$1'));
    if (!parsed) throw new TypeError(`refusalFor expects an IP address, got "${address}"`);
    if (this.#allow.matches(hostname, parsed, port)) return null;
    return refusalRule(parsed);
  }

  /** Throws the url_not_allowed ScrapioError when `refusalFor` refuses the address. */
  assertAddressAllowed(address: string, hostname: string, port: number): void {
    const rule = this.refusalFor(address, hostname, port);
    if (rule !== null) throw refusal(hostname, address, port, rule);
  }

  /**
   * A dns.lookup replacement for the sockets to `port` (allow entries may name a port, and a lookup is
   * never told the port, hence one function per port). It resolves, drops the refused addresses and hands
   * only the allowed ones to net.connect: the check runs on the address actually connected, so a DNS answer
   * that changes between a check and the connection (rebinding) cannot slip through. When every address is
   * refused it fails with the url_not_allowed ScrapioError itself.
   */
  lookupFor(port: number): LookupFunction {
    return (hostname, options, callback) => {
      this.#resolve(hostname, options).then(
        (answers) => {
          const verdicts = answers.map((answer) => ({ answer, rule: this.refusalFor(answer.address, hostname, port) }));
          const allowed = verdicts.filter((verdict) => verdict.rule === null).map((verdict) => verdict.answer);
          if (allowed.length > 0) {
            if (options.all) callback(null, allowed);
            else callback(null, allowed[0].address, allowed[0].family);
            return;
          }
          const refused = verdicts[0];
          callback(refused ? refusal(hostname, refused.answer.address, port, refused.rule!) : notFound(hostname), '');
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    };
  }
}

function parseUrl(url: string | URL): URL {
  if (url instanceof URL) return new URL(url.href);
  try {
    return new URL(url);
  } catch (error) {
    throw new ScrapioError('invalid_request', `"${url}" is not a valid absolute URL.`, { cause: error });
  }
}

function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function isLocalhostName(hostname: string): boolean {
  const host = normalizeHost(hostname);
  return host === 'localhost' || host.endsWith('.localhost');
}

function refusal(hostname: string, address: string | undefined, port: number, rule: string): ScrapioError {
  const host = normalizeHost(hostname);
  const target = address === undefined || normalizeHost(address) === host ? hostname : `${hostname} (${address})`;
  const entry = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  return new ScrapioError(
    'url_not_allowed',
    `URL not allowed: ${target} is refused by the network policy (rule: ${rule}; SSRF protection). ` +
      `To fetch it anyway, add "${entry}" to network.allow in scrapio.config.json or SCRAPIO_ALLOW_HOSTS.`,
  );
}

function notFound(hostname: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND', hostname });
}
