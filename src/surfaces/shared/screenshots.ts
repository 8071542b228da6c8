import type { FileStore } from '../../files/file-store';
import type { Clock } from '../../lib/clock';

export interface ScreenshotServices {
  files: Pick<FileStore, 'savePng' | 'signedPath'>;
  clock: Clock;
  /** http://host:port of this server (config server.publicBaseUrl wins), for the signed file URLs. */
  publicBaseUrl(): string;
}

/** Saves a PNG in the data directory and returns its signed URL (valid as long as the job's results). */
export async function storeScreenshot(context: { services: ScreenshotServices; tenant: string }, png: Buffer): Promise<string> {
  const { files, clock } = context.services;
  const now = clock.now();
  const stored = await files.savePng(context.tenant, png, now);
  return `${context.services.publicBaseUrl()}${files.signedPath(stored, now)}`;
}
