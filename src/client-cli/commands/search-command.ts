import type { Command } from 'commander';
import { announcePromotion, createContext, positiveInteger, printJson, type GlobalOptions } from '../cli-context';

interface SearchOptions {
  local?: boolean;
  provider?: string;
  maxResults?: number;
}

interface SearchHit {
  rank: number;
  title: string;
  url: string;
  snippet: string;
}

/** `scrapio search QUERY`: web search through the server's backend, or `--local` over the pages it has fetched. */
export function registerSearch(program: Command): void {
  program
    .command('search')
    .description("search the web (the server's configured backend) or, with --local, the pages this key has fetched")
    .argument('<query>', 'what to search for')
    .option('--local', 'search the local index of fetched and crawled pages (provider "local")')
    .option('--provider <name>', 'a backend by name: google, duckduckgo, searxng, brave, local')
    .option('--max-results <n>', 'at most this many results', positiveInteger('--max-results'))
    .action(async (query: string, options: SearchOptions, command: Command) => {
      const context = createContext(command.optsWithGlobals<GlobalOptions>());
      if (options.local && options.provider && options.provider !== 'local') throw new Error('--local and --provider name different backends');
      const body: Record<string, unknown> = { query };
      const provider = options.local ? 'local' : options.provider;
      if (provider) body.provider = provider;
      if (options.maxResults !== undefined) body.max_results = options.maxResults;
      const response = await context.client.runSurface('/v1/search', body, announcePromotion(context));
      if (context.json) return printJson(context, response);
      const hits = (response.result as { results?: SearchHit[] } | undefined)?.results ?? [];
      if (hits.length === 0) {
        context.stderr.write('No results.\n');
        return;
      }
      context.out(hits.map((hit) => `${hit.rank}. ${hit.title}\n   ${hit.url}${hit.snippet ? `\n   ${hit.snippet}` : ''}`).join('\n'));
    });
}
