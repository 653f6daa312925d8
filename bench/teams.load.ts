import { FakeTeams, TENANT } from '../test/fakes/teams/fake-teams.js';
import { personalMessage } from '../test/fakes/teams/teams-activities.js';
import { poster } from './child.js';

/**
 * The Teams side of the Teams bench, in its own process as Teams is its own machine: the fake OpenID
 * endpoint, login endpoint and Bot Connector (which notes when each reply arrives), and the sender of
 * signed activities, timed on this process's clock.
 */
const { atOnce, rounds } = JSON.parse(process.env.TEAMS_LOAD ?? '{}') as { atOnce: number; rounds: number };
process.on('disconnect', () => process.exit(1));
const fake = await new FakeTeams().start();
const users = Array.from({ length: atOnce }, (_, i) => ({
  id: `29:bench-${i}`,
  aadObjectId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Bench ${i}`,
  email: `bench${i}@acme.example`,
  tenantId: TENANT,
}));
for (const u of users) fake.users.set(u.id, u);
const replies = new Map<string, (at: number) => void>();
fake.onCall = (call) => {
  if (call.method === 'POST' && call.conversationId) replies.get(call.conversationId)?.(performance.now());
};

const base = await new Promise<string>((done) => {
  process.once('message', (m: { base: string }) => done(m.base));
  process.send!({ openIdUrl: fake.openIdUrl, loginUrl: fake.loginUrl });
});

const acks: number[] = [];
const turns: number[] = [];
const post = poster(`${base}/api/messages`);
const one = async (i: number, measure: boolean) => {
  const user = users[i]!;
  const activity = personalMessage(fake, user, 'My laptop screen keeps flickering after the update');
  const conversation = (activity.conversation as { id: string }).id;
  const replied = new Promise<number>((done) => replies.set(conversation, done));
  const body = JSON.stringify(activity);
  const headers = {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    authorization: `Bearer ${fake.sign(activity.serviceUrl)}`,
  };
  // Every activity of the round is signed before the first is sent.
  await new Promise((next) => setImmediate(next));
  const t0 = performance.now();
  const res = await post(body, headers);
  await res.done;
  if (res.status !== 200) throw new Error(`teams bench: HTTP ${res.status}`);
  const at = await replied;
  replies.delete(conversation);
  if (measure) {
    acks.push(res.acked - t0);
    turns.push(at - t0);
  }
};
// The first round links each Teams user to a new person (a member lookup), and opens the connections.
await Promise.all(Array.from({ length: atOnce }, (_, i) => one(i, false)));
for (let r = 0; r < rounds; r++) await Promise.all(Array.from({ length: atOnce }, (_, i) => one(i, true)));
await fake.stop();
process.send!({ acks, turns }, () => process.exit(0));
