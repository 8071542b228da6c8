import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exchangeKey } from '../../../../src/engine/recording/exchange-key';
import { RecordingStore } from '../../../../src/engine/recording/recording-store';
import { TrafficRecorder } from '../../../../src/engine/recording/traffic-recorder';

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'scrapio-recording-unit-'));

describe('RecordingStore', () => {
  it('writes one readable file per exchange plus a sorted index, text as text and binary as base64', () => {
    const dir = tempDir();
    const store = new RecordingStore(dir, { create: true });
    const page = exchangeKey({ method: 'GET', url: 'http://site.test/page' }, []);
    const image = exchangeKey({ method: 'GET', url: 'http://site.test/a.png' }, []);
    store.save(page, { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<h1>Hé</h1>') });
    store.save(image, { status: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from([0x89, 0x50, 0xff]) });
    const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8'));
    expect(index.exchanges.map((entry: { key: string }) => entry.key)).toEqual(['GET http://site.test/a.png', 'GET http://site.test/page']);
    const pageFile = JSON.parse(fs.readFileSync(path.join(dir, index.exchanges[1].file), 'utf8'));
    expect(pageFile).toEqual({
      key: 'GET http://site.test/page',
      request: { method: 'GET', url: 'http://site.test/page' },
      response: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, bodyText: '<h1>Hé</h1>' },
    });
    const imageFile = JSON.parse(fs.readFileSync(path.join(dir, index.exchanges[0].file), 'utf8'));
    expect(Buffer.from(imageFile.response.bodyBase64, 'base64')).toEqual(Buffer.from([0x89, 0x50, 0xff]));
  });

  it('reads files as a person edited them', () => {
    const dir = tempDir();
    const key = exchangeKey({ method: 'GET', url: 'http://site.test/page' }, []);
    new RecordingStore(dir, { create: true }).save(key, { status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('old') });
    const [name] = fs.readdirSync(path.join(dir, 'exchanges'));
    const file = path.join(dir, 'exchanges', name);
    const edited = JSON.parse(fs.readFileSync(file, 'utf8'));
    edited.response.status = 503;
    edited.response.bodyText = 'edited by hand';
    fs.writeFileSync(file, JSON.stringify(edited));
    const reloaded = new RecordingStore(dir, { create: false }).find(key);
    expect(reloaded?.status).toBe(503);
    expect(reloaded?.body.toString()).toBe('edited by hand');
  });

  it('refuses a malformed file at start, naming it', () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'exchanges'));
    fs.writeFileSync(path.join(dir, 'exchanges', 'broken.json'), '{"request": {}}');
    expect(() => new RecordingStore(dir, { create: false })).toThrow('exchanges/broken.json');
  });
});

describe('TrafficRecorder', () => {
  it('fails a missing recording naming method and URL, or lets it through with passthrough', () => {
    const dir = tempDir();
    const failing = new TrafficRecorder({ mode: 'replay', dir });
    expect(() => failing.replay({ method: 'GET', url: 'http://site.test/x?b=1&a=2' })).toThrow(
      expect.objectContaining({ code: 'target_unreachable', message: expect.stringContaining('No recording for GET http://site.test/x?a=2&b=1') }),
    );
    const passing = new TrafficRecorder({ mode: 'replay', dir, missing: 'passthrough' });
    expect(passing.replay({ method: 'GET', url: 'http://site.test/x' })).toBeUndefined();
    passing.record({ method: 'GET', url: 'http://site.test/x' }, { status: 200, headers: {}, body: Buffer.from('hi') });
    expect(passing.replay({ method: 'GET', url: 'http://site.test/x' })?.body.toString()).toBe('hi');
    expect(passing.counts()).toEqual({ replayed: 1, recorded: 1, network: 1, missing: 1 });
  });

  it('refuses to replay from a directory that does not exist', () => {
    expect(() => new TrafficRecorder({ mode: 'replay', dir: path.join(tempDir(), 'nope') })).toThrow('does not exist');
  });
});
