import { RequestTypeFinder } from '../src/core/conversation/request-type.finder.js';
import { KnowledgeBase } from '../src/core/kb/kb.service.js';
import type { ArticleSuggestions } from '../src/core/kb/kb.types.js';
import { systemClock } from '../src/ports/clock.port.js';
import type { OpenStore } from '../src/store/store.js';
import { QUESTIONS, type RelevanceQuestion } from '../test/relevance/questions.js';
import { sampleDesk } from './sample-desk.js';
import { fmt } from './stats.js';

/** How many articles a chat suggests at most, and request types it offers. */
const SUGGESTED = 3;

/** The figures of one split: articles (answerable questions), no-answer questions, request types. */
interface Figures {
  answerable: number;
  top1: number;
  top3: number;
  reciprocal: number;
  noAnswer: number;
  falseSuggestions: number;
  typed: number;
  typeOffered: number;
  typeFirst: number;
}

/** Asks every question of `split` and scores what comes back. */
async function measure(kb: ArticleSuggestions, finder: RequestTypeFinder, split: string): Promise<Figures> {
  const f = empty();
  for (const q of QUESTIONS.filter((x) => x.split === split)) {
    const slugs = (await kb.suggestArticles(q.text, SUGGESTED)).map((a) => a.slug);
    score(f, q, slugs, finder.find(q.text, SUGGESTED));
  }
  return f;
}

/**
 * Relevance of the sample desk's answers to the question set in test/relevance/questions.ts, as a
 * chat turn gets them: the articles suggested for the words (top-1, top-3, mean reciprocal rank over
 * the three shown, and how often a question no article answers still gets a suggestion), and the
 * request types offered (the right one among them, and first). Tuned and held-out questions apart,
 * at the sample desk's score floor (kb.minScore), and what other floors would trade.
 */
export async function benchRelevance(store: OpenStore, label: string): Promise<string[]> {
  const { desk, config } = await sampleDesk(store, { articles: true });
  const finder = new RequestTypeFinder(config);
  const floors = [0, config.kb.minScore / 2, config.kb.minScore, config.kb.minScore * 2];
  // One knowledge base per floor over the same articles; each loads what answers taught when it starts.
  const at = async (minScore: number) => {
    const kb = new KnowledgeBase(store.kb, systemClock, { minScore });
    await kb.start();
    return kb;
  };
  const splits = new Map<string, Figures>();
  for (const split of ['tune', 'held-out']) splits.set(split, await measure(desk.kb, finder, split));
  const sweep = await Promise.all(
    floors.map(async (floor) => {
      const kb = await at(floor);
      const figures = [await measure(kb, finder, 'tune'), await measure(kb, finder, 'held-out')];
      await kb.stop();
      return figures;
    }),
  );
  // Learning from use: the tuned questions' people answer what they were shown (solved when the right
  // article was among them, else still need help); then the held-out questions are asked again.
  for (const q of QUESTIONS.filter((x) => x.split === 'tune')) {
    const slugs = (await desk.kb.suggestArticles(q.text, SUGGESTED)).map((a) => a.slug);
    if (slugs.length === 0) continue;
    const right = new Set([q.article, ...(q.alsoArticles ?? [])]);
    const type = slugs.some((s) => right.has(s)) ? 'solved' : 'not_solved';
    await desk.kb.record({ type, slugs, query: q.text });
  }
  // ... and opened their requests as the type they needed.
  for (const q of QUESTIONS.filter((x) => x.split === 'tune' && x.requestType))
    finder.learn(q.text, q.requestType!);
  splits.set(
    "held-out, after learning from the tuned questions' answers",
    await measure(desk.kb, finder, 'held-out'),
  );
  for (const [i, floor] of floors.entries()) {
    const kb = await at(floor);
    sweep[i]!.push(await measure(kb, finder, 'held-out'));
    await kb.stop();
  }
  const rate = (n: number, of: number) => (of === 0 ? '—' : fmt(n / of, 2));
  const lines: string[] = [];
  for (const [split, f] of [...splits].sort()) {
    lines.push(
      `${label}: relevance ${split.padEnd(8)} articles (${f.answerable} questions) top-1 ${rate(f.top1, f.answerable)}, top-3 ${rate(f.top3, f.answerable)}, MRR ${rate(f.reciprocal, f.answerable)}; no article answers (${f.noAnswer}): nothing suggested ${rate(f.noAnswer - f.falseSuggestions, f.noAnswer)} (false-suggestion rate ${rate(f.falseSuggestions, f.noAnswer)}); request types (${f.typed}) right one offered ${rate(f.typeOffered, f.typed)}, first ${rate(f.typeFirst, f.typed)}  (targets: top-3 >= 0.95, top-1 >= 0.85, nothing suggested >= 0.80, type offered >= 0.95)`,
    );
  }
  const pair = (f: Figures) =>
    `top-3 ${rate(f.top3, f.answerable)} / nothing ${rate(f.noAnswer - f.falseSuggestions, f.noAnswer)}`;
  lines.push(
    `${label}: relevance score floor (kb.minScore, sample desk ${config.kb.minScore}) — tune | held-out | held-out after learning: ${floors
      .map((floor, i) => `${fmt(floor, 1)}: ${sweep[i]!.map(pair).join(' | ')}`)
      .join('; ')}`,
  );
  await desk.kb.stop();
  return lines;
}

function score(f: Figures, q: RelevanceQuestion, slugs: string[], types: string[]): void {
  if (q.article === null) {
    f.noAnswer++;
    if (slugs.length > 0) f.falseSuggestions++;
  } else {
    f.answerable++;
    const right = new Set([q.article, ...(q.alsoArticles ?? [])]);
    const rank = slugs.findIndex((s) => right.has(s));
    if (rank === 0) f.top1++;
    if (rank >= 0) {
      f.top3++;
      f.reciprocal += 1 / (rank + 1);
    }
  }
  if (q.requestType !== null) {
    f.typed++;
    if (types.includes(q.requestType)) f.typeOffered++;
    if (types[0] === q.requestType) f.typeFirst++;
  }
}

function empty(): Figures {
  return {
    answerable: 0,
    top1: 0,
    top3: 0,
    reciprocal: 0,
    noAnswer: 0,
    falseSuggestions: 0,
    typed: 0,
    typeOffered: 0,
    typeFirst: 0,
  };
}
