import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { createDiscordAdapter } from '../adapters/discord/discord.adapter.js';
import type { OpenStore } from '../src/store/store.js';
import { APPLICATION_ID, BOT_TOKEN } from '../test/fakes/discord/fake-discord.js';
import { next } from './child.js';
import { sampleDesk } from './sample-desk.js';
import { fmt, percentile } from './stats.js';

const AT_ONCE = Number(process.env.BENCH_DISCORD_AT_ONCE ?? 100);
const ROUNDS = Number(process.env.BENCH_DISCORD_ROUNDS ?? 3);

/**
 * Discord, end to end on 127.0.0.1 over the real gateway client: AT_ONCE button presses at once →
 * the interaction's answer (Discord allows 3 s) and → the reply in the DM; AT_ONCE DMs at once →
 * the reply. The fake REST API and gateway run in a child process, timed on their own clock.
 */
export async function benchDiscord(store: OpenStore, label: string): Promise<string[]> {
  const { desk } = await sampleDesk(store, { articles: true });
  const logger = pino({ level: 'info' }, pino.destination('/dev/null'));
  const load = fork(fileURLToPath(new URL('./discord.load.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, DISCORD_LOAD: JSON.stringify({ atOnce: AT_ONCE, rounds: ROUNDS }) },
  });
  const { apiUrl } = await next<{ apiUrl: string }>(load);
  const discord = createDiscordAdapter({
    desk,
    logger,
    settings: { token: BOT_TOKEN, applicationId: APPLICATION_ID, apiUrl },
  });
  desk.attach(discord);
  await discord.start();
  desk.outbox.start();
  const { answers, clickReplies, messageReplies } = await next<Record<string, number[]>>(load);
  await discord.stop();
  await desk.outbox.stop();
  await desk.kb.stop();
  const p = (xs: number[], q: number) =>
    fmt(
      percentile(
        [...xs].sort((a, b) => a - b),
        q,
      ),
      1,
    );
  return [
    `${label} Discord, ${AT_ONCE} interactions at once (${ROUNDS} rounds): ` +
      `interaction→answer p50 ${p(answers!, 50)} ms, p99 ${p(answers!, 99)} ms (limit 3,000; target < 500); ` +
      `interaction→reply p50 ${p(clickReplies!, 50)} ms, p99 ${p(clickReplies!, 99)} ms; ` +
      `message→reply p50 ${p(messageReplies!, 50)} ms, p99 ${p(messageReplies!, 99)} ms ` +
      '(replies are held to Discord’s 50 requests/s per bot: 100 at once take 2 s)',
  ];
}
