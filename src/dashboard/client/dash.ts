/**
 * The browser side of the dashboard is a few module functions (one per file here) that the server serves as one
 * script: each function's own source text, called in order with one shared object, the Dash below, to which each
 * module adds its part. So these functions must be self-contained: they may use browser globals and the Dash
 * object, and nothing imported (imports exist only at compile time, for the types).
 */
export type Child = Node | string | null | undefined | false;

/** An API failure in the v1 envelope's terms (network failures get code "network_error"). */
export interface ApiFailure extends Error {
  status: number;
  code: string;
}

export interface JobSummary {
  job_id: string;
  job_type: string;
  status: string;
  created_at: string;
  started_at?: string;
  completed_at?: string;
  result_available?: boolean;
  progress?: { completed: number; total: number };
  error?: { code: string; message: string };
}

export type View = (args: string[], signal: AbortSignal) => void | Promise<void>;

export interface Dash {
  el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Record<string, string>, ...children: Child[]): HTMLElementTagNameMap[K];
  byId<T extends HTMLElement = HTMLElement>(id: string): T;
  /** Shows an error (its code and message) in the alert element `id`, or hides it for null. */
  showError(id: string, error: unknown): void;
  formatBytes(bytes: number): string;
  formatTime(iso: string | undefined): string;
  isTerminal(status: string): boolean;
  /** A status badge whose class follows the status. */
  statusBadge(status: string): HTMLElement;

  key(): string | null;
  setKey(key: string): void;
  clearKey(): void;
  /** A /v1 call with the key as a Bearer header; rejects with an ApiFailure. */
  call<T>(method: string, path: string, body?: unknown): Promise<T>;
  /** Reads a job's Server-Sent Events with fetch() (EventSource cannot send the header) until the stream ends. */
  events(jobId: string, onEvent: (event: string, data: unknown) => void, signal: AbortSignal): Promise<void>;

  views: Record<string, View>;
  /** Runs the current route's view again (the previous run's streams and timers stop). */
  rerun(): void;
  /** Called when the API refuses the key: back to the login view with that message. */
  loggedOut(reason: ApiFailure): void;
}
