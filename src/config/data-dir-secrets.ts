import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Reads a secret kept in the data directory, creating it (mode 0600) on first use.
 * Returns whether it was created now, so the caller can print a new API key exactly once.
 */
export function readOrCreateSecret(dataDir: string, fileName: string, prefix = ''): { value: string; created: boolean } {
  const file = path.join(dataDir, fileName);
  if (fs.existsSync(file)) return { value: fs.readFileSync(file, 'utf8').trim(), created: false };
  const value = `${prefix}${randomBytes(24).toString('base64url')}`;
  // 'wx': never overwrite a key another process just wrote.
  fs.writeFileSync(file, `${value}\n`, { mode: 0o600, flag: 'wx' });
  return { value, created: true };
}
