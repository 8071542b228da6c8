import { decodeAttributeValue } from '../../engine/web/html-entities';
import { ScrapioError } from '../../errors';
import { asArray, asObject, asString } from './youtube-text';

/** One caption line: when it starts, how long it shows, its text. */
export interface CaptionCue {
  startMs: number;
  durationMs: number;
  text: string;
}

/**
 * A caption track as YouTube's timedtext endpoint serves it, in any of its two common formats:
 * - json3 (`fmt=json3`): `{events: [{tStartMs, dDurationMs, segs: [{utf8, tOffsetMs}]}]}`; automatic
 *   captions add events that only carry a line break (`aAppend`), which hold no text and are dropped;
 * - XML: format 1 `<transcript><text start="1.2" dur="3.4">…</text>` (seconds) or srv3
 *   `<timedtext format="3"><body><p t="1200" d="3400">…<s>…</s></p>` (milliseconds).
 * Text is entity-decoded (format 1 escapes twice) and its whitespace collapsed.
 */
export function parseTimedText(body: string, what: string): CaptionCue[] {
  const trimmed = body.trim();
  if (trimmed === '') {
    throw new ScrapioError('extraction_failed', `${what}: YouTube returned an empty caption track (it may require a token this server cannot obtain).`);
  }
  if (trimmed.startsWith('{')) return parseJson3(trimmed, what);
  if (trimmed.startsWith('<')) return parseXml(trimmed, what);
  throw new ScrapioError('extraction_failed', `${what}: the caption track is neither json3 nor timedtext XML.`);
}

function parseJson3(body: string, what: string): CaptionCue[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new ScrapioError('extraction_failed', `${what}: the json3 caption track is not valid JSON.`, { cause: error });
  }
  const events = asObject(parsed)?.events;
  if (!Array.isArray(events)) throw new ScrapioError('extraction_failed', `${what}: the json3 caption track has no events array.`);
  const cues: CaptionCue[] = [];
  for (const entry of events) {
    const event = asObject(entry);
    if (!event) continue;
    const text = cleanText(
      asArray(event.segs)
        .map((seg) => asString(asObject(seg)?.utf8) ?? '')
        .join(''),
    );
    if (text === '') continue;
    cues.push({ startMs: toInt(event.tStartMs), durationMs: toInt(event.dDurationMs), text });
  }
  return cues;
}

const FORMAT_1 = /<text\b([^>]*)>([\s\S]*?)<\/text>/g;
const SRV3 = /<p\b([^>]*)>([\s\S]*?)<\/p>/g;

function parseXml(body: string, what: string): CaptionCue[] {
  const cues: CaptionCue[] = [];
  const srv3 = /<timedtext\b[^>]*format="3"/.test(body);
  const pattern = srv3 ? SRV3 : FORMAT_1;
  for (const match of body.matchAll(pattern)) {
    const attributes = readAttributes(match[1]);
    const text = cleanText(decodeAttributeValue(decodeAttributeValue(match[2].replace(/<[^>]*>/g, ''))));
    if (text === '') continue;
    if (srv3) cues.push({ startMs: toInt(attributes.t), durationMs: toInt(attributes.d), text });
    else cues.push({ startMs: secondsToMs(attributes.start), durationMs: secondsToMs(attributes.dur), text });
  }
  if (cues.length === 0 && !/<(transcript|timedtext)\b/.test(body)) {
    throw new ScrapioError('extraction_failed', `${what}: the caption track XML has neither <transcript> nor <timedtext>.`);
  }
  return cues;
}

function readAttributes(source: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of source.matchAll(/([\w:-]+)="([^"]*)"/g)) attributes[match[1]] = match[2];
  return attributes;
}

function cleanText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function toInt(value: unknown): number {
  const number = Number(value);
  return Number.isFinite(number) && number >= 0 ? Math.round(number) : 0;
}

function secondsToMs(value: string | undefined): number {
  return toInt(Number(value) * 1000);
}
