import { ScrapioError } from '../../errors';
import { extractAssignedJson } from './embedded-json';
import { missingDataError } from './page-guard';
import { asArray, asObject, asString, dig, isoDuration, textOf, thumbnailUrls, videoUrl, type Json } from './youtube-text';

export type SubtitleOrigin = 'auto_generated' | 'creator';

export interface CaptionTrack {
  baseUrl: string;
  languageCode: string;
  name: string;
  origin: SubtitleOrigin;
}

/** The `video` object of the v1 YouTubeVideoResponse. */
export interface VideoDetails {
  id: string;
  title: string;
  url: string;
  channel: string;
  description: string;
  published_at: string;
  thumbnails: string[];
  duration?: string;
  view_count?: number;
  like_count?: number;
  tags?: string[];
  category?: string;
  captions_available?: boolean;
}

export interface WatchPage {
  video: VideoDetails;
  captionTracks: CaptionTrack[];
}

/**
 * The watch page (`/watch?v=ID`): `ytInitialPlayerResponse` gives videoDetails, microformat
 * (playerMicroformatRenderer) and the caption tracks (captions.playerCaptionsTracklistRenderer.captionTracks,
 * `kind: "asr"` for automatic speech recognition); `ytInitialData` gives the like count, which is only in the
 * like button's accessibility text. These are the paths yt-dlp's YoutubeIE reads.
 */
export function parseWatchPage(html: string, videoId: string): WatchPage {
  const what = `YouTube video ${videoId}`;
  const player = extractAssignedJson(html, 'ytInitialPlayerResponse');
  if (!player) throw missingDataError(html, what, 'the embedded ytInitialPlayerResponse');
  const playability = asObject(player.playabilityStatus);
  const status = asString(playability?.status);
  const reason = textOf(playability?.reason) ?? textOf(dig(playability, 'errorScreen', 'playerErrorMessageRenderer', 'reason'));
  const details = asObject(player.videoDetails);
  if (status === 'ERROR' || (!details && status === 'UNPLAYABLE')) {
    throw new ScrapioError('not_found', `${what} is not available${reason ? `: ${reason}` : ''}.`);
  }
  if (!details) {
    if (status === 'LOGIN_REQUIRED') {
      throw new ScrapioError('target_blocked', `${what}: YouTube asks to sign in${reason ? ` ("${reason}")` : ''}; the video cannot be read anonymously.`, {
        blocked: true,
      });
    }
    throw new ScrapioError('extraction_failed', `${what}: ytInitialPlayerResponse has no videoDetails; YouTube's layout may have changed.`);
  }
  const title = asString(details.title);
  const id = asString(details.videoId);
  if (!title || !id) throw new ScrapioError('extraction_failed', `${what}: videoDetails has no title or videoId; YouTube's layout may have changed.`);
  const microformat = asObject(dig(player, 'microformat', 'playerMicroformatRenderer')) ?? {};
  const initialData = extractAssignedJson(html, 'ytInitialData');
  const captionTracks = readCaptionTracks(player);

  const video: VideoDetails = {
    id,
    title,
    url: videoUrl(id),
    channel: asString(details.author) ?? textOf(microformat.ownerChannelName) ?? '',
    description: asString(details.shortDescription) ?? textOf(microformat.description) ?? '',
    published_at: publishedAt(microformat, initialData),
    thumbnails: thumbnailUrls(details.thumbnail),
  };
  const seconds = Number(details.lengthSeconds ?? microformat.lengthSeconds);
  if (Number.isFinite(seconds) && seconds >= 0) video.duration = isoDuration(seconds);
  const views = Number(details.viewCount ?? microformat.viewCount);
  if (Number.isSafeInteger(views) && views >= 0) video.view_count = views;
  const likes = likeCount(initialData);
  if (likes !== undefined) video.like_count = likes;
  const keywords = asArray(details.keywords).filter((keyword): keyword is string => typeof keyword === 'string');
  video.tags = keywords;
  const category = asString(microformat.category);
  if (category) video.category = category;
  video.captions_available = captionTracks.length > 0;
  return { video, captionTracks };
}

function readCaptionTracks(player: Json): CaptionTrack[] {
  const tracks: CaptionTrack[] = [];
  for (const entry of asArray(dig(player, 'captions', 'playerCaptionsTracklistRenderer', 'captionTracks'))) {
    const track = asObject(entry);
    const baseUrl = asString(track?.baseUrl);
    const languageCode = asString(track?.languageCode);
    if (!track || !baseUrl || !languageCode) continue;
    tracks.push({
      baseUrl,
      languageCode,
      name: textOf(track.name) ?? languageCode,
      origin: track.kind === 'asr' || asString(track.vssId)?.startsWith('a.') ? 'auto_generated' : 'creator',
    });
  }
  return tracks;
}

/** microformat publishDate ("2009-10-24" or "2009-10-24T23:57:33-07:00") as ISO-8601; the date text as a fallback. */
function publishedAt(microformat: Json, initialData: Json | undefined): string {
  const raw = asString(microformat.publishDate) ?? asString(microformat.uploadDate);
  if (raw) {
    if (/^\d{4}-\d{2}-\d{2}$/.test(raw)) return raw;
    const parsed = Date.parse(raw);
    return Number.isNaN(parsed) ? raw : new Date(parsed).toISOString();
  }
  return textOf(primaryInfo(initialData)?.dateText) ?? '';
}

function primaryInfo(initialData: Json | undefined): Json | undefined {
  const contents = asArray(dig(initialData, 'contents', 'twoColumnWatchNextResults', 'results', 'results', 'contents'));
  return contents.map((entry) => asObject(asObject(entry)?.videoPrimaryInfoRenderer)).find(Boolean);
}

const LIKE_PATTERNS = [
  /along with ([\d,.\u00a0\u202f]+) other (?:people|person)/i, // "like this video along with 18,765,432 other people"
  /^([\d,.\u00a0\u202f]+) likes?$/i, // older toggleButtonRenderer label "18,765,432 likes"
];

/**
 * Likes: the like button of videoPrimaryInfoRenderer (segmentedLikeDislikeButtonViewModel or the older
 * toggleButtonRenderer) states the exact count only in its accessibility text. The newer pages also carry
 * `likeCountEntity.likeCountIfIndifferentNumber` in frameworkUpdates, preferred when present.
 */
function likeCount(initialData: Json | undefined): number | undefined {
  const mutations = asArray(dig(initialData, 'frameworkUpdates', 'entityBatchUpdate', 'mutations'));
  for (const mutation of mutations) {
    const value = Number(dig(mutation, 'payload', 'likeCountEntity', 'likeCountIfIndifferentNumber'));
    if (Number.isSafeInteger(value) && value >= 0) return value;
  }
  const buttons = dig(primaryInfo(initialData), 'videoActions', 'menuRenderer', 'topLevelButtons');
  let found: number | undefined;
  walkStrings(buttons, (text) => {
    if (found !== undefined || /dislike/i.test(text)) return;
    for (const pattern of LIKE_PATTERNS) {
      const digits = pattern.exec(text.trim())?.[1];
      if (digits) {
        const value = Number(digits.replace(/[^\d]/g, ''));
        // "along with N other people" counts the people besides the viewer, who has not liked it: N is the count.
        if (Number.isSafeInteger(value)) found = value;
        return;
      }
    }
  });
  return found;
}

function walkStrings(value: unknown, visit: (text: string) => void, depth = 0): void {
  if (depth > 40) return;
  if (typeof value === 'string') visit(value);
  else if (Array.isArray(value)) for (const entry of value) walkStrings(entry, visit, depth + 1);
  else if (value && typeof value === 'object') for (const entry of Object.values(value)) walkStrings(entry, visit, depth + 1);
}
