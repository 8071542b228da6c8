import { extractAssignedJson, innertubeClientVersion } from '../../../../src/surfaces/youtube/embedded-json';
import { parseSearchContinuation, parseSearchPage } from '../../../../src/surfaces/youtube/search-parser';
import { parseTimedText } from '../../../../src/surfaces/youtube/timedtext-parser';
import { parseWatchPage } from '../../../../src/surfaces/youtube/watch-parser';
import { chooseTracks, toSegments } from '../../../../src/surfaces/youtube/youtube-subtitles';
import { clockToSeconds, isoDuration, parseCount } from '../../../../src/surfaces/youtube/youtube-text';
import { fixture, TOKEN_PAGE_2, TOKEN_PAGE_3 } from '../../../helpers/youtube-site';

describe('embedded JSON', () => {
  it('takes the balanced object even when a string inside holds "};"', () => {
    const html = '<script>var ytInitialData = {"a":"x};y","b":[{"c":"\\"}"}]};var other = 1;</script>';
    expect(extractAssignedJson(html, 'ytInitialData')).toEqual({ a: 'x};y', b: [{ c: '"}' }] });
  });

  it('reads window["ytInitialData"] assignments and skips ones that are not JSON', () => {
    const html = '<script>ytInitialData = {a: 1};</script><script>window["ytInitialData"] = {"ok":true};</script>';
    expect(extractAssignedJson(html, 'ytInitialData')).toEqual({ ok: true });
    expect(extractAssignedJson('<p>nothing</p>', 'ytInitialData')).toBeUndefined();
  });

  it('reads the InnerTube client version from ytcfg', () => {
    expect(innertubeClientVersion(fixture('search-page-1.html'))).toBe('2.20240620.05.00');
  });
});

describe('search parser', () => {
  it('reads videos, channels and playlists of page 1 and skips ads and shelves', () => {
    const page = parseSearchPage(fixture('search-page-1.html'));
    expect(page.items.map((item) => item.kind)).toEqual(['video', 'channel', 'video', 'playlist']);
    expect(page.continuation).toBe(TOKEN_PAGE_2);
    expect(page.items[3]).toMatchObject({ channel: 'Programming with Mosh', url: 'https://www.youtube.com/playlist?list=PLillGF-RfqbbJYRaNqeUzAb7QY-IqBKRx' });
  });

  it('reads continuations, including the lockupViewModel playlists, and knows the last page', () => {
    expect(parseSearchContinuation(JSON.parse(fixture('search-page-2.json'))).continuation).toBe(TOKEN_PAGE_3);
    const last = parseSearchContinuation(JSON.parse(fixture('search-page-3.json')));
    expect(last.continuation).toBeUndefined();
    expect(last.items[1]).toMatchObject({
      kind: 'playlist',
      id: 'PLWKjhJtqVAbleDe3_ZA8h3AO2rXar-q2V',
      title: 'JavaScript Full Course',
      channel: 'freeCodeCamp.org',
    });
  });

  it('tells no results from a changed layout and from an interstitial', () => {
    expect(parseSearchPage(fixture('search-no-results.html')).items).toEqual([]);
    expect(() => parseSearchPage(fixture('search-changed-layout.html'))).toThrow(expect.objectContaining({ code: 'extraction_failed' }));
    expect(() => parseSearchPage(fixture('search-unknown-renderers.html'))).toThrow(/videoCardViewModel/);
    expect(() => parseSearchPage(fixture('consent.html'))).toThrow(expect.objectContaining({ code: 'target_blocked', blocked: true }));
    expect(() => parseSearchContinuation({ responseContext: {} })).toThrow(expect.objectContaining({ code: 'extraction_failed' }));
  });
});

describe('watch parser', () => {
  it('reads caption tracks with their origin', () => {
    const { captionTracks } = parseWatchPage(fixture('watch-captions.html').replaceAll('__BASE__', 'https://www.youtube.com'), 'W6NZfCO5SIk');
    expect(captionTracks.map((t) => `${t.languageCode}:${t.origin}`)).toEqual(['en:creator', 'de:creator', 'en:auto_generated']);
    expect(captionTracks[0].baseUrl).toMatch(/^https:\/\/www\.youtube\.com\/api\/timedtext\?v=W6NZfCO5SIk/);
  });

  it('reads the older "N likes" label when the view model is absent', () => {
    const html = fixture('watch-captions.html')
      .replace(/"accessibilityText":"like this video along with 456,789 other people"/, '"accessibilityText":"1,234 likes"')
      .replace(/along with 456,790 other people/, 'x');
    expect(parseWatchPage(html, 'W6NZfCO5SIk').video.like_count).toBe(1234);
  });

  it('unavailable → not_found; no player response → extraction_failed', () => {
    expect(() => parseWatchPage(fixture('watch-unavailable.html'), 'zzzzzzzzzzz')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => parseWatchPage(fixture('watch-no-player.html'), 'noPlayer123')).toThrow(expect.objectContaining({ code: 'extraction_failed' }));
  });
});

describe('timed text', () => {
  it('reads json3, dropping the line-break events of automatic captions', () => {
    expect(parseTimedText(fixture('timedtext-en-asr.json3'), 't').map((cue) => cue.text)).toEqual([
      'in this tutorial',
      "you're going to learn",
      'javascript from scratch',
    ]);
  });

  it('reads format-1 XML (seconds, entities escaped twice) and srv3 XML (milliseconds)', () => {
    expect(parseTimedText(fixture('timedtext-en.xml'), 't')[1]).toEqual({ startMs: 3700, durationMs: 2100, text: 'JavaScript & its basics' });
    expect(parseTimedText(fixture('timedtext-srv3.xml'), 't')).toEqual([
      { startMs: 500, durationMs: 3200, text: 'In this tutorial' },
      { startMs: 3700, durationMs: 2100, text: 'JavaScript basics' },
    ]);
  });

  it('an empty or foreign body is extraction_failed', () => {
    expect(() => parseTimedText('', 't')).toThrow(expect.objectContaining({ code: 'extraction_failed' }));
    expect(() => parseTimedText('WEBVTT', 't')).toThrow(expect.objectContaining({ code: 'extraction_failed' }));
  });
});

describe('subtitle selection and shapes', () => {
  const track = (languageCode: string, origin: 'creator' | 'auto_generated') => ({ baseUrl: 'x', languageCode, name: languageCode, origin });
  const tracks = [track('en', 'auto_generated'), track('en-GB', 'creator'), track('de', 'creator')];

  it('matches exact tags first, then the primary language; creator tracks first', () => {
    expect(chooseTracks(tracks, { language: 'en' }).map((t) => `${t.languageCode}:${t.origin}`)).toEqual(['en:auto_generated']);
    expect(chooseTracks(tracks, { language: 'en-US' }).map((t) => `${t.languageCode}:${t.origin}`)).toEqual(['en-GB:creator', 'en:auto_generated']);
    expect(chooseTracks(tracks, { subtitle_origin: 'creator' }).map((t) => t.languageCode)).toEqual(['en-GB', 'de']);
    expect(chooseTracks(tracks, { language: 'fr' })).toEqual([]);
  });

  it('include_timestamps=false folds a track into one segment', () => {
    const cues = [
      { startMs: 100, durationMs: 900, text: 'a' },
      { startMs: 1000, durationMs: 500, text: 'b' },
    ];
    expect(toSegments(cues, false)).toEqual([{ start_ms: '100', d_duration_ms: '1400', snippet: { runs: [{ text: 'a b' }] } }]);
    expect(toSegments([], false)).toEqual([]);
  });
});

describe('text helpers', () => {
  it('counts, clocks and durations', () => {
    expect(parseCount('1,234,567 views')).toBe(1234567);
    expect(parseCount('No views')).toBe(0);
    expect(parseCount('1.2M views')).toBeUndefined();
    expect(clockToSeconds('1:02:03')).toBe(3723);
    expect(clockToSeconds('LIVE')).toBeUndefined();
    expect(isoDuration(3723)).toBe('PT1H2M3S');
    expect(isoDuration(3600)).toBe('PT1H');
    expect(isoDuration(0)).toBe('PT0S');
  });
});
