import { PassThrough } from 'node:stream';
import { createCrawlProgress } from '../../../src/client-cli/crawl-progress';

/** A stream that says it is (or is not) a terminal, recording what is drawn on it. */
function fakeStream(isTTY: boolean): { stream: NodeJS.WriteStream; written(): string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream & PassThrough;
  let written = '';
  stream.on('data', (chunk: Buffer) => (written += chunk.toString('utf8')));
  Object.assign(stream, { isTTY, columns: 120 });
  return { stream, written: () => written };
}

describe('createCrawlProgress', () => {
  it('draws pages done / discovered, the rate and an ETA on a terminal', () => {
    const { stream, written } = fakeStream(true);
    let now = 0;
    const progress = createCrawlProgress(stream, () => now);
    now = 1000;
    progress.update(1, 4);
    now = 2000;
    progress.update(3, 6);
    progress.stop();
    expect(written()).toContain('1/4 pages');
    expect(written()).toContain('3/6 pages | 1.5 pages/s | ETA');
  });

  it('draws nothing when the stream is not a terminal', () => {
    const { stream, written } = fakeStream(false);
    const progress = createCrawlProgress(stream);
    progress.update(1, 4);
    progress.stop();
    expect(written()).toBe('');
  });
});
