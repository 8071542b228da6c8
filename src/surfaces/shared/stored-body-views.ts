import type { Surface, ViewContext } from '../surface';

/**
 * inlineView and resultView of a site search crawl (YouTube, Amazon, Walmart): both read the job's stored body
 * through `resultOf`; a job with no stored body reads as an empty result.
 */
export function storedBodyViews<Body, Services>(
  resultOf: (body: Body, view: ViewContext<Services>) => Promise<Record<string, unknown>>,
): Pick<Surface<unknown, Services>, 'inlineView' | 'resultView'> {
  return {
    async inlineView(result, view) {
      return resultOf(result.body as Body, view);
    },

    async resultView(stored, view) {
      if (!stored) return { result: {} };
      return resultOf(stored as Body, view);
    },
  };
}
