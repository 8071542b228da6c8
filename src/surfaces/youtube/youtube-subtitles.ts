import { ScrapioError } from '../../errors';
import type { CaptionCue } from './timedtext-parser';
import type { CaptionTrack, SubtitleOrigin } from './watch-parser';
import type { YouTubeClient } from './youtube-client';
import type { SubtitlesQuery } from './youtube-input';

/** One entry of a track in the v1 YouTubeSubtitlesResponse (the shape of YouTube's own transcript segments). */
export interface SubtitleSegment {
  start_ms: string;
  d_duration_ms: string;
  snippet: { runs: Array<{ text: string }> };
}

export type SubtitlesByOrigin = Record<SubtitleOrigin, Record<string, SubtitleSegment[]>>;

/** Tracks fetched for one request at most: without `language` a video may list dozens of creator tracks. */
const MAX_TRACKS = 10;

/**
 * GET /v1/youtube/subtitles: the video's caption tracks, filtered by `subtitle_origin` and `language`
 * (a tag matches a track of the same tag or of the same primary language: "en" matches "en-GB", "en-GB"
 * matches "en"), grouped by origin and language code. Both origins are always present (the spec requires
 * both keys), an origin with no kept track as `{}`. 404 when the video has no track, or none that matches.
 */
export async function readSubtitles(
  client: YouTubeClient,
  query: SubtitlesQuery,
  signal?: AbortSignal,
): Promise<{ video_id: string; subtitles: SubtitlesByOrigin }> {
  const { captionTracks } = await client.watchPage(query.video_id, { language: query.language }, signal);
  if (captionTracks.length === 0) {
    throw new ScrapioError('not_found', `Video ${query.video_id} has no caption tracks (neither creator nor automatic captions).`);
  }
  const chosen = chooseTracks(captionTracks, query);
  if (chosen.length === 0) {
    const available = captionTracks.map((track) => `${track.languageCode} (${track.origin})`).join(', ');
    const wanted = [query.language && `language ${query.language}`, query.subtitle_origin && `origin ${query.subtitle_origin}`].filter(Boolean).join(' and ');
    throw new ScrapioError('not_found', `Video ${query.video_id} has no caption track for ${wanted}; available: ${available}.`);
  }
  const subtitles: SubtitlesByOrigin = { auto_generated: {}, creator: {} };
  for (const track of chosen) {
    const cues = await client.captionTrack(track, signal);
    const byLanguage = subtitles[track.origin];
    const key = byLanguage[track.languageCode] === undefined ? track.languageCode : `${track.languageCode} (${track.name})`;
    byLanguage[key] = toSegments(cues, query.include_timestamps ?? true);
  }
  return { video_id: query.video_id, subtitles };
}

export function chooseTracks(tracks: CaptionTrack[], query: Pick<SubtitlesQuery, 'language' | 'subtitle_origin'>): CaptionTrack[] {
  const ofOrigin = query.subtitle_origin ? tracks.filter((track) => track.origin === query.subtitle_origin) : tracks;
  const wanted = query.language?.toLowerCase();
  const exact = wanted ? ofOrigin.filter((track) => track.languageCode.toLowerCase() === wanted) : ofOrigin;
  const kept = exact.length > 0 || !wanted ? exact : ofOrigin.filter((track) => primary(track.languageCode) === primary(wanted));
  // Creator tracks first: they are the ones people wrote.
  return [...kept].sort((a, b) => Number(a.origin === 'auto_generated') - Number(b.origin === 'auto_generated')).slice(0, MAX_TRACKS);
}

/**
 * Cues as v1 segments. With include_timestamps false the track is one segment holding the whole text
 * (start of the first cue, duration up to the end of the last): plain text in a shape the spec still accepts,
 * since it requires start_ms and d_duration_ms on every segment.
 */
export function toSegments(cues: CaptionCue[], includeTimestamps: boolean): SubtitleSegment[] {
  if (includeTimestamps) {
    return cues.map((cue) => ({ start_ms: String(cue.startMs), d_duration_ms: String(cue.durationMs), snippet: { runs: [{ text: cue.text }] } }));
  }
  if (cues.length === 0) return [];
  const start = cues[0].startMs;
  const end = Math.max(...cues.map((cue) => cue.startMs + cue.durationMs));
  return [{ start_ms: String(start), d_duration_ms: String(end - start), snippet: { runs: [{ text: cues.map((cue) => cue.text).join(' ') }] } }];
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0];
}
