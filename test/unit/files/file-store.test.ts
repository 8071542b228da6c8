import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FileStore } from '../../../src/files/file-store';
import { tempDir } from '../../helpers/test-server';

const KEY = 'file-signing-key-of-this-server';
const TTL_MS = 86_400_000;
const TENANT = `t_${'a'.repeat(32)}`;
const NOW = 1_800_000_000_000;
const TEN_YEARS_MS = 10 * 365 * 86_400_000;

const sign = (key: string, fileKey: string, expires: number) => createHmac('sha256', key).update(`${fileKey}:${expires}`).digest('base64url');
const query = (signed: string) => new URL(signed, 'http://x').searchParams;

describe('FileStore signed URLs', () => {
  let dataDir: string;
  let store: FileStore;

  beforeEach(() => {
    dataDir = tempDir('scrapio-files-');
    store = new FileStore(dataDir, KEY, TTL_MS);
  });

  it('serves a URL it minted until the TTL, and never a validly signed one that claims to outlive it', async () => {
    const file = await store.savePng(TENANT, Buffer.from('png'), NOW);
    const name = file.key.split('/')[1];
    const minted = query(store.signedPath(file, NOW));
    expect(store.verify(TENANT, name, minted.get('expires')!, minted.get('sig')!, NOW)).toBe(path.join(dataDir, 'files', TENANT, name));

    const tenYears = String(Math.floor((NOW + TEN_YEARS_MS) / 1000));
    expect(store.verify(TENANT, name, tenYears, sign(KEY, file.key, Number(tenYears)), NOW)).toBeUndefined();
    const justPastTtl = String(Math.floor((NOW + TTL_MS) / 1000) + 1);
    expect(store.verify(TENANT, name, justPastTtl, sign(KEY, file.key, Number(justPastTtl)), NOW)).toBeUndefined();
  });

  it('caps the expiry it mints at one TTL from now', async () => {
    const file = await store.savePng(TENANT, Buffer.from('png'), NOW);
    const params = query(store.signedPath({ ...file, expiresAt: NOW + TEN_YEARS_MS }, NOW));
    expect(Number(params.get('expires'))).toBe(Math.floor((NOW + TTL_MS) / 1000));
  });

  it('moves a tenant directory to a new tenant id', async () => {
    const file = await store.savePng(TENANT, Buffer.from('png'), NOW);
    const to = `t_${'b'.repeat(32)}`;
    expect(await store.renameTenant(TENANT, to)).toBe(1);
    expect(fs.existsSync(path.join(dataDir, 'files', TENANT))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'files', to, file.key.split('/')[1]), 'utf8')).toBe('png');
    expect(await store.renameTenant(TENANT, to)).toBe(0);
  });
});
