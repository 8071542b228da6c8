import { ScrapioError } from '../../errors';
import { extractAssignedJson, innertubeClientVersion } from './embedded-json';
import { missingDataError } from './page-guard';
import {
  asArray,
  asObject,
  asString,
  clockToSeconds,
  dig,
  isoDuration,
  parseCount,
  textOf,
  thumbnailUrls,
  videoUrl,
  YOUTUBE_ORIGIN,
  type Json,
} from './youtube-text';

/** One entry of the v1 YouTubeSearchResponse `results` array. */
export interface SearchResultItem {
  kind: 'video' | 'channel' | 'playlist';
  id: string;
  title: string;
  url: string;
  thumbnail: string;
  channel?: string;
  description?: string;
  published_at?: string;
  view_count?: number;
  duration?: string;
}

/** What one page of search results gives: its items and the token of the next page, if any. */
export interface SearchPage {
  items: SearchResultItem[];
  continuation?: string;
  /** Read from the first page's ytcfg; later InnerTube requests say they are this client. */
  clientVersion?: string;
}

/**
 * The first results page (`/results?search_query=`): `ytInitialData.contents.twoColumnSearchResultsRenderer
 * .primaryContents.sectionListRenderer.contents[]`, whose itemSectionRenderer entries hold the renderers and
 * whose continuationItemRenderer holds the next page's token (the paths yt-dlp's `_search_results` reads).
 */
export function parseSearchPage(html: string): SearchPage {
  const data = extractAssignedJson(html, 'ytInitialData');
  if (!data) throw missingDataError(html, 'YouTube search', 'the embedded ytInitialData');
  const sections = dig(data, 'contents', 'twoColumnSearchResultsRenderer', 'primaryContents', 'sectionListRenderer', 'contents');
  if (!Array.isArray(sections)) {
    throw new ScrapioError(
      'extraction_failed',
      'YouTube search: ytInitialData has no twoColumnSearchResultsRenderer section list; the page layout may have changed.',
    );
  }
  return { ...readSections(sections, 'YouTube search'), clientVersion: innertubeClientVersion(html) };
}

/**
 * A further page (`POST /youtubei/v1/search` with a continuation token):
 * `onResponseReceivedCommands[].appendContinuationItemsAction.continuationItems[]`, same sections as above.
 */
export function parseSearchContinuation(response: unknown): SearchPage {
  const commands = asArray(asObject(response)?.onResponseReceivedCommands);
  const items = commands.flatMap((command) => asArray(dig(command, 'appendContinuationItemsAction', 'continuationItems')));
  if (items.length === 0) {
    throw new ScrapioError(
      'extraction_failed',
      'YouTube search continuation: no appendContinuationItemsAction in the InnerTube answer; its layout may have changed.',
    );
  }
  return readSections(items, 'YouTube search continuation');
}

function readSections(sections: unknown[], what: string): SearchPage {
  const items: SearchResultItem[] = [];
  let continuation: string | undefined;
  let rendererCount = 0;
  let emptyMarker = false;
  const unknown = new Set<string>();
  for (const section of sections) {
    const token = asString(dig(section, 'continuationItemRenderer', 'continuationEndpoint', 'continuationCommand', 'token'));
    if (token) continuation = token;
    for (const entry of asArray(dig(section, 'itemSectionRenderer', 'contents'))) {
      const renderer = asObject(entry);
      if (!renderer) continue;
      const name = Object.keys(renderer)[0] ?? '';
      rendererCount += 1;
      const item = toItem(name, asObject(renderer[name]) ?? {});
      if (item) items.push(item);
      else if (item === null) unknown.add(name);
      // "No results found" is a backgroundPromoRenderer (or a showingResultsFor note) in an otherwise empty section.
      if (name === 'backgroundPromoRenderer') emptyMarker = true;
    }
  }
  if (items.length === 0 && rendererCount > 0 && !emptyMarker && unknown.size > 0) {
    throw new ScrapioError(
      'extraction_failed',
      `${what}: no result renderer this parser knows (found ${[...unknown].slice(0, 5).join(', ')}); YouTube's layout may have changed.`,
    );
  }
  return { items, continuation };
}

/** Renderers that are not results (ads, shelves of other searches, spelling notes): skipped without a complaint. */
const IGNORED = new Set([
  'adSlotRenderer',
  'promotedSparklesWebRenderer',
  'searchPyvRenderer',
  'shelfRenderer',
  'reelShelfRenderer',
  'horizontalCardListRenderer',
  'showingResultsForRenderer',
  'didYouMeanRenderer',
  'backgroundPromoRenderer',
  'messageRenderer',
  'movieRenderer',
  'radioRenderer',
  'gridShelfViewModel',
]);

/** An item, undefined for a renderer to skip, null for one this parser does not know. */
function toItem(name: string, renderer: Json): SearchResultItem | undefined | null {
  switch (name) {
    case 'videoRenderer':
      return videoItem(renderer);
    case 'channelRenderer':
      return channelItem(renderer);
    case 'playlistRenderer':
      return playlistItem(renderer);
    case 'lockupViewModel':
      return lockupItem(renderer);
    default:
      return IGNORED.has(name) ? undefined : null;
  }
}

function videoItem(renderer: Json): SearchResultItem | undefined {
  const id = asString(renderer.videoId);
  const title = textOf(renderer.title);
  if (!id || !title) return undefined;
  const item: SearchResultItem = {
    kind: 'video',
    id,
    title,
    url: videoUrl(id),
    thumbnail: thumbnailUrls(renderer.thumbnail).at(-1) ?? `https://i.ytimg.com/vi/${id}/hqdefault.jpg`,
  };
  const channel = textOf(renderer.ownerText) ?? textOf(renderer.longBylineText);
  if (channel) item.channel = channel;
  const snippet =
    asArray(renderer.detailedMetadataSnippets)
      .map((entry) => textOf(asObject(entry)?.snippetText))
      .find(Boolean) ?? textOf(renderer.descriptionSnippet);
  if (snippet) item.description = snippet;
  const published = textOf(renderer.publishedTimeText);
  if (published) item.published_at = published;
  const views = parseCount(textOf(renderer.viewCountText));
  if (views !== undefined) item.view_count = views;
  const seconds = clockToSeconds(textOf(renderer.lengthText));
  if (seconds !== undefined) item.duration = isoDuration(seconds);
  return item;
}

function channelItem(renderer: Json): SearchResultItem | undefined {
  const id = asString(renderer.channelId);
  const title = textOf(renderer.title);
  const thumbnail = thumbnailUrls(renderer.thumbnail).at(-1);
  if (!id || !title || !thumbnail) return undefined;
  const path = asString(dig(renderer, 'navigationEndpoint', 'browseEndpoint', 'canonicalBaseUrl')) ?? `/channel/${id}`;
  const item: SearchResultItem = { kind: 'channel', id, title, url: new URL(path, YOUTUBE_ORIGIN).href, thumbnail, channel: title };
  const description = textOf(renderer.descriptionSnippet);
  if (description) item.description = description;
  return item;
}

function playlistItem(renderer: Json): SearchResultItem | undefined {
  const id = asString(renderer.playlistId);
  const title = textOf(renderer.title);
  const thumbnail =
    asArray(renderer.thumbnails)
      .flatMap((entry) => thumbnailUrls(entry))
      .at(-1) ?? thumbnailUrls(renderer.thumbnail).at(-1);
  if (!id || !title || !thumbnail) return undefined;
  const item: SearchResultItem = { kind: 'playlist', id, title, url: `${YOUTUBE_ORIGIN}/playlist?list=${encodeURIComponent(id)}`, thumbnail };
  const channel = textOf(renderer.shortBylineText) ?? textOf(renderer.longBylineText);
  if (channel) item.channel = channel;
  return item;
}

/** The newer view model YouTube uses for playlists (and mixes) in search: contentId + lockupMetadataViewModel. */
function lockupItem(renderer: Json): SearchResultItem | undefined {
  if (renderer.contentType !== 'LOCKUP_CONTENT_TYPE_PLAYLIST') return undefined;
  const id = asString(renderer.contentId);
  const title = textOf(dig(renderer, 'metadata', 'lockupMetadataViewModel', 'title'));
  const image = dig(renderer, 'contentImage', 'collectionThumbnailViewModel', 'primaryThumbnail', 'thumbnailViewModel', 'image');
  const thumbnail = thumbnailUrls(image).at(-1);
  if (!id || !title || !thumbnail) return undefined;
  const item: SearchResultItem = { kind: 'playlist', id, title, url: `${YOUTUBE_ORIGIN}/playlist?list=${encodeURIComponent(id)}`, thumbnail };
  const rows = asArray(dig(renderer, 'metadata', 'lockupMetadataViewModel', 'metadata', 'contentMetadataViewModel', 'metadataRows'));
  const channel = textOf(dig(rows[0], 'metadataParts', 0, 'text'));
  if (channel) item.channel = channel;
  return item;
}
