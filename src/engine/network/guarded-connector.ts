import net from 'node:net';
import { buildConnector } from 'undici';
import type { NetworkPolicy } from './network-policy';

/**
 * The socket factory of the HTTP client's undici Agent: the last checkpoint before a connection opens.
 * - IP-literal hosts are judged here, because net.connect skips `lookup` for them (the client also checks
 *   every URL first; this catches any path that did not).
 * - Host names connect through `policy.lookupFor(port)`, so the address judged is the address connected.
 * undici's own connector does the rest (TLS, session reuse, connect timeout); there is one per port
 * because a lookup is never told the port and allow entries may name one.
 */
export function createGuardedConnector(policy: NetworkPolicy): buildConnector.connector {
  const connectors = new Map<number, buildConnector.connector>();
  return (options, callback) => {
    const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
    const host = options.hostname.replace(/^\[(.*)\]$/, '$1');
    if (net.isIP(host)) {
      try {
        policy.assertAddressAllowed(host, options.hostname, port);
      } catch (error) {
        callback(error as Error, null);
        return;
      }
    }
    let connector = connectors.get(port);
    if (!connector) {
      connector = buildConnector({ lookup: policy.lookupFor(port) });
      connectors.set(port, connector);
    }
    connector(options, callback);
  };
}
