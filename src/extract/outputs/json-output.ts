import type { PageMetadata } from '../types';

/** `extract.mode: "page"` (and `json` without `extract`): the page in one object. */
export function pageJson(metadata: PageMetadata, markdown: string): Record<string, unknown> {
  return {
    title: metadata.title ?? null,
    description: metadata.description ?? null,
    markdown,
    language: metadata.language ?? null,
    url: metadata.final_url,
  };
}
