import { componentClick, dm } from '../test/fakes/discord/discord-events.js';
import { FakeDiscord } from '../test/fakes/discord/fake-discord.js';

/**
 * The Discord side of the Discord bench, in its own process as Discord is its own machine: the fake
 * REST API and gateway, which note when each interaction is answered and each reply arrives, timed on
 * this process's clock.
 */
const { atOnce, rounds } = JSON.parse(process.env.DISCORD_LOAD ?? '{}') as { atOnce: number; rounds: number };
process.on('disconnect', () => process.exit(1));
const fake = await new FakeDiscord().start();
const users = Array.from({ length: atOnce }, (_, i) => ({
  id: String(3_100_000_000_000_000_000n + BigInt(i)),
  username: `bench${i}`,
}));
for (const u of users) fake.users.set(u.id, u);
const dmOf = (i: number) => String(9_100_000_000_000_000_000n + BigInt(i));
const waiting = new Map<string, (at: number) => void>();
fake.onCall = (call) => {
  const now = performance.now();
  const answered = /^\/api\/v10\/interactions\/(\d+)\//.exec(call.path);
  if (answered) waiting.get(`answer:${answered[1]}`)?.(now);
  const posted = /^\/api\/v10\/channels\/(\d+)\/messages$/.exec(call.path);
  if (posted && call.method === 'POST') waiting.get(`reply:${posted[1]}`)?.(now);
};
const when = (key: string) => new Promise<number>((done) => waiting.set(key, done));

process.send!({ apiUrl: fake.apiUrl });
await fake.connections(1);
await new Promise((r) => setTimeout(r, 300)); // READY and the guild reach the client

const answers: number[] = [];
const clickReplies: number[] = [];
const messageReplies: number[] = [];
const say = async (i: number, measure: boolean) => {
  const replied = when(`reply:${dmOf(i)}`);
  const t0 = performance.now();
  fake.dispatch('MESSAGE_CREATE', dm(fake, users[i]!, dmOf(i), 'my requests'));
  const at = await replied;
  if (measure) messageReplies.push(at - t0);
};
const press = async (i: number) => {
  const message = {
    id: fake.nextId(),
    channel_id: dmOf(i),
    author: { id: '1', username: 'Deskbot', bot: true },
    content: '',
    components: [],
  };
  const interaction = componentClick(fake, users[i]!, message, 'dsk|requests.mine');
  const answered = when(`answer:${interaction.id}`);
  const replied = when(`reply:${dmOf(i)}`);
  const t0 = performance.now();
  fake.dispatch('INTERACTION_CREATE', interaction);
  const [a, r] = await Promise.all([answered, replied]);
  answers.push(a - t0);
  clickReplies.push(r - t0);
};
// The first round makes each Discord user a person (a placeholder until they link).
await Promise.all(users.map((_, i) => say(i, false)));
for (let r = 0; r < rounds; r++) {
  await Promise.all(users.map((_, i) => press(i)));
  await Promise.all(users.map((_, i) => say(i, true)));
}
await fake.stop();
process.send!({ answers, clickReplies, messageReplies }, () => process.exit(0));
