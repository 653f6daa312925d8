import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createSlackAdapter } from '../adapters/slack/slack.adapter.js';
import { buildServer } from '../src/http/server.js';
import { systemClock } from '../src/ports/clock.port.js';
import type { OpenStore } from '../src/store/store.js';
import { next } from './child.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

const AT_ONCE = Number(process.env.BENCH_SLACK_AT_ONCE ?? 100);
const ROUNDS = Number(process.env.BENCH_SLACK_ROUNDS ?? 3);
const SECRET = 'bench-signing-secret';

/**
 * Slack, end to end on 127.0.0.1: signed event → the HTTP answer (ack), and signed event → Deskbot's
 * reply arriving at the fake Slack (the turn, the outbox, chat.postMessage), with AT_ONCE direct
 * messages from different people sent at once. Production settings: answered before the turn runs.
 * The fake Slack and the sender run in a child process (slack.load.ts), timed on their own clock.
 */
export async function benchSlack(store: OpenStore, label: string): Promise<string[]> {
  const { desk } = await sampleDesk(store, { articles: true });
  // Logging as in production (info: a line per request), written where it costs no disk.
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const load = fork(fileURLToPath(new URL('./slack.load.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SLACK_LOAD: JSON.stringify({ atOnce: AT_ONCE, rounds: ROUNDS, secret: SECRET }) },
  });
  const { apiUrl } = await next<{ apiUrl: string }>(load);
  const slack = createSlackAdapter({
    desk,
    settings: { botToken: 'xoxb-bench', signingSecret: SECRET, apiUrl },
    logger,
    clock: systemClock,
  });
  desk.attach(slack);
  const app = buildServer({
    desk,
    logger,
    ready: async () => ({}),
    routes: [(server) => slack.routes!(server)],
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  await slack.start();
  desk.outbox.start();

  load.send({ base });
  const { acks, turns } = await next<{ acks: number[]; turns: number[] }>(load);
  await app.close();
  await slack.stop();
  await desk.outbox.stop();
  await desk.kb.stop();
  acks.sort((a, b) => a - b);
  turns.sort((a, b) => a - b);
  return [
    `${label} Slack, ${AT_ONCE} signed events at once (${ROUNDS} rounds): ` +
      `event→ack p50 ${fmt(percentile(acks, 50), 1)} ms, p99 ${fmt(percentile(acks, 99), 1)} ms (target < 50); ` +
      `event→reply p50 ${fmt(percentile(turns, 50), 1)} ms, p99 ${fmt(percentile(turns, 99), 1)} ms (target < 300)`,
  ];
}
