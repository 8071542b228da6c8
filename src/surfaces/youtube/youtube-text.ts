/** Small readers for the shapes YouTube's renderers repeat everywhere (text objects, counts, thumbnails). */

export type Json = Record<string, unknown>;

/** The canonical site, used in the URLs handed back (the configured base URL may be a fixture server). */
export const YOUTUBE_ORIGIN = 'https://www.youtube.com';

export function asObject(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Follows a path of keys and array indexes; undefined as soon as one step is missing. */
export function dig(value: unknown, ...path: Array<string | number>): unknown {
  let current = value;
  for (const step of path) {
    if (typeof step === 'number') current = Array.isArray(current) ? current[step] : undefined;
    else current = asObject(current)?.[step];
    if (current === undefined) return undefined;
  }
  return current;
}

/** A YouTube text object: `{simpleText}` or `{runs: [{text}]}` (the `content` of the newer view models too). */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  const object = asObject(value);
  if (!object) return undefined;
  if (typeof object.simpleText === 'string') return object.simpleText;
  if (typeof object.content === 'string') return object.content;
  const runs = asArray(object.runs);
  if (runs.length === 0) return undefined;
  return runs.map((run) => asString(asObject(run)?.text) ?? '').join('');
}

/** "1,234,567 views", "1.234.567 Aufrufe", "No views" → 1234567, 0; undefined when it holds no count. */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (/^\s*no\s/i.test(text)) return 0;
  const digits = /\d[\d,.\u00a0\u202f ]*/.exec(text)?.[0];
  if (!digits) return undefined;
  // Abbreviated forms ("1.2M views") are not exact counts: the full viewCountText is preferred upstream.
  if (/\d\s*[KMB]\b/i.test(text)) return undefined;
  const value = Number(digits.replace(/[^\d]/g, ''));
  return Number.isSafeInteger(value) ? value : undefined;
}

/** "1:02:03" / "4:13" → seconds. */
export function clockToSeconds(text: string | undefined): number | undefined {
  if (!text || !/^\d+(:\d{1,2}){1,2}$/.test(text.trim())) return undefined;
  return text
    .trim()
    .split(':')
    .reduce((total, part) => total * 60 + Number(part), 0);
}

/** Seconds → an ISO-8601 duration ("PT1H2M3S"), the form the YouTube Data API uses too. */
export function isoDuration(seconds: number): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = Math.floor(seconds % 60);
  if (seconds <= 0) return 'PT0S';
  return `PT${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${rest ? `${rest}S` : ''}`;
}

/** Thumbnail URLs as absolute https URLs ("//yt3.ggpht.com/…" on channels), largest last as YouTube lists them. */
export function thumbnailUrls(value: unknown): string[] {
  const urls: string[] = [];
  for (const entry of asArray(asObject(value)?.thumbnails ?? asObject(value)?.sources ?? value)) {
    const url = absoluteUrl(asString(asObject(entry)?.url));
    if (url) urls.push(url);
  }
  return urls;
}

export function absoluteUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const parsed = new URL(url, 'https://i.ytimg.com/');
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}

export const videoUrl = (videoId: string) => `${YOUTUBE_ORIGIN}/watch?v=${encodeURIComponent(videoId)}`;
