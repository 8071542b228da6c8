import { createSocket, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { BrowserPool } from '../../../src/engine/browser/browser-pool';
import { renderPage } from '../../../src/engine/browser/browser-render';
import { NetworkPolicy } from '../../../src/engine/network/network-policy';
import { runInteraction } from '../../../src/surfaces/interact/interact-render';
import { html, startFixtureServer, type FixtureServer } from '../../helpers/fixture-server';
import { closePoolAndCheck } from '../../helpers/browser/pool-teardown';

// WebRTC speaks UDP (STUN, TURN, ICE checks) straight from Chromium, around the egress proxy: a page could
// send blind UDP to any address. A UDP listener on 127.0.0.1 (allowed for TCP) must receive nothing at all.

interface UdpListener {
  port: number;
  packets: Buffer[];
  close(): Promise<void>;
}

async function listenUdp(host: string): Promise<UdpListener> {
  const socket: Socket = createSocket('udp4');
  const packets: Buffer[] = [];
  socket.on('message', (message) => packets.push(message));
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return { port: (socket.address() as AddressInfo).port, packets, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

/**
 * The tester's page: a peer connection with a STUN server and a TURN server on the listener, a data channel, an
 * offer, and a remote answer whose host candidate is the listener (Chromium would send it ICE checks). It tries
 * the constructors of a fresh about:blank frame and of a popup too. `#done` appears once gathering ended (or after 1.5 s).
 */
function webrtcPage(port: number): string {
  return `<body><pre id="kind"></pre><pre id="out">pending</pre><script>
    const out = document.getElementById('out');
    const note = (text) => { out.textContent += ' ' + text; };
    const finish = () => { if (!document.getElementById('done')) document.body.insertAdjacentHTML('beforeend', '<p id="done">done</p>'); };
    document.getElementById('kind').textContent = typeof RTCPeerConnection;
    const frame = document.createElement('iframe');
    document.body.append(frame);
    // A new window's first about:blank document gets no new-document script: its constructor is still there.
    const popup = window.open('about:blank');
    const constructors = [window.RTCPeerConnection, window.webkitRTCPeerConnection, frame.contentWindow.RTCPeerConnection, popup && popup.RTCPeerConnection]
      .filter(Boolean);
    note('constructors=' + constructors.length);
    for (const Peer of constructors) {
      try {
        const pc = new Peer({ iceServers: [
          { urls: 'stun:127.0.0.1:${port}' },
          { urls: 'turn:127.0.0.1:${port}?transport=udp', username: 'user', credential: 'secret' },
        ] });
        pc.createDataChannel('leak');
        pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') finish(); };
        pc.createOffer()
          .then((offer) => pc.setLocalDescription(offer).then(() => offer))
          .then((offer) => pc.setRemoteDescription({ type: 'answer', sdp: offer.sdp
            .replace(/a=setup:actpass/g, 'a=setup:active')
            .replace(/a=ice-ufrag:.*\\r\\n/g, 'a=ice-ufrag:PAGECHOSEN\\r\\n')
            .replace(/a=ice-pwd:.*\\r\\n/g, 'a=ice-pwd:pagechosenpasswordpagechosen\\r\\n')
            + 'a=candidate:1 1 udp 2122260223 127.0.0.1 ${port} typ host\\r\\n' }))
          .then(() => note('offer+answer'), (error) => note('failed ' + error.name));
      } catch (error) {
        note('threw ' + error.name);
      }
    }
    setTimeout(finish, 1500);
  </script></body>`;
}

let site: FixtureServer;
let udp: UdpListener;
let pool: BrowserPool;

beforeAll(async () => {
  udp = await listenUdp('127.0.0.1');
  site = await startFixtureServer({ '/webrtc': html(webrtcPage(udp.port)) });
  pool = new BrowserPool({ maxConcurrentPages: 2, retireAfterPages: 100, policy: new NetworkPolicy({ allow: ['127.0.0.1'] }) });
});

afterAll(async () => {
  await closePoolAndCheck(pool);
  await Promise.all([site.close(), udp.close()]);
});

beforeEach(() => {
  udp.packets.length = 0;
});

/** ICE gathering and checks are sent within milliseconds; a short grace covers packets still in flight. */
const settleUdp = () => new Promise((resolve) => setTimeout(resolve, 500));

test('a rendered page has no RTCPeerConnection, and its WebRTC attempts send no UDP', async () => {
  const { document } = await renderPage(pool, { url: `${site.origin}/webrtc`, timeoutMs: 20_000 });
  await settleUdp();
  expect(udp.packets.length).toBe(0);
  expect(document.text).toContain('<pre id="kind">undefined</pre>');
  expect(document.text).toContain('id="done"');
});

test('an interaction on the same page sends no UDP either', async () => {
  const { run, document } = await runInteraction(pool, {
    url: `${site.origin}/webrtc`,
    actions: [{ type: 'wait_for', selector: '#done' }],
    timeoutMs: 20_000,
    allowEvaluate: false,
  });
  await settleUdp();
  expect(udp.packets.length).toBe(0);
  expect(run.failedAt).toBeUndefined();
  expect(document.text).toContain('<pre id="kind">undefined</pre>');
});
