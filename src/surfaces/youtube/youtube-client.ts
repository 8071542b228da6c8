import type { HostScheduler } from '../../engine/web/host-scheduler';
import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';
import { PoliteSiteFetch, type Fetch, type SiteRequest } from '../shared/polite-site-fetch';
import { assertYouTubePage, isConsentUrl } from './page-guard';
import { parseSearchContinuation, parseSearchPage, type SearchPage } from './search-parser';
import { parseTimedText, type CaptionCue } from './timedtext-parser';
import { parseWatchPage, type CaptionTrack, type WatchPage } from './watch-parser';

/** The `youtube` section of the config. */
export interface YouTubeOptions {
  /** Where YouTube is read from: https://www.youtube.com, or a fixture server in tests. */
  baseUrl: string;
  /** Spacing between the starts of two requests to one YouTube host, across every request and job. */
  perRequestDelayMs: number;
  /** One request to YouTube, redirects and body included. */
  requestTimeoutMs: number;
}

export type SearchType = 'video' | 'channel' | 'playlist' | 'all';

export interface SearchParams {
  search: string;
  language?: string;
  country?: string;
  type?: SearchType;
}

export interface Locale {
  language?: string;
  country?: string;
}

/** The `sp` search filter YouTube's own "Type" filter sets (a protobuf, base64): the same values yt-dlp uses. */
const TYPE_FILTER: Record<Exclude<SearchType, 'all'>, string> = { video: 'EgIQAQ==', channel: 'EgIQAg==', playlist: 'EgIQAw==' };
/** Used when the first page did not state its own (ytcfg INNERTUBE_CLIENT_VERSION). */
const FALLBACK_CLIENT_VERSION = '2.20250620.01.00';
/** `SOCS=CAI` declines the optional cookies up front, so EU visitors are not sent to the consent page (as yt-dlp does). */
const CONSENT_COOKIE = 'SOCS=CAI';

/**
 * Reads YouTube's public pages through the server's HttpClient (so the SSRF policy and body caps apply),
 * one polite request at a time per host: every request waits its turn at a HostScheduler spaced by
 * youtube.perRequestDelayMs, and a 429 pauses the host.
 */
export class YouTubeClient {
  readonly #options: YouTubeOptions;
  readonly #site: PoliteSiteFetch;

  constructor(deps: { fetch: Fetch; options: YouTubeOptions; scheduler?: HostScheduler }) {
    this.#options = deps.options;
    this.#site = new PoliteSiteFetch(deps, { site: 'YouTube', perHostConcurrency: 2, headers: { cookie: CONSENT_COOKIE }, isInterstitial: isConsentUrl });
  }

  /** Page 1 of a search: the results page with its embedded ytInitialData. */
  async firstSearchPage(params: SearchParams, signal?: AbortSignal): Promise<SearchPage> {
    const url = new URL('/results', this.#options.baseUrl);
    url.searchParams.set('search_query', params.search);
    if (params.type && params.type !== 'all') url.searchParams.set('sp', TYPE_FILTER[params.type]);
    setLocale(url, params);
    const document = await this.#get(url.href, signal);
    return parseSearchPage(assertYouTubePage(document, 'YouTube search'));
  }

  /** A further page: the InnerTube search endpoint with the previous page's continuation token. */
  async nextSearchPage(params: SearchParams, token: string, clientVersion: string | undefined, signal?: AbortSignal): Promise<SearchPage> {
    const url = new URL('/youtubei/v1/search', this.#options.baseUrl);
    url.searchParams.set('prettyPrint', 'false');
    const version = clientVersion ?? FALLBACK_CLIENT_VERSION;
    const client: Record<string, string> = { clientName: 'WEB', clientVersion: version };
    if (params.language) client.hl = params.language;
    if (params.country) client.gl = params.country.toUpperCase();
    const document = await this.#send(
      {
        url: url.href,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          'x-youtube-client-name': '1',
          'x-youtube-client-version': version,
          origin: new URL(this.#options.baseUrl).origin,
        },
        body: JSON.stringify({ context: { client }, continuation: token }),
      },
      signal,
    );
    const text = assertYouTubePage(document, 'YouTube search continuation');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new ScrapioError('extraction_failed', 'YouTube search continuation: the InnerTube answer is not JSON; its layout may have changed.', {
        cause: error,
      });
    }
    return { ...parseSearchContinuation(json), clientVersion: version };
  }

  async watchPage(videoId: string, locale: Locale, signal?: AbortSignal): Promise<WatchPage> {
    const url = new URL('/watch', this.#options.baseUrl);
    url.searchParams.set('v', videoId);
    setLocale(url, locale);
    const document = await this.#get(url.href, signal);
    return parseWatchPage(assertYouTubePage(document, `YouTube video ${videoId}`), videoId);
  }

  /** One caption track, asked for as json3; a track served as timedtext XML is read too. */
  async captionTrack(track: CaptionTrack, signal?: AbortSignal): Promise<CaptionCue[]> {
    const url = new URL(track.baseUrl, this.#options.baseUrl);
    url.searchParams.set('fmt', 'json3');
    const what = `caption track ${track.languageCode} (${track.origin})`;
    const document = await this.#get(url.href, signal);
    return parseTimedText(assertYouTubePage(document, what), what);
  }

  #get(url: string, signal?: AbortSignal): Promise<FetchedDocument> {
    return this.#send({ url }, signal);
  }

  /**
   * Redirects are followed by PoliteSiteFetch rather than by the HttpClient: a redirect to consent.youtube.com
   * must be recognised as an interstitial, not fetched (it would also leave the configured base URL in tests).
   */
  #send(request: SiteRequest, signal?: AbortSignal): Promise<FetchedDocument> {
    return this.#site.followingRedirects(request, signal);
  }
}

function setLocale(url: URL, locale: Locale): void {
  if (locale.language) url.searchParams.set('hl', locale.language);
  if (locale.country) url.searchParams.set('gl', locale.country.toUpperCase());
}
