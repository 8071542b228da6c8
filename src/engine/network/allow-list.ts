import ipaddr from 'ipaddr.js';
import { canonicalAddress, parseIpAddress, type IpAddress } from './address-ranges';

/**
 * The `network.allow` entries (config or SCRAPIO_ALLOW_HOSTS) that the SSRF policy lets through anyway:
 * "host", "host:port", "[v6]:port" or a CIDR range ("127.0.0.0/8", "::1/128").
 */

type AllowEntry = { kind: 'host'; host: string; port?: number } | { kind: 'cidr'; range: [IpAddress, number] };

export class AllowList {
  readonly #entries: AllowEntry[];

  /** Throws a plain Error naming the first malformed entry (config validation reports it). */
  constructor(entries: readonly string[]) {
    this.#entries = entries.map(parseEntry);
  }

  /**
   * True when an entry names the host as written in the URL or the address connected to (and, for
   * host:port entries, this port). Matching the address lets `127.0.0.1` cover `localhost`.
   */
  matches(hostname: string, address: IpAddress, port: number): boolean {
    const host = normalizeHost(hostname);
    const target = canonicalAddress(address);
    const addressText = target.toString();
    return this.#entries.some((entry) => {
      if (entry.kind === 'cidr') return target.kind() === entry.range[0].kind() && target.match(entry.range);
      return (entry.host === host || entry.host === addressText) && (entry.port === undefined || entry.port === port);
    });
  }
}

/**
 * Lowercase, without IPv6 brackets or the trailing dot of a fully qualified name; IP literals in canonical
 * form (IPv4-mapped IPv6 as plain IPv4) so that one spelling matches every other.
 */
export function normalizeHost(hostname: string): string {
  const bare = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/\.$/, '');
  const address = parseIpAddress(bare);
  return address ? canonicalAddress(address).toString() : bare;
}

function parseEntry(entry: string): AllowEntry {
  const text = entry.trim();
  const fail = (reason: string): never => {
    throw new Error(`network.allow entry "${entry}" is invalid: ${reason}. Use "host", "host:port" or a CIDR range such as "127.0.0.0/8".`);
  };
  if (text.includes('/')) {
    const cidr = text.replace(/^\[([^\]]*)\]/, '$1');
    if (!ipaddr.isValidCIDR(cidr)) fail('not a valid CIDR range');
    const [address, bits] = ipaddr.parseCIDR(cidr);
    return { kind: 'cidr', range: [address, bits] };
  }
  if (ipaddr.IPv6.isValid(text)) return { kind: 'host', host: normalizeHost(text) };

  const match = /^(\[[^\]]+\]|[^:[\]]+)(?::(\d+))?$/.exec(text);
  if (!match) return fail('expected host or host:port');
  const [, hostPart, portPart] = match;
  const port = portPart === undefined ? undefined : Number(portPart);
  if (port !== undefined && (port < 1 || port > 65535)) fail('port must be between 1 and 65535');
  return { kind: 'host', host: parseHost(hostPart, fail), port };
}

/** Host part through the WHATWG URL parser, so entries get the same normalisation as fetched URLs. */
function parseHost(hostPart: string, fail: (reason: string) => never): string {
  let url: URL;
  try {
    url = new URL(`http://${hostPart}/`);
  } catch {
    return fail('not a valid host name or IP address');
  }
  if (url.username || url.password || url.pathname !== '/' || url.port || url.search || url.hash) fail('not a valid host name or IP address');
  const host = normalizeHost(url.hostname);
  if (!parseIpAddress(host) && !/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) fail('not a valid host name or IP address');
  return host;
}
