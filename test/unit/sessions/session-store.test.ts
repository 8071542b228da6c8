import path from 'node:path';
import { openDatabase, type OpenedDatabase } from '../../../src/db/database';
import { SessionStore } from '../../../src/sessions/session-store';
import { tempDir } from '../../helpers/test-server';

const HOUR = 3_600_000;
let opened: OpenedDatabase;
let sessions: SessionStore<{ cookies: string[] }>;

beforeEach(async () => {
  opened = await openDatabase(path.join(tempDir(), 'sessions.db'));
  sessions = new SessionStore(opened.db, 24 * HOUR);
});

afterEach(async () => opened.close());

describe('SessionStore', () => {
  it('creates a session on first use, keeps its state per tenant, and frees it on release', async () => {
    expect(await sessions.acquire('t1', 's', 'job1', 0)).toEqual({ id: 's' });
    await sessions.release('t1', 's', 'job1', { cookies: ['a=1'] }, 1000);
    expect(await sessions.acquire('t1', 's', 'job2', 2000)).toEqual({ id: 's', state: { cookies: ['a=1'] } });
    // Another tenant's session of the same name is a different session.
    expect(await sessions.acquire('t2', 's', 'job3', 2000)).toEqual({ id: 's' });
  });

  it('refuses a second concurrent use with 409 session_busy', async () => {
    await sessions.acquire('t1', 's', 'job1', 0);
    await expect(sessions.acquire('t1', 's', 'job2', 10)).rejects.toMatchObject({ code: 'session_busy', status: 409 });
    // Only the holder releases it.
    await sessions.release('t1', 's', 'job2', { cookies: ['stolen'] }, 20);
    await expect(sessions.acquire('t1', 's', 'job3', 30)).rejects.toMatchObject({ code: 'session_busy' });
    await sessions.release('t1', 's', 'job1', undefined, 40);
    await expect(sessions.acquire('t1', 's', 'job3', 50)).resolves.toEqual({ id: 's' });
  });

  it('answers 410 session_expired after the idle TTL, then forgets the state', async () => {
    await sessions.acquire('t1', 's', 'job1', 0);
    await sessions.release('t1', 's', 'job1', { cookies: ['a=1'] }, 0);
    await expect(sessions.acquire('t1', 's', 'job2', 24 * HOUR)).rejects.toMatchObject({ code: 'session_expired', status: 410 });
    await sessions.pruneExpired(25 * HOUR);
    await expect(sessions.acquire('t1', 's', 'job2', 25 * HOUR)).rejects.toMatchObject({ code: 'session_expired' });
    expect(await sessions.pruneExpired(24 * HOUR * 8 + 1)).toBe(1);
    await expect(sessions.acquire('t1', 's', 'job2', 24 * HOUR * 8 + 2)).resolves.toEqual({ id: 's' });
  });

  it('releases the locks of a dead process at start', async () => {
    await sessions.acquire('t1', 's', 'job1', 0);
    expect(await sessions.releaseAllLocks()).toBe(1);
    await expect(sessions.acquire('t1', 's', 'job2', 10)).resolves.toMatchObject({ id: 's' });
  });
});
