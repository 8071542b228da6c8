import type { Command } from 'commander';
import { announcePromotion, createContext, printJson, type GlobalOptions } from '../cli-context';

interface FetchOptions {
  markdown?: boolean;
  html?: boolean;
  render?: boolean;
}

/** `scrapio fetch URL`: one page as markdown (default) or HTML; `--render` uses Chromium. */
export function registerFetch(program: Command): void {
  program
    .command('fetch')
    .description('fetch one page and print it as markdown (default) or HTML')
    .argument('<url>', 'the page to fetch')
    .option('--markdown', 'print the main content as markdown (the default)')
    .option('--html', 'print the HTML document')
    .option('--render', 'render the page in Chromium first (render_js)')
    .action(async (url: string, options: FetchOptions, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>());
      if (options.markdown && options.html) throw new Error('choose one of --markdown and --html');
      const output = options.html ? 'html' : 'markdown';
      const response = await context.client.runSurface('/v1/fetch', { url, output: [output], render_js: options.render === true }, announcePromotion(context));
      if (context.json) return printJson(context, response);
      const outputs = (response.outputs ?? {}) as Record<string, unknown>;
      const text = outputs[output];
      if (typeof text !== 'string') {
        const failures = ((response.diagnostics as { output_failures?: { message: string }[] } | undefined)?.output_failures ?? []).map(
          (failure) => failure.message,
        );
        throw new Error(`the server returned no ${output}${failures.length > 0 ? `: ${failures.join('; ')}` : ''}`);
      }
      context.out(text);
    });
}
