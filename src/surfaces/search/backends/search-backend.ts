/** What every search backend answers and the one interface they share (the runner knows nothing else). */

export const BACKEND_NAMES = ['duckduckgo', 'searxng', 'brave', 'local'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface SearchHit {
  /** Absolute http(s) URL of the result. */
  url: string;
  title: string;
  /** Plain text; the backend's highlighted terms marked **like this**. */
  snippet: string;
}

export interface SearchOptions {
  /** The backend may return fewer; it never returns more. */
  maxResults: number;
  /** Whose index the local backend searches; web backends ignore it. */
  tenant: string;
  signal?: AbortSignal;
}

export interface SearchBackend {
  readonly name: BackendName;
  search(query: string, options: SearchOptions): Promise<SearchHit[]>;
}
