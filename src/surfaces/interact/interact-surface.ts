import type { Clock } from '../../lib/clock';
import type { Config } from '../../config/config-schema';
import type { NetworkPolicy } from '../../engine/network/network-policy';
import type { BuildOutputs, OutputName } from '../../extract/types';
import { withSession, type SessionServices } from '../../sessions/session-use';
import { indexPage, type PageIndexingServices } from '../shared/page-indexing';
import { storeScreenshot, type ScreenshotServices } from '../shared/screenshots';
import type { Surface, SurfaceResult } from '../surface';
import { assertExtractServable, type StructuredExtractServices } from '../shared/structured-extract';
import { interactInputSchema, type InteractInput } from './interact-input';
import { runInteraction, type InteractionBrowser } from './interact-render';

export interface InteractServices extends SessionServices, PageIndexingServices, ScreenshotServices, StructuredExtractServices {
  config: Config;
  clock: Clock;
  policy: Pick<NetworkPolicy, 'assertUrlAllowed'>;
  browser: InteractionBrowser;
  buildOutputs: BuildOutputs;
}

/**
 * interact: Chromium always. The actions run in order, one `steps[]` entry each; a failing step stops the
 * run and the job is `partial`, with the outputs of the page as it then stands and `diagnostics.step_errors`.
 */
export const interactSurface: Surface<InteractInput, InteractServices> = {
  kind: 'interact',
  inputSchema: interactInputSchema,
  validate(input, services) {
    services.policy.assertUrlAllowed(input.url);
    for (const action of input.actions) if (action.type === 'goto' && action.url) services.policy.assertUrlAllowed(action.url);
    assertExtractServable(input.extract, services);
  },
  defaultTimeoutMs: (config) => config.limits.defaultFetchTimeoutMs,

  async run(input, context): Promise<SurfaceResult> {
    const { services, signal } = context;
    const output = (input.output ?? ['html']) as OutputName[];
    const { value: interaction, session } = await withSession(context, input.session, async (state) => {
      const result = await runInteraction(services.browser, {
        url: input.url,
        actions: input.actions,
        device: input.device,
        timeoutMs: input.timeout_ms ?? services.config.limits.defaultFetchTimeoutMs,
        signal,
        allowEvaluate: services.config.interact.allowEvaluate,
        screenshot: output.includes('screenshot') ? { fullPage: false } : undefined,
        session: state,
      });
      return { value: result, state: result.session };
    });
    const pageOutputs = output.filter((name) => name !== 'screenshot');
    const bundle =
      pageOutputs.length > 0 || input.extract
        ? await services.buildOutputs(interaction.document, { output: pageOutputs, extract: input.extract }, { signal, tenant: context.tenant })
        : { outputs: {}, failures: [] };
    const outputs: Record<string, unknown> = { ...bundle.outputs };
    if (interaction.screenshotPng) outputs.screenshot = { url: await storeScreenshot(context, interaction.screenshotPng) };
    if (bundle.indexable) await indexPage(context, interaction.document.finalUrl, bundle.indexable);

    const { run } = interaction;
    const body: Record<string, unknown> = {
      outputs,
      final_url: interaction.document.finalUrl,
      steps: run.steps,
      step_errors: run.stepErrors,
      output_failures: bundle.failures,
    };
    if (session) body.session = session;
    // EXT actions: the screenshots they took (signed URLs) and the values they evaluated.
    if (run.screenshots.length > 0) {
      body.screenshots = await Promise.all(run.screenshots.map(async (shot) => ({ step_id: shot.step_id, url: await storeScreenshot(context, shot.png) })));
    }
    if (run.evaluations.length > 0) body.evaluations = run.evaluations;
    const partial = run.failedAt !== undefined || bundle.failures.length > 0;
    return { status: partial ? 'partial' : 'completed', body };
  },

  async inlineView(result, view) {
    const { steps, step_errors: stepErrors, output_failures: outputFailures, ...interactResult } = result.body;
    return {
      id: view.jobId,
      kind: 'interact',
      mode: 'inline',
      status: result.status,
      steps,
      result: interactResult,
      diagnostics: { step_errors: stepErrors, output_failures: outputFailures },
    };
  },

  async resultView(body) {
    if (!body) return { result: {} };
    const { step_errors: stepErrors, output_failures: outputFailures, ...rest } = body;
    return { result: { ...rest, diagnostics: { step_errors: stepErrors, output_failures: outputFailures } } };
  },
};
