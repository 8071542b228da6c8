// Issue 5's figures: local search latency (p50/p95 of 200 varied queries) over an FTS5 index of 10,000
// synthetic pages, and how much the database file grows per 1,000 pages. Uses dist/ (run `npm run build`).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ms, percentile } from './lib.mjs';

const load = (file) => import(pathToFileURL(path.join(ROOT, 'dist', file)).href);

// Frequent English words take the top ranks, so common-word queries meet long posting lists as on real pages.
const COMMON = `the of and to a in is it you that he was for on are with as I his they be at one have this from or had by
not word but what some we can out other were all there when up use your how said an each she which do their time if will
way about many then them write would like so these her long make thing see him two has look more day could go come did
number sound no most people my over know water than call first who may down side been now find any new work part take get
place made live where after back little only round man year came show every good me give our under name very through just
form sentence great think say help low line differ turn cause much mean before move right boy old too same tell does set
three want air well also play small end put home read hand port large spell add even land here must big high such follow
act why ask men change went light kind off need house picture try us again animal point mother world near build self earth
father head stand own page should country found answer school grow study still learn plant cover food sun four between
state keep eye never last let thought city tree cross farm hard start might story saw far sea draw left late run while
press close night real life few north open seem together next white children begin got walk example ease paper group always
music those both mark often letter until mile river car feet care second book carry took science eat room friend began idea
fish mountain stop once base hear horse cut sure watch color face wood main enough plain girl usual young ready above ever
red list though feel talk bird soon body dog family direct pose leave song measure door product black short numeral class
wind question happen complete ship area half rock order fire south problem piece told knew pass since top whole king space
heard best hour better true during hundred five remember step early hold west ground interest reach fast verb sing listen
six table travel less morning ten simple several vowel toward war lay against pattern slow center love person money serve
appear road map rain rule govern pull cold notice voice unit power town fine certain fly fall lead cry dark machine note
wait plan figure star box noun field rest correct able pound done beauty drive stood contain front teach week final gave
green oh quick develop ocean warm free minute strong special mind behind clear tail produce fact street inch multiply
nothing course stay wheel full force blue object decide surface deep moon island foot system busy test record boat common
gold possible plane stead dry wonder laugh thousand ago ran check game shape equate hot miss brought heat snow tire bring
yes distant fill east paint language among`.split(/\s+/);

const ONSETS = ['b', 'br', 'c', 'ch', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'qu', 'r', 's', 'sh', 'sk', 'st', 't', 'th', 'tr', 'v', 'w', 'z'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ee', 'io', 'oo', 'ou', 'y'];
const CODAS = ['', '', 'n', 'r', 's', 't', 'l', 'm', 'nd', 'st', 'ck', 'ng', 'x'];

/** A seeded PRNG (mulberry32): the same corpus and queries on every run, so figures compare across commits. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function vocabulary(random, size) {
  const words = new Set(COMMON);
  const pick = (list) => list[Math.floor(random() * list.length)];
  while (words.size < size) {
    const syllables = 1 + Math.floor(random() * 3);
    let word = '';
    for (let i = 0; i < syllables; i += 1) word += pick(ONSETS) + pick(NUCLEI) + pick(CODAS);
    words.add(word);
  }
  return [...words];
}

/** Word ranks drawn from a Zipf law (s ≈ 1.07, as measured on English web text). */
function zipfSampler(random, size, exponent = 1.07) {
  const cumulative = new Float64Array(size);
  let total = 0;
  for (let rank = 0; rank < size; rank += 1) cumulative[rank] = total += 1 / (rank + 1) ** exponent;
  return () => {
    const target = random() * total;
    let low = 0;
    let high = size - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return low;
  };
}

function makePage(n, random, words, sampleRank) {
  const word = () => words[sampleRank()];
  // Titles lean on less common words (topic words), as real titles do.
  const topic = () => words[100 + Math.floor(random() * 5000)];
  const title = Array.from({ length: 3 + Math.floor(random() * 6) }, topic).join(' ');
  const length = 500 + Math.floor(random() * 1501);
  const sentences = [];
  let count = 0;
  while (count < length) {
    const sentenceLength = 6 + Math.floor(random() * 20);
    const sentence = Array.from({ length: sentenceLength }, word);
    sentence[0] = sentence[0][0].toUpperCase() + sentence[0].slice(1);
    sentences.push(`${sentence.join(' ')}.`);
    count += sentenceLength;
  }
  const slug = title.split(' ').slice(0, 3).join('-');
  return { url: `https://site${n % 97}.example/docs/${n}/${slug}`, title, text: sentences.join(' ') };
}

/** 200 queries of the kinds people type: common and rare words, pairs, phrases from real pages, prefixes, OR, misses. */
function makeQueries(random, words, pages) {
  const pick = (list) => list[Math.floor(random() * list.length)];
  const common = () => words[Math.floor(random() * 300)];
  const mid = () => words[300 + Math.floor(random() * 5000)];
  const rare = () => words[5300 + Math.floor(random() * (words.length - 5300))];
  const phraseFrom = (length) => {
    const tokens = pick(pages).text.replace(/[.]/g, '').split(' ');
    const start = Math.floor(random() * (tokens.length - length));
    return `"${tokens.slice(start, start + length).join(' ')}"`;
  };
  const kinds = [
    () => common(),
    () => mid(),
    () => rare(),
    () => `${mid()} ${mid()}`,
    () => `${common()} ${mid()}`,
    () => `${mid()} ${mid()} ${common()}`,
    () => phraseFrom(2),
    () => phraseFrom(3),
    () => `${mid().slice(0, 3)}*`,
    () => `${mid()} OR ${rare()}`,
    () => pick(pages).title.split(' ').slice(0, 2).join(' '),
    () => `${mid()} -${common()}`,
    () => 'qqqzzzx nothingmatches',
  ];
  return Array.from({ length: 200 }, (_, i) => kinds[i % kinds.length]());
}

function fileSize(file) {
  return [file, `${file}-wal`].reduce((sum, name) => sum + (fs.existsSync(name) ? fs.statSync(name).size : 0), 0);
}

export async function benchLocalSearch({ pages: pageCount = 10_000, queries: queryCount = 200 } = {}) {
  const { openDatabase } = await load('db/database.js');
  const { LocalIndex } = await load('search/local-index.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scrapio-bench-search-'));
  const file = path.join(dir, 'search.db');
  const opened = await openDatabase(file);
  try {
    const random = prng(5);
    const words = vocabulary(random, 50_000);
    const sampleRank = zipfSampler(random, words.length);
    const index = new LocalIndex(opened.db, { now: () => 0 });
    const checkpointedSize = () => {
      opened.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      return fileSize(file);
    };

    const emptySize = checkpointedSize();
    const sizes = [];
    const sample = [];
    let textBytes = 0;
    const started = performance.now();
    for (let n = 0; n < pageCount; n += 1) {
      const page = makePage(n, random, words, sampleRank);
      textBytes += Buffer.byteLength(page.text);
      if (n % 50 === 0) sample.push(page);
      await index.index('t_bench', page, 1, null);
      if ((n + 1) % 1000 === 0) sizes.push(checkpointedSize());
    }
    const indexSeconds = (performance.now() - started) / 1000;

    const queries = makeQueries(random, words, sample).slice(0, queryCount);
    for (const query of queries.slice(0, 20)) await index.search('t_bench', query, 10); // warm the page cache
    const latencies = [];
    let hits = 0;
    for (const query of queries) {
      const start = performance.now();
      const results = await index.search('t_bench', query, 10);
      latencies.push(performance.now() - start);
      hits += results.length;
    }
    const finalSize = sizes[sizes.length - 1];
    return {
      pages: pageCount,
      text_mb: textBytes / 1e6,
      index_s: indexSeconds,
      pages_per_s: pageCount / indexSeconds,
      queries: queries.length,
      mean_hits: hits / queries.length,
      search: { p50: percentile(latencies, 50), p95: percentile(latencies, 95), max: Math.max(...latencies) },
      disk: {
        total_mb: finalSize / 1e6,
        per_1000_pages_mb: (finalSize - emptySize) / 1e6 / (pageCount / 1000),
        last_1000_pages_mb: (finalSize - sizes[sizes.length - 2]) / 1e6,
      },
    };
  } finally {
    await opened.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export function printSearch(result) {
  console.log(`\n== search: local FTS5 index, ${result.pages} synthetic pages (${result.text_mb.toFixed(0)} MB of text) ==`);
  console.log(`indexed in ${result.index_s.toFixed(1)} s (${result.pages_per_s.toFixed(0)} pages/s, one transaction each)`);
  console.log(`${result.queries} queries, top 10 with snippets: p50 ${ms(result.search.p50)}  p95 ${ms(result.search.p95)}  max ${ms(result.search.max)}  (mean ${result.mean_hits.toFixed(1)} hits)`);
  console.log(`on disk: ${result.disk.total_mb.toFixed(1)} MB; ${result.disk.per_1000_pages_mb.toFixed(1)} MB per 1,000 pages (last 1,000: ${result.disk.last_1000_pages_mb.toFixed(1)} MB)`);
}
