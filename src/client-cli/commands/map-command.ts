import type { Command } from 'commander';
import { announcePromotion, createContext, positiveInteger, printJson, type GlobalOptions } from '../cli-context';

interface MapOptions {
  maxUrls?: number;
  titles?: boolean;
}

interface MappedUrl {
  url: string;
  metadata?: { title?: string };
}

/** `scrapio map URL`: the site's URLs, one per line (tab, title with `--titles`). */
export function registerMap(program: Command): void {
  program
    .command('map')
    .description("list a site's URLs (sitemaps and links), one per line")
    .argument('<url>', 'the site to map')
    .option('--max-urls <n>', 'stop after this many URLs', positiveInteger('--max-urls'))
    .option('--titles', "also print each page's title (include_metadata)")
    .action(async (url: string, options: MapOptions, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>());
      const body: Record<string, unknown> = { seeds: [url] };
      if (options.maxUrls !== undefined) body.max_urls = options.maxUrls;
      if (options.titles) body.include_metadata = true;
      const response = await context.client.runSurface('/v1/map', body, announcePromotion(context));
      if (context.json) return printJson(context, response);
      const urls = ((response.result as { urls?: MappedUrl[] } | undefined)?.urls ?? []).map((entry) =>
        options.titles ? `${entry.url}\t${entry.metadata?.title ?? ''}` : entry.url,
      );
      if (urls.length > 0) context.out(urls.join('\n'));
    });
}
