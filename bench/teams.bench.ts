import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createTeamsAdapter } from '../adapters/teams/teams.adapter.js';
import { buildServer } from '../src/http/server.js';
import type { OpenStore } from '../src/store/store.js';
import { APP_ID, APP_PASSWORD } from '../test/fakes/teams/fake-teams.js';
import { next } from './child.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

const AT_ONCE = Number(process.env.BENCH_TEAMS_AT_ONCE ?? 100);
const ROUNDS = Number(process.env.BENCH_TEAMS_ROUNDS ?? 3);

/**
 * Teams, end to end on 127.0.0.1: a signed activity → the HTTP 200 (JWT checked, inbox written), and
 * → Deskbot's reply arriving at the fake Bot Connector (the turn, the outbox, a proactive post with a
 * client-credentials token), AT_ONCE personal messages from different people at once. Teams sends an
 * activity again after 15 s without an answer. The fake and the sender run in a child process.
 */
export async function benchTeams(store: OpenStore, label: string): Promise<string[]> {
  const { desk } = await sampleDesk(store, { articles: true });
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const load = fork(fileURLToPath(new URL('./teams.load.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, TEAMS_LOAD: JSON.stringify({ atOnce: AT_ONCE, rounds: ROUNDS }) },
  });
  const { openIdUrl, loginUrl } = await next<{ openIdUrl: string; loginUrl: string }>(load);
  const teams = createTeamsAdapter({
    desk,
    logger,
    settings: {
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      appType: 'MultiTenant',
      openIdMetadataUrl: openIdUrl,
      tokenIssuer: 'https://api.botframework.com',
      loginUrl,
      authOn: true,
    },
  });
  desk.attach(teams);
  const app = buildServer({
    desk,
    logger,
    ready: async () => ({}),
    routes: [(server) => teams.routes!(server)],
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  await teams.start();
  desk.outbox.start();

  load.send({ base });
  const { acks, turns } = await next<{ acks: number[]; turns: number[] }>(load);
  await app.close();
  await teams.stop();
  await desk.outbox.stop();
  await desk.kb.stop();
  acks.sort((a, b) => a - b);
  turns.sort((a, b) => a - b);
  return [
    `${label} Teams, ${AT_ONCE} signed activities at once (${ROUNDS} rounds): ` +
      `activity→200 p50 ${fmt(percentile(acks, 50), 1)} ms, p99 ${fmt(percentile(acks, 99), 1)} ms (target < 1,000); ` +
      `activity→reply p50 ${fmt(percentile(turns, 50), 1)} ms, p99 ${fmt(percentile(turns, 99), 1)} ms`,
  ];
}
