import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses count as public. The SSRF policy refuses everything else by default; this file only
 * classifies, it knows nothing of URLs or allow-lists.
 */

export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/**
 * ipaddr.js range names that are reachable on the public internet. Anything else is refused: a range that
 * a future ipaddr.js version adds is then refused until someone decides it is public (fail closed).
 */
const PUBLIC_RANGES = new Set(['unicast', 'as112', 'as112v6', 'amt']);

/** Rule names used in refusal messages, for the ipaddr.js ranges people know by another name. */
const RULE_NAMES: Record<string, string> = {
  loopback: 'loopback',
  unspecified: 'unspecified',
  private: 'private',
  uniqueLocal: 'private',
  linkLocal: 'link-local',
  carrierGradeNat: 'cgnat',
  multicast: 'multicast',
  broadcast: 'broadcast',
  deprecatedSiteLocal: 'site-local',
};

const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/** Parses an IP literal (no brackets, no zone id); undefined when the string is not an IP address. */
export function parseIpAddress(text: string): IpAddress | undefined {
  if (ipaddr.IPv4.isValidFourPartDecimal(text)) return ipaddr.parse(text);
  if (!ipaddr.IPv6.isValid(text)) return undefined;
  // ipaddr.js reads the dotted tail of "::127.0.0.1" as IPv4-mapped (::ffff:127.0.0.1), but it is the
  // IPv4-compatible ::7f00:1, another address: let the WHATWG serialiser spell it in hex first.
  return ipaddr.parse(text.includes('.') ? new URL(`http://[${text}]/`).hostname.slice(1, -1) : text);
}

/**
 * The address a socket really talks to: an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is the IPv4 host
 * itself on a dual-stack socket, so allow-list entries for a.b.c.d must match it too.
 */
export function canonicalAddress(address: IpAddress): IpAddress {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() ? (address as ipaddr.IPv6).toIPv4Address() : address;
}

/** The name of the rule that refuses this address, or null when it is public. */
export function refusalRule(address: IpAddress): string | null {
  if (address.kind() === 'ipv4') return ruleForRange(address.range());
  const embedded = embeddedIPv4(address as ipaddr.IPv6);
  if (embedded) {
    // These forms end up at the embedded IPv4 host (dual-stack sockets, NAT64 gateways, 6to4 and Teredo
    // relays), so they are exactly as dangerous as that host: judge it, and name the form in the rule.
    const rule = refusalRule(embedded.address);
    return rule === null ? null : `${embedded.form} ${rule}`;
  }
  return ruleForRange(address.range());
}

function ruleForRange(range: string): string | null {
  if (PUBLIC_RANGES.has(range)) return null;
  return RULE_NAMES[range] ?? 'reserved';
}

function embeddedIPv4(address: ipaddr.IPv6): { form: string; address: ipaddr.IPv4 } | undefined {
  const p = address.parts;
  const fromParts = (high: number, low: number) => new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  const zeros = (from: number, to: number) => p.slice(from, to).every((part) => part === 0);

  if (address.isIPv4MappedAddress()) return { form: 'ipv4-mapped', address: address.toIPv4Address() };
  // ::ffff:0:a.b.c.d (RFC 6145 IPv4-translated).
  if (zeros(0, 4) && p[4] === 0xffff && p[5] === 0) return { form: 'ipv4-translated', address: fromParts(p[6], p[7]) };
  // ::a.b.c.d (deprecated IPv4-compatible); :: and ::1 are left to their own ranges.
  if (zeros(0, 6) && !(p[6] === 0 && p[7] <= 1)) return { form: 'ipv4-compatible', address: fromParts(p[6], p[7]) };
  if (address.match(NAT64_WELL_KNOWN)) return { form: 'nat64', address: fromParts(p[6], p[7]) };
  // 2002:AABB:CCDD::/48 carries the 6to4 router's IPv4 address AA.BB.CC.DD.
  if (p[0] === 0x2002) return { form: '6to4', address: fromParts(p[1], p[2]) };
  // 2001:0::/32 Teredo: the last 32 bits are the client's IPv4 address with every bit inverted.
  if (p[0] === 0x2001 && p[1] === 0) return { form: 'teredo', address: fromParts(~p[6] & 0xffff, ~p[7] & 0xffff) };
  return undefined;
}
