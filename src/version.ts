import fs from 'node:fs';
import path from 'node:path';

/** The package version, read once from package.json (one directory above src/ and dist/). */
export const VERSION: string = (() => {
  try {
    const file = path.join(__dirname, '..', 'package.json');
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
})();

/** The identifiable default User-Agent of outbound requests. */
export function userAgentOf(): string {
  return `scrapio-server/${VERSION} (+https://github.com/scrapio-server)`;
}
