#!/usr/bin/env node
/**
 * Extraction quality harness (issue 6, item 1): how close our markdown and text come to the article that
 * Mozilla Readability's regression pages expect.
 *
 * Each folder of --dir holds `source.html` (the page), `expected.html` (the article) and
 * `expected-metadata.json` (its title, ...). For every page the markdown is turned into plain text (syntax,
 * link and image URLs, fence labels and list numbers dropped), both it and the text output are split into lowercase words
 * (runs of unicode letters and digits; one token per CJK character), and scored against the words of
 * expected.html as multisets: precision, recall, F1. The metadata title is compared with the expected title.
 *
 * Usage (from the repository root):
 *   npm run build && node bench/quality.mjs --direct [--out summary.json]   (or: npm run bench:quality -- --direct)
 *     calls dist/extract/build-outputs.js in this process (or the file named by --module), one page at a time,
 *     and also reports the CPU time per page.
 *   BASE_URL=http://127.0.0.1:3000 SCRAPIO_API_KEY=... node bench/quality.mjs [--out summary.json]
 *     serves each source.html from a static server on 127.0.0.1 (a free port) and fetches it through a running
 *     scrapio-server: POST /v1/fetch {url, output: ["markdown", "text", "metadata"]}. That server must have been
 *     started with SCRAPIO_ALLOW_HOSTS=127.0.0.1, or its SSRF policy refuses the loopback fixture server.
 * Options: --dir DIR (default: /work/shared/corpus/readability-test-pages), --only a,b (folder names),
 *   --concurrency N (server mode, default 4), --module PATH (direct mode), --quiet (no per-page lines).
 */
import { createServer } from 'node:http';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseHTML } from 'linkedom';

const here = dirname(fileURLToPath(import.meta.url));
const PAGE_URL = 'http://fakehost/test/page.html'; // the URL Readability's own tests give these pages

const args = parseArgs(process.argv.slice(2));
const dir = resolve(args.dir ?? '/work/shared/corpus/readability-test-pages');
const only = args.only ? new Set(String(args.only).split(',')) : undefined;
const names = (await readdir(dir, { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'source.html')))
  .map((entry) => entry.name)
  .filter((name) => !only || only.has(name))
  .sort();
if (names.length === 0) fail(`no page folders with source.html under ${dir}`);

const convert = args.direct ? await directConverter(args.module) : await serverConverter();
const results = [];
await runPool(names, args.direct ? 1 : Number(args.concurrency ?? 4), async (name) => {
  const result = await scorePage(name);
  results.push(result);
  if (!args.quiet) console.log(formatLine(result));
});
await convert.close?.();
results.sort((a, b) => a.name.localeCompare(b.name));

const scored = results.filter((result) => !result.error);
const mean = (values) => (values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0);
const summary = {
  mode: args.direct ? 'direct' : 'server',
  dir,
  pages: results.length,
  errors: results.filter((result) => result.error).length,
  mean_f1_markdown: round(mean(scored.map((result) => result.markdown.f1))),
  mean_f1_text: round(mean(scored.map((result) => result.text.f1))),
  mean_precision_markdown: round(mean(scored.map((result) => result.markdown.precision))),
  mean_recall_markdown: round(mean(scored.map((result) => result.markdown.recall))),
  title_exact: scored.filter((result) => result.title.exact).length,
  title_contains: scored.filter((result) => result.title.contains).length,
  mean_title_f1: round(mean(scored.map((result) => result.title.f1))),
  mean_ms: round(mean(scored.map((result) => result.ms)), 1),
  mean_cpu_ms: args.direct ? round(mean(scored.map((result) => result.cpu_ms)), 1) : undefined,
  worst: [...results]
    .sort((a, b) => (a.error ? -1 : a.markdown.f1) - (b.error ? -1 : b.markdown.f1))
    .slice(0, 10)
    .map((result) => ({ name: result.name, f1_markdown: result.markdown?.f1, error: result.error })),
  results,
};

console.log('');
console.log(`pages ${summary.pages}, errors ${summary.errors}, mean ${summary.mean_ms} ms/page${args.direct ? ` (CPU ${summary.mean_cpu_ms} ms)` : ''}`);
console.log(`mean F1 markdown ${summary.mean_f1_markdown} (P ${summary.mean_precision_markdown}, R ${summary.mean_recall_markdown})`);
console.log(`mean F1 text     ${summary.mean_f1_text}`);
console.log(`title exact ${summary.title_exact}/${scored.length}, contains expected ${summary.title_contains}/${scored.length}, mean title F1 ${summary.mean_title_f1}`);
console.log('ten worst (markdown F1):');
for (const worst of summary.worst) console.log(`  ${worst.name.padEnd(40)} ${worst.error ? `ERROR ${worst.error}` : worst.f1_markdown}`);
if (args.out) {
  await writeFile(resolve(String(args.out)), JSON.stringify(summary, null, 2));
  console.log(`summary written to ${resolve(String(args.out))}`);
}

async function scorePage(name) {
  const folder = join(dir, name);
  const expectedHtml = await readFile(join(folder, 'expected.html'), 'utf8');
  const expectedMeta = JSON.parse(await readFile(join(folder, 'expected-metadata.json'), 'utf8').catch(() => '{}'));
  const expectedTokens = tokens(htmlText(expectedHtml));
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let outputs;
  try {
    outputs = await convert(name);
  } catch (error) {
    return { name, error: error instanceof Error ? error.message : String(error) };
  }
  const ms = round(performance.now() - started, 1);
  // In direct mode the conversion runs here, one page at a time: CPU time is its cost even on a busy machine.
  const cpu = process.cpuUsage(cpuBefore);
  const cpuMs = args.direct ? round((cpu.user + cpu.system) / 1000, 1) : undefined;
  const markdown = overlap(tokens(markdownText(outputs.markdown ?? '')), expectedTokens);
  const text = overlap(tokens(outputs.text ?? ''), expectedTokens);
  const title = outputs.metadata?.title ?? '';
  const expectedTitle = expectedMeta.title ?? '';
  return {
    name,
    ms,
    cpu_ms: cpuMs,
    markdown,
    text,
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

/** direct mode: build-outputs.js loaded into this process, called with a FetchedDocument made from the file. */
async function directConverter(modulePath) {
  const path = resolve(modulePath ?? join(here, '../dist/extract/build-outputs.js'));
  if (!existsSync(path)) fail(`${path} not found: run "npm run build" first (or pass --module)`);
  const { buildOutputs } = (await import(pathToFileURL(path).href)).default;
  const convertPage = async (name) => {
    const body = await readFile(join(dir, name, 'source.html'));
    const document = {
      requestedUrl: PAGE_URL,
      finalUrl: PAGE_URL,
      statusCode: 200,
      headers: { 'content-type': 'text/html; charset=utf-8' },
      contentType: 'text/html',
      body,
      text: body.toString('utf8'),
      redirects: [],
    };
    const bundle = await buildOutputs(document, { output: ['markdown', 'text', 'metadata'] });
    if (bundle.failures.length > 0) throw new Error(bundle.failures.map((failure) => `${failure.output}: ${failure.message}`).join('; '));
    return bundle.outputs;
  };
  return convertPage;
}

/** server mode: a static server for the pages, and POST /v1/fetch on the scrapio-server at BASE_URL. */
async function serverConverter() {
  const baseUrl = process.env.BASE_URL;
  const apiKey = process.env.SCRAPIO_API_KEY;
  if (!baseUrl || !apiKey) fail('server mode needs BASE_URL and SCRAPIO_API_KEY (or use --direct)');
  const server = createServer(async (request, response) => {
    const name = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname.split('/')[1] ?? '');
    if (!names.includes(name)) {
      response.writeHead(404).end();
      return;
    }
    const body = await readFile(join(dir, name, 'source.html'));
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
  const convertPage = async (name) => {
    const url = `http://127.0.0.1:${port}/${encodeURIComponent(name)}/source.html`;
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
  if (predicted.length === 0 && expected.length === 0) return { precision: 1, recall: 1, f1: 1 };
  const precision = predicted.length ? common / predicted.length : 0;
  const recall = expected.length ? common / expected.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision: round(precision), recall: round(recall), f1: round(f1) };
}

function normalise(title) {
  return title.replace(/\s+/g, ' ').trim().toLowerCase();
}

function formatLine(result) {
  if (result.error) return `${result.name.padEnd(40)} ERROR ${result.error}`;
  const { markdown: md, text } = result;
  return `${result.name.padEnd(40)} md P ${fixed(md.precision)} R ${fixed(md.recall)} F1 ${fixed(md.f1)} | text F1 ${fixed(text.f1)} | title ${result.title.exact ? 'same' : 'diff'} | ${result.ms} ms`;
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
    if (key === 'direct' || key === 'quiet') parsed[key] = true;
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
