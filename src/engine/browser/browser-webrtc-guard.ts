import type { Page } from 'puppeteer-core';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';

/**
 * Removes WebRTC (RTCPeerConnection and the other RTC* interfaces) from every document of the page before any
 * of its scripts runs. Chromium is launched with `--webrtc-ip-handling-policy=disable_non_proxied_udp`, which is
 * what actually stops WebRTC's UDP (STUN, TURN, ICE checks to addresses the page picks, past the egress proxy);
 * this is the second wall, for documents the flag would miss. A script can still reach the constructor through a
 * popup's first about:blank document (no new-document script runs there), so the flag must stay.
 */
export async function removeWebRtc(page: Page): Promise<void> {
  await withTimeout(
    page.evaluateOnNewDocument(() => {
      for (const name of Object.getOwnPropertyNames(window)) {
        if (/^(webkit)?RTC/.test(name)) delete (window as unknown as Record<string, unknown>)[name];
      }
    }),
    BROWSER_CALL_TIMEOUT_MS,
    'Removing WebRTC',
  );
}
