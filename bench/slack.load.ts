import { poster } from './child.js';
import { childSlack, signedDm } from './slack.child.js';

/**
 * The Slack side of the Slack bench, in its own process as Slack is its own machine: the fake Web API
 * (which notes when each reply arrives) and the sender of signed events, timed on this process's clock.
 */
const { atOnce, rounds, secret } = JSON.parse(process.env.SLACK_LOAD ?? '{}') as {
  atOnce: number;
  rounds: number;
  secret: string;
};
const fake = await childSlack(atOnce, 'UB', 'bench');
const replies = new Map<string, (at: number) => void>();
fake.onCall = (call) => {
  if (call.method === 'chat.postMessage' && call.args.thread_ts)
    replies.get(call.args.thread_ts)?.(performance.now());
};

const base = await new Promise<string>((done) => {
  process.once('message', (m: { base: string }) => done(m.base));
  process.send!({ apiUrl: fake.apiUrl });
});

const acks: number[] = [];
const turns: number[] = [];
// Slack sends from many machines: the sender here keeps its own work small (plain http, kept-alive
// connections, bodies signed before the clock starts) so the figures are the desk's, not the sender's.
const post = poster(`${base}/slack/events`);
const one = async (i: number, measure: boolean) => {
  const dm = signedDm(`UB${i}`, secret);
  const replied = new Promise<number>((done) => replies.set(dm.thread, done));
  // Every event of the round is signed before the first is sent.
  await new Promise((next) => setImmediate(next));
  const t0 = performance.now();
  const res = await post(dm.body, dm.headers);
  await res.done;
  if (res.status !== 200) throw new Error(`slack bench: HTTP ${res.status}`);
  const at = await replied;
  replies.delete(dm.thread);
  if (measure) {
    acks.push(res.acked - t0);
    turns.push(at - t0);
  }
};
// The first round links each Slack user to a new person (users.info), and opens the connections.
await Promise.all(Array.from({ length: atOnce }, (_, i) => one(i, false)));
for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: atOnce }, (_, i) => one(i, true)));
await fake.stop();
process.send!({ acks, turns }, () => process.exit(0));
