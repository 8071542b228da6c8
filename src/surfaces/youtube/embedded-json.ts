/**
 * YouTube pages carry their data as JavaScript assignments in inline scripts:
 * `var ytInitialData = {...};` and `var ytInitialPlayerResponse = {...};` (also written
 * `window["ytInitialData"] = {...};`). yt-dlp and youtubei.js read them the same way: find the assignment,
 * then take the one balanced JSON object after it. A regex up to `};` would stop inside a string that
 * contains `};`, so the object is delimited by a scan that knows JSON strings and escapes.
 */
export function extractAssignedJson(html: string, name: string): Record<string, unknown> | undefined {
  const assignment = new RegExp(`(?:var\\s+${name}|window\\[["']${name}["']\\]|\\b${name})\\s*=\\s*\\{`, 'g');
  for (let match = assignment.exec(html); match !== null; match = assignment.exec(html)) {
    const start = match.index + match[0].length - 1;
    const end = balancedObjectEnd(html, start);
    if (end === undefined) continue;
    try {
      const parsed = JSON.parse(html.slice(start, end + 1)) as unknown;
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    } catch {
      // Not JSON (e.g. `ytInitialData = {}` built by code): try the next assignment.
    }
  }
  return undefined;
}

/** Index of the `}` that closes the object opened at `start`, or undefined when the text ends first. */
function balancedObjectEnd(text: string, start: number): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i += 1) {
    const char = text.charCodeAt(i);
    if (inString) {
      if (char === 0x5c /* \ */) i += 1;
      else if (char === 0x22 /* " */) inString = false;
      continue;
    }
    if (char === 0x22) inString = true;
    else if (char === 0x7b /* { */ || char === 0x5b /* [ */) depth += 1;
    else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth -= 1;
      if (depth === 0) return i;
    }
  }
  return undefined;
}

/** The InnerTube client version the page was built for (ytcfg INNERTUBE_CLIENT_VERSION), if present. */
export function innertubeClientVersion(html: string): string | undefined {
  return /"INNERTUBE_CLIENT_VERSION"\s*:\s*"([0-9.]+)"/.exec(html)?.[1];
}
