import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import MiniSearch from 'minisearch';
import { loadKbSeed } from '../src/config/kb-seed.loader.js';
import { type IndexedArticle, KbIndex } from '../src/core/kb/kb.index.js';
import { markdownToText } from '../src/core/kb/kb.markdown.js';
import { processTerm } from '../src/core/kb/kb.terms.js';
import { fmt, percentile } from './stats.js';

const SIZES = (process.env.BENCH_KB_SIZES ?? '10000,100000').split(',').map(Number);
const QUERIES = 1000;
const VOCABULARY = 4000;

/**
 * KB search at scale: index build time, heap held by the index, and latency of two-word typed queries
 * (the first word whole, one in five with a typo; the second a prefix), through KbIndex and, as
 * baselines in the same run, MiniSearch's own search with the same tuning and with plain options.
 */
export async function benchKbSearch(): Promise<string[]> {
  const gc = collector();
  const words = await vocabulary();
  const lines = [
    `KB search: vocabulary ${fmt(words.length)} words (the seed articles' own plus generated ones, Zipf-distributed); memory = heap + array buffers held after the build${gc ? ', after gc()' : ' (no gc: rough)'}`,
  ];
  for (const size of SIZES) {
    const random = prng(size);
    const docs = articles(size, words, random);
    const queries = typedQueries(docs, random);
    const textMb = docs.reduce((n, d) => n + d.text.length + d.title.length, 0) / 2 ** 20;
    const label = `${fmt(size)} articles`.padEnd(16);
    let index: KbIndex | undefined;
    const ours = measureBuild(gc, () => {
      index = new KbIndex();
      index.replaceAll(docs);
    });
    const tuned = timeQueries(queries, (q) => index!.search(q, { limit: 10 }).length);
    index = undefined;
    let mini: MiniSearch<IndexedArticle> | undefined;
    const lib = measureBuild(gc, () => {
      mini = new MiniSearch<IndexedArticle>({
        fields: ['title', 'labels', 'text'],
        storeFields: ['slug'],
        processTerm,
      });
      mini.addAll(docs);
    });
    const libTuned = timeQueries(queries, (q) => typedMiniSearch(mini!, q).length);
    const naive = timeQueries(
      queries,
      (q) => mini!.search(q, { prefix: true, fuzzy: 0.2, boost: BOOST }).length,
    );
    mini = undefined;
    lines.push(
      `KB search ${label} KbIndex    build ${fmt(ours.ms)} ms, memory ${fmt(ours.mb, 1)} MB; query p50 ${fmt(tuned.p50, 3)} ms, p99 ${fmt(tuned.p99, 3)} ms (${fmt(tuned.hits, 1)} hits of 10)`,
      `KB search ${label} MiniSearch build ${fmt(lib.ms)} ms, memory ${fmt(lib.mb, 1)} MB; same tuned options p50 ${fmt(libTuned.p50, 3)} ms, p99 ${fmt(libTuned.p99, 3)} ms; naive (prefix+fuzzy on every term, OR) p50 ${fmt(naive.p50, 3)} ms, p99 ${fmt(naive.p99, 3)} ms`,
      `KB search ${label} p99 ratio MiniSearch tuned / KbIndex ${fmt(libTuned.p99 / tuned.p99, 1)}x, naive / KbIndex ${fmt(naive.p99 / tuned.p99, 1)}x; documents' text ${fmt(textMb, 1)} MB (held by both, not counted)`,
    );
  }
  return lines;
}

const BOOST = { title: 3, labels: 2 };

/** MiniSearch with KbIndex's tuning: prefix on the last term, fuzzy from 4 characters, AND then OR. */
function typedMiniSearch(mini: MiniSearch<IndexedArticle>, q: string) {
  const options = {
    prefix: (_t: string, i: number, terms: string[]) => i === terms.length - 1,
    fuzzy: (t: string) => (t.length >= 4 ? 0.2 : false),
    maxFuzzy: 2,
    boost: BOOST,
  };
  const all = mini.search(q, { ...options, combineWith: 'AND' });
  return all.length > 0 ? all : mini.search(q, { ...options, combineWith: 'OR' });
}

/** Time to build, and memory held afterwards: the JS heap plus typed arrays' buffers (kept outside it). */
function measureBuild(gc: (() => void) | undefined, build: () => void) {
  const held = () => {
    gc?.();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = held();
  const t0 = performance.now();
  build();
  const ms = performance.now() - t0;
  return { ms, mb: (held() - before) / 2 ** 20 };
}

function timeQueries(queries: string[], run: (q: string) => number) {
  for (const q of queries.slice(0, 100)) run(q); // warm-up
  const samples: number[] = [];
  let hits = 0;
  for (const q of queries) {
    const t0 = performance.now();
    hits += run(q);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p99: percentile(samples, 99), hits: hits / queries.length };
}

/** Two words of a random article: the first whole (a typo in one of five), the second cut to a prefix. */
function typedQueries(docs: IndexedArticle[], random: () => number): string[] {
  const out: string[] = [];
  while (out.length < QUERIES) {
    const terms = docs[Math.floor(random() * docs.length)]!.text.split(' ').filter(
      (w) => processTerm(w) !== null,
    );
    const first = terms[Math.floor(random() * terms.length)];
    const second = terms[Math.floor(random() * terms.length)];
    if (!first || !second || second.length < 3) continue;
    const typo = first.length >= 5 && random() < 0.2;
    const at = 1 + Math.floor(random() * (first.length - 2));
    const word = typo ? `${first.slice(0, at)}${first[at + 1]}${first[at]}${first.slice(at + 2)}` : first;
    out.push(`${word} ${second.slice(0, 3 + Math.floor(random() * (second.length - 2)))}`);
  }
  return out;
}

function articles(n: number, words: string[], random: () => number): IndexedArticle[] {
  // Zipf: the k-th word is drawn with weight 1/k, as in real text.
  const weights = words.map((_, k) => 1 / (k + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  const word = () => {
    const r = random();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < r) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
  const phrase = (min: number, max: number) =>
    Array.from({ length: min + Math.floor(random() * (max - min + 1)) }, word).join(' ');
  const labels = Array.from({ length: 200 }, (_, i) => `${words[(i * 7) % words.length]}-${i}`);
  return Array.from({ length: n }, (_, i) => ({
    id: String(i),
    slug: `article-${i}`,
    title: phrase(3, 8),
    labels: [labels[Math.floor(random() * labels.length)]!, labels[Math.floor(random() * labels.length)]!],
    text: phrase(30, 60),
  }));
}

/** The seed articles' words, most frequent first, then pronounceable generated words up to VOCABULARY. */
async function vocabulary(): Promise<string[]> {
  const counts = new Map<string, number>();
  for (const a of (await loadKbSeed('config/kb')).articles) {
    for (const w of markdownToText(a.body)
      .toLowerCase()
      .split(/[^a-z]+/)) {
      if (w.length >= 2) counts.set(w, (counts.get(w) ?? 0) + 1);
    }
  }
  const words = [...counts].sort((a, b) => b[1] - a[1]).map(([w]) => w);
  const random = prng(7);
  const onsets = [
    'b',
    'c',
    'd',
    'f',
    'g',
    'l',
    'm',
    'n',
    'p',
    'r',
    's',
    't',
    'v',
    'br',
    'cl',
    'pr',
    'st',
    'tr',
    'sh',
    'ch',
  ];
  const vowels = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou'];
  const codas = ['', '', 'n', 'r', 's', 't', 'l', 'nd', 'ck', 'st'];
  const pick = (list: string[]) => list[Math.floor(random() * list.length)]!;
  const seen = new Set(words);
  while (words.length < VOCABULARY) {
    const syllables = 1 + Math.floor(random() * 3);
    const w = Array.from({ length: syllables }, () => pick(onsets) + pick(vowels) + pick(codas)).join('');
    if (!seen.has(w)) {
      seen.add(w);
      words.push(w);
    }
  }
  return words;
}

function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

/** global.gc when node runs with --expose-gc; otherwise switched on at run time, if V8 lets us. */
function collector(): (() => void) | undefined {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}
