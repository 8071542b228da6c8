/** What an engine (the HTTP client, later the browser) hands to extraction: one response, fully read. */
export interface FetchedDocument {
  /** The URL that was asked for. */
  requestedUrl: string;
  /** The URL after redirects (the base for relative links). */
  finalUrl: string;
  statusCode: number;
  /** Response headers, names lowercased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** MIME type without parameters, lowercased (e.g. "text/html"); "" when the target sent none. */
  contentType: string;
  /** The body as received, after content-encoding (gzip, br, deflate) was undone. */
  body: Buffer;
  /** The body decoded to text with the detected charset; undefined for binary types. */
  text?: string;
  /** Every URL that answered with a redirect, in order. */
  redirects: string[];
}
