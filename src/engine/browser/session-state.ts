import type { Cookie, Page } from 'puppeteer-core';
import { BROWSER_CALL_TIMEOUT_MS, withTimeout } from './browser-timeout';

/** A cookie as stored with a session: plain JSON, accepted as-is by Puppeteer's setCookie. */
export interface SessionCookie {
  name: string;
  value: string;
  domain: string;
  path: string;
  /** Unix seconds; absent for a session cookie (kept: a login often lives in one). */
  expires?: number;
  httpOnly?: boolean;
  secure?: boolean;
  sameSite?: 'Strict' | 'Lax' | 'None';
  partitionKey?: string | { sourceOrigin: string; hasCrossSiteAncestor?: boolean };
}

/** What a `session.id` carries between jobs (API.md §5 sessions); the lead stores it as JSON. */
export interface SessionState {
  cookies: SessionCookie[];
  /** origin (e.g. "https://example.com") → key → value. */
  localStorage: Record<string, Record<string, string>>;
}

export function emptySessionState(): SessionState {
  return { cookies: [], localStorage: {} };
}

/**
 * Marks, in the tab's sessionStorage, that this origin's localStorage was restored: the restore script runs
 * on every new document, and must not overwrite what an earlier page of the same job wrote.
 */
const RESTORED_FLAG = '__scrapio_session_restored';

/** Frames that show an error page never answer an evaluate; they must not hold the job for long. */
const FRAME_READ_TIMEOUT_MS = 2_000;

/** Puts a stored session into a fresh context, before the first navigation. */
export async function restoreSessionState(page: Page, state: SessionState): Promise<void> {
  const nowSeconds = Date.now() / 1000;
  const cookies = state.cookies.filter((cookie) => cookie.expires === undefined || cookie.expires > nowSeconds);
  if (cookies.length > 0) await withTimeout(page.browserContext().setCookie(...cookies), BROWSER_CALL_TIMEOUT_MS, 'Restoring session cookies');
  if (Object.keys(state.localStorage).length === 0) return;
  await withTimeout(
    page.evaluateOnNewDocument(
      (byOrigin: Record<string, Record<string, string>>, flag: string) => {
        const items = byOrigin[location.origin];
        if (!items) return;
        try {
          if (sessionStorage.getItem(flag) !== null) return;
          for (const [key, value] of Object.entries(items)) localStorage.setItem(key, value);
          sessionStorage.setItem(flag, '1');
        } catch {
          // Opaque origins and storage-disabled documents have no storage to restore into.
        }
      },
      state.localStorage,
      RESTORED_FLAG,
    ),
    BROWSER_CALL_TIMEOUT_MS,
    'Restoring session localStorage',
  );
}

/**
 * The session as it stands after the work: every cookie of the context, and localStorage of the origins
 * whose documents are still open in the page (other origins keep their previous values).
 */
export async function captureSessionState(page: Page, previous?: SessionState): Promise<SessionState> {
  const cookies = await withTimeout(page.browserContext().cookies(), BROWSER_CALL_TIMEOUT_MS, 'Reading session cookies');
  const storage = { ...(previous?.localStorage ?? {}) };
  const frames = page.frames().flatMap((frame) => {
    const origin = webOrigin(frame.url());
    return origin ? [{ frame, origin }] : [];
  });
  const captured = await Promise.all(
    frames.map(({ frame, origin }) =>
      withTimeout(frame.evaluate(readLocalStorage), FRAME_READ_TIMEOUT_MS, 'Reading session localStorage').then(
        (items) => ({ origin, items }),
        // A frame showing an error page, detached or without storage: nothing to capture there.
        () => undefined,
      ),
    ),
  );
  for (const entry of captured) {
    if (!entry) continue;
    if (Object.keys(entry.items).length > 0) storage[entry.origin] = entry.items;
    else delete storage[entry.origin];
  }
  return { cookies: cookies.map(toSessionCookie), localStorage: storage };
}

/** Runs in the page. */
function readLocalStorage(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (let i = 0; i < localStorage.length; i += 1) {
    const key = localStorage.key(i);
    if (key !== null) entries[key] = localStorage.getItem(key) ?? '';
  }
  return entries;
}

function webOrigin(url: string): string | undefined {
  try {
    const { protocol, origin } = new URL(url);
    return protocol === 'http:' || protocol === 'https:' ? origin : undefined;
  } catch {
    return undefined;
  }
}

function toSessionCookie(cookie: Cookie): SessionCookie {
  const stored: SessionCookie = {
    name: cookie.name,
    value: cookie.value,
    domain: cookie.domain,
    path: cookie.path,
    httpOnly: cookie.httpOnly ?? false,
    secure: cookie.secure,
  };
  if (!cookie.session && cookie.expires > 0) stored.expires = cookie.expires;
  // 'Default' is how CDP says "not set"; storing nothing lets the browser apply its default again.
  if (cookie.sameSite && cookie.sameSite !== 'Default') stored.sameSite = cookie.sameSite;
  if (cookie.partitionKey !== undefined) stored.partitionKey = cookie.partitionKey;
  return stored;
}
