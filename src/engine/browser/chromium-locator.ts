import { accessSync, constants, statSync } from 'node:fs';
import { ScrapioError } from '../../errors';

const INSTALL_HINT = 'install one with: apt-get install -y chromium (or set browser.executablePath / PUPPETEER_EXECUTABLE_PATH)';

/**
 * Searched in order when neither config nor env names a binary. Debian's /usr/bin/chromium is a wrapper
 * script that sources /etc/chromium.d and may add flags, so the real binary beside it comes first.
 */
export const WELL_KNOWN_CHROMIUM_PATHS: readonly string[] = [
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
  '/usr/lib/chromium-browser/chromium-browser',
  '/usr/bin/chromium-browser',
  '/opt/google/chrome/chrome',
  '/usr/bin/google-chrome-stable',
  '/usr/bin/google-chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];

export interface ChromiumLocatorOptions {
  /** Config `browser.executablePath`; wins over everything else. */
  executablePath?: string;
  env?: NodeJS.ProcessEnv;
  candidates?: readonly string[];
}

/** The Chromium binary to launch, or `browser_unavailable` naming the install command. */
export function locateChromium(options: ChromiumLocatorOptions = {}): string {
  const env = options.env ?? process.env;
  // An explicit choice that does not work is an error, not a reason to silently launch another browser.
  if (options.executablePath) return requireExecutable(options.executablePath, 'browser.executablePath');
  const fromEnv = env.PUPPETEER_EXECUTABLE_PATH;
  if (fromEnv) return requireExecutable(fromEnv, 'PUPPETEER_EXECUTABLE_PATH');
  const candidates = options.candidates ?? WELL_KNOWN_CHROMIUM_PATHS;
  const found = candidates.find(isExecutableFile);
  if (found) return found;
  throw new ScrapioError('browser_unavailable', `No Chromium found (looked in ${candidates.join(', ')}): ${INSTALL_HINT}.`);
}

function requireExecutable(path: string, source: string): string {
  if (isExecutableFile(path)) return path;
  throw new ScrapioError('browser_unavailable', `${source} names ${path}, which is not an executable file: ${INSTALL_HINT}.`);
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
