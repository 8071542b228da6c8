import { ScrapioError } from '../../errors';
import type { FetchedDocument } from '../../extract/fetched-document';

/**
 * Decides which target answers are failures. Refusals (401/403/407/429/451) and server errors are
 * `target_blocked`; other statuses (a 404 page, say) still have content worth returning, and the
 * metadata output reports their status code.
 */
export function assertUsableTargetStatus(document: FetchedDocument): void {
  const status = document.statusCode;
  const where = document.finalUrl;
  if ([401, 403, 407, 451].includes(status)) {
    throw new ScrapioError('target_blocked', `The target refused the request with HTTP ${status} (${where}).`, { blocked: true, retryable: false });
  }
  if (status === 429) {
    throw new ScrapioError('target_blocked', `The target rate-limited the request with HTTP 429 (${where}); retry later.`, { blocked: true, retryable: true });
  }
  if (status >= 500) {
    throw new ScrapioError('target_blocked', `The target answered HTTP ${status} (${where}).`, { blocked: false, retryable: true });
  }
}
