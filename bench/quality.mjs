#!/usr/bin/env node
/**
 * Extraction quality harness: how close our markdown and text come to a human-made main text.
 *
 * Corpora (--dir), in either layout:
 * - Readability's own test pages: one folder per page with `source.html`, `expected.html` (the article) and
 *   `expected-metadata.json` (its title).
 * - pairs: `<id>.html` with its ground-truth plain text `<id>.txt`, directly in --dir or one subfolder per
 *   dataset (wceb-dev/cleaneval, wceb-dev/google-trends-2017), summarised per dataset and overall.
 * The markdown's leading `# title` line is not scored (--score-title scores it): the ground truth is the text
 * of the article without the page title, which the pipeline puts on top on purpose.
 * For every page the markdown is turned into plain text (syntax, link and image URLs, fence labels and list
 * numbers dropped), split into lowercase words (runs of unicode letters and digits; one token per CJK character),
 * and scored against the expected words as multisets: precision, recall, F1 (mean and median over pages).
 *
 * Usage (from the repository root):
 *   npm run build && node bench/quality.mjs --direct [--dir DIR] [--out summary.json]   (or npm run bench:quality -- ...)
 *     calls dist/extract/build-outputs.js in this process (or the file named by --module), one page at a time,
 *     and also reports the CPU time per page.
 *   node bench/quality.mjs --direct --engine readability [--dir DIR]
 *     the baseline: plain Mozilla Readability (jsdom) textContent.
 *   BASE_URL=http://127.0.0.1:3000 SCRAPIO_API_KEY=... node bench/quality.mjs [--dir DIR] [--out summary.json]
 *     serves each page from a static server on 127.0.0.1 (a free port) and fetches it through a running
 *     scrapio-server: POST /v1/fetch {url, output: ["markdown", "text", "metadata"]}. That server must have been
 *     started with SCRAPIO_ALLOW_HOSTS=127.0.0.1, or its SSRF policy refuses the loopback fixture server.
 * Options: --only a,b (page names or dataset names), --limit N (first N pages), --score-title, --concurrency N (server mode,
 *   default 4), --module PATH (direct mode), --quiet (no per-page lines).
 */
import { createServer } from 'node:http';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';

const here = dirname(fileURLToPath(import.meta.url));
const PAGE_URL = 'http://fakehost/test/page.html'; // the URL Readability's own tests give these pages

const args = parseArgs(process.argv.slice(2));
const dir = resolve(args.dir ?? '/work/shared/corpus/readability-test-pages');
const only = args.only ? new Set(String(args.only).split(',')) : undefined;
const engine = args.engine ?? 'pipeline';
if (!['pipeline', 'readability'].includes(engine)) fail(`--engine must be pipeline or readability, got ${engine}`);
if (engine !== 'pipeline' && !args.direct) fail(`--engine ${engine} runs only --direct`);
const pages = (await findPages(dir)).filter((page) => !only || only.has(page.name) || only.has(page.dataset));
if (pages.length === 0) fail(`no pages under ${dir} (folders with source.html, or <id>.html + <id>.txt pairs)`);
const byName = new Map(pages.map((page) => [page.name, page]));
const limit = args.limit ? Number(args.limit) : undefined;
const selected = limit ? pages.slice(0, limit) : pages;

const convert = engine === 'readability' ? await readabilityConverter() : args.direct ? await directConverter(args.module) : await serverConverter();
const results = [];
await runPool(selected, args.direct ? 1 : Number(args.concurrency ?? 4), async (page) => {
  const result = await scorePage(page);
  results.push(result);
  if (!args.quiet) console.log(formatLine(result));
});
await convert.close?.();
results.sort((a, b) => a.name.localeCompare(b.name));

const mean = (values) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
const summarise = (group) => {
  const scored = group.filter((result) => !result.error);
  return {
    pages: group.length,
    errors: group.length - scored.length,
    mean_f1_markdown: round(mean(scored.map((result) => result.markdown.f1))),
    mean_precision_markdown: round(mean(scored.map((result) => result.markdown.precision))),
    mean_recall_markdown: round(mean(scored.map((result) => result.markdown.recall))),
    median_f1_markdown: round(median(scored.map((result) => result.markdown.f1))),
    mean_f1_text: round(mean(scored.map((result) => result.text.f1))),
    mean_ms: round(mean(scored.map((result) => result.ms)), 1),
    mean_cpu_ms: args.direct ? round(mean(scored.map((result) => result.cpu_ms)), 1) : undefined,
  };
};
const datasets = [...new Set(results.map((result) => result.dataset))].sort();
const scoredAll = results.filter((result) => !result.error);
const withTitle = scoredAll.filter((result) => result.title);
const summary = {
  mode: args.direct ? 'direct' : 'server',
  engine,
  dir,
  ...summarise(results),
  datasets: Object.fromEntries(datasets.map((dataset) => [dataset, summarise(results.filter((result) => result.dataset === dataset))])),
  title_exact: withTitle.filter((result) => result.title.exact).length,
  title_contains: withTitle.filter((result) => result.title.contains).length,
  mean_title_f1: round(mean(withTitle.map((result) => result.title.f1))),
  worst: [...results]
    .sort((a, b) => (a.error ? -1 : a.markdown.f1) - (b.error ? -1 : b.markdown.f1))
    .slice(0, 10)
    .map((result) => ({ name: result.name, f1_markdown: result.markdown?.f1, error: result.error })),
  results,
};

console.log('');
const line = (label, part) =>
  console.log(
    `${label.padEnd(20)} pages ${String(part.pages).padStart(4)}, errors ${part.errors}: F1 ${fixed(part.mean_f1_markdown)} (P ${fixed(part.mean_precision_markdown)}, R ${fixed(part.mean_recall_markdown)}, median F1 ${fixed(part.median_f1_markdown)}), text F1 ${fixed(part.mean_f1_text)}, ${part.mean_ms} ms/page${args.direct ? ` (CPU ${part.mean_cpu_ms} ms)` : ''}`,
  );
console.log(`engine ${engine}, ${summary.mode}, ${dir}`);
if (datasets.length > 1) for (const dataset of datasets) line(dataset, summary.datasets[dataset]);
line('overall', summary);
if (withTitle.length > 0) {
  console.log(`title exact ${summary.title_exact}/${withTitle.length}, contains expected ${summary.title_contains}/${withTitle.length}, mean title F1 ${summary.mean_title_f1}`);
}
console.log('ten worst (markdown F1):');
for (const worst of summary.worst) console.log(`  ${worst.name.padEnd(40)} ${worst.error ? `ERROR ${worst.error}` : worst.f1_markdown}`);
if (args.out) {
  await writeFile(resolve(String(args.out)), JSON.stringify(summary, null, 2));
  console.log(`summary written to ${resolve(String(args.out))}`);
}

/**
 * The pages of a corpus folder, in either layout: Readability's (one folder per page with source.html,
 * expected.html and expected-metadata.json) or pairs (`<id>.html` with its ground-truth text `<id>.txt`), the
 * pairs either directly in the folder or one level down, one subfolder per dataset (as in wceb-dev/).
 */
async function findPages(root) {
  const found = [];
  const entries = await readdir(root, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const folder = join(root, entry.name);
    if (existsSync(join(folder, 'source.html'))) {
      found.push({ name: entry.name, dataset: basename(root), html: join(folder, 'source.html'), kind: 'readability', folder });
    } else {
      found.push(...(await pairsIn(folder, entry.name)));
    }
  }
  found.push(...(await pairsIn(root, basename(root))));
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

async function pairsIn(folder, dataset) {
  const files = new Set(await readdir(folder));
  return [...files]
    .filter((file) => file.endsWith('.html') && files.has(`${file.slice(0, -5)}.txt`))
    .map((file) => ({
      name: `${dataset}/${file.slice(0, -5)}`,
      dataset,
      html: join(folder, file),
      truth: join(folder, `${file.slice(0, -5)}.txt`),
      kind: 'pair',
    }));
}

function median(values) {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

async function scorePage(page) {
  const { name, dataset } = page;
  let expectedTokens;
  let expectedTitle;
  if (page.kind === 'readability') {
    expectedTokens = tokens(htmlText(await readFile(join(page.folder, 'expected.html'), 'utf8')));
    expectedTitle = JSON.parse(await readFile(join(page.folder, 'expected-metadata.json'), 'utf8').catch(() => '{}')).title ?? '';
  } else {
    expectedTokens = tokens(await readFile(page.truth, 'utf8'));
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let outputs;
  try {
    outputs = await convert(page);
  } catch (error) {
    return { name, dataset, error: error instanceof Error ? error.message : String(error) };
  }
  const ms = round(performance.now() - started, 1);
  // In direct mode the conversion runs here, one page at a time: CPU time is its cost even on a busy machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = args.direct ? round((cpu.user + cpu.system) / 1000, 1) : undefined;
  // The ground truth is the article's text without the page title, so the markdown's leading "# title" line
  // (which the pipeline adds on purpose, issue 15 item 3) is not scored; --score-title scores it anyway.
  const strip = (output, title) => (args['score-title'] ? output : withoutLeadingTitle(output, title));
  const markdown = overlap(tokens(markdownText(strip(outputs.markdown ?? ''))), expectedTokens);
  const text = overlap(tokens(strip(outputs.text ?? '', outputs.metadata?.title)), expectedTokens);
  const result = { name, dataset, ms, cpu_ms: cpuMs, markdown, text };
  if (page.kind !== 'readability') return result;
  const title = outputs.metadata?.title ?? '';
  return {
    ...result,
    title: {
      got: title,
      expected: expectedTitle,
      exact: normalise(title) === normalise(expectedTitle),
      // The expected title is Readability's article title, which drops the site name that <title> often carries.
      contains: normalise(expectedTitle) !== '' && normalise(title).includes(normalise(expectedTitle)),
      f1: overlap(tokens(title), tokens(expectedTitle)).f1,
    },
  };
}

/** Markdown (or text) without its first line when that is the title the pipeline puts on top. */
function withoutLeadingTitle(output, title) {
  const [first, ...rest] = output.split('\n');
  if (first.startsWith('# ') || (title && first.trim() === title.trim())) return rest.join('\n');
  return output;
}

function documentFor(page, body) {
  const url = page.kind === 'readability' ? PAGE_URL : `http://fakehost/${page.name}.html`;
  return {
    requestedUrl: url,
    finalUrl: url,
    statusCode: 200,
    headers: { 'content-type': 'text/html; charset=utf-8' },
    contentType: 'text/html',
    body,
    text: body.toString('utf8'),
    redirects: [],
  };
}

/** direct mode: build-outputs.js loaded into this process, called with a FetchedDocument made from the file. */
async function directConverter(modulePath) {
  const path = resolve(modulePath ?? join(here, '../dist/extract/build-outputs.js'));
  if (!existsSync(path)) fail(`${path} not found: run "npm run build" first (or pass --module)`);
  const { buildOutputs } = (await import(pathToFileURL(path).href)).default;
  return async (page) => {
    const body = await readFile(page.html);
    const bundle = await buildOutputs(documentFor(page, body), { output: ['markdown', 'text', 'metadata'] });
    if (bundle.failures.length > 0) throw new Error(bundle.failures.map((failure) => `${failure.output}: ${failure.message}`).join('; '));
    return bundle.outputs;
  };
}

/**
 * The baseline: Mozilla Readability on jsdom, as its README shows, its article's textContent scored as the
 * markdown (and the text). No article counts as an empty extraction.
 */
async function readabilityConverter() {
  const { JSDOM, VirtualConsole } = (await import('jsdom')).default;
  const { Readability } = (await import('@mozilla/readability')).default;
  return async (page) => {
    const html = await readFile(page.html, 'utf8');
    const dom = new JSDOM(html, { url: documentFor(page, Buffer.alloc(0)).finalUrl, virtualConsole: new VirtualConsole() });
    const article = new Readability(dom.window.document).parse();
    dom.window.close();
    const text = article?.textContent ?? '';
    return { markdown: text, text, metadata: { title: article?.title ?? '' } };
  };
}

/** server mode: a static server for the pages, and POST /v1/fetch on the scrapio-server at BASE_URL. */
async function serverConverter() {
  const baseUrl = process.env.BASE_URL;
  const apiKey = process.env.SCRAPIO_API_KEY;
  if (!baseUrl || !apiKey) fail('server mode needs BASE_URL and SCRAPIO_API_KEY (or use --direct)');
  const server = createServer(async (request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.slice(1).replace(/\.html$/, ''));
    const page = byName.get(name);
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    const body = await readFile(page.html);
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length }).end(body);
  });
  await new Promise((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address();
  const api = async (method, path, body) => {
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, json: await response.json().catch(() => ({})) };
  };
  const convertPage = async (page) => {
    const url = `http://127.0.0.1:${port}/${page.name.split('/').map(encodeURIComponent).join('/')}.html`;
    let { status, json } = await api('POST', '/v1/fetch', { url, output: ['markdown', 'text', 'metadata'] });
    // A fetch that outlives the inline limit is promoted to a job (202): poll its result until it is ready.
    const jobId = status === 202 ? json.job_id : undefined;
    while (jobId && (status === 202 || (status === 409 && json.error?.code === 'job_not_ready'))) {
      await new Promise((wait) => setTimeout(wait, 250));
      ({ status, json } = await api('GET', `/v1/jobs/${jobId}/result`));
    }
    if (status !== 200) throw new Error(`HTTP ${status} ${json.error?.code ?? ''}: ${json.error?.message ?? ''}`.trim());
    return json.outputs ?? {};
  };
  convertPage.close = () => new Promise((closed) => server.close(closed));
  return convertPage;
}

/** The words of an HTML fragment, with a boundary at every block element so that paragraphs do not run together. */
function htmlText(html) {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const inline = new Set(['A', 'ABBR', 'B', 'BDI', 'BDO', 'CITE', 'CODE', 'DATA', 'DFN', 'EM', 'I', 'KBD', 'MARK', 'Q', 'S', 'SAMP', 'SMALL', 'SPAN', 'STRONG', 'SUB', 'SUP', 'TIME', 'U', 'VAR', 'WBR', 'FONT', 'DEL', 'INS', 'STRIKE', 'TT', 'BIG']);
  let text = '';
  const walk = (node) => {
    for (const child of node.childNodes) {
      if (child.nodeType === 3) text += child.nodeValue;
      else if (child.nodeType === 1 && !['SCRIPT', 'STYLE'].includes(child.nodeName)) {
        const boundary = inline.has(child.nodeName) ? '' : ' ';
        text += boundary;
        walk(child);
        text += boundary;
      }
    }
  };
  walk(document.body);
  return text;
}

/** Markdown as the words a reader sees: no URLs, fence labels or list numbers (the rest of the syntax is punctuation). */
function markdownText(markdown) {
  return markdown
    .replace(/^\s*(`{3,}|~{3,}).*$/gm, '')
    .replace(/^(\s*(?:>\s*)*)\d+\.\s/gm, '$1')
    .replace(/!\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)/g, '$1')
    .replace(/\[((?:\\.|[^\]\\])*)\]\((?:\\.|[^)\\])*\)/g, '$1')
    .replace(/\\(.)/g, '$1');
}

function tokens(text) {
  return text.toLowerCase().match(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|(?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}])[\p{L}\p{N}\p{M}])+/gu) ?? [];
}

/** Multiset overlap of predicted and expected tokens. */
function overlap(predicted, expected) {
  const counts = new Map();
  for (const token of expected) counts.set(token, (counts.get(token) ?? 0) + 1);
  let common = 0;
  for (const token of predicted) {
    const left = counts.get(token) ?? 0;
    if (left > 0) {
      common++;
      counts.set(token, left - 1);
    }
  }
  if (predicted.length === 0 && expected.length === 0) return { precision: 1, recall: 1, f1: 1, words: 0 };
  const precision = predicted.length ? common / predicted.length : 0;
  const recall = expected.length ? common / expected.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1), words: predicted.length };
}

function normalise(title) {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}

function formatLine(result) {
  if (result.error) return `${result.name.padEnd(40)} ERROR ${result.error}`;
  const { markdown: md, text } = result;
  const title = result.title ? ` | title ${result.title.exact ? 'same' : 'diff'}` : '';
  return `${result.name.padEnd(40)} md P ${fixed(md.precision)} R ${fixed(md.recall)} F1 ${fixed(md.f1)} | text F1 ${fixed(text.f1)}${title} | ${result.ms} ms`;
}

async function runPool(items, concurrency, work) {
  const queue = [...items];
  const worker = async () => {
    while (queue.length > 0) await work(queue.shift());
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
}

function parseArgs(argv) {
  const parsed = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) fail(`unexpected argument ${arg}`);
    const key = arg.slice(2);
    if (key === 'direct' || key === 'quiet' || key === 'score-title') parsed[key] = true;
    else parsed[key] = argv[++i];
  }
  return parsed;
}

function round(value, digits = 4) {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}

function fixed(value) {
  return value.toFixed(3);
}

function fail(message) {
  console.error(`quality: ${message}`);
  process.exit(2);
}
