import { poster } from './child.js';
import { childSlack, signedDm } from './slack.child.js';

/**
 * The Slack side of the instances bench, in its own process as Slack is its own machine: the fake Web
 * API (which notes when each reply arrives) and a closed loop of signed DMs, timed on this process's
 * clock. For each run the bench sends the instances' bases; deliveries go to them in turn (i % n).
 */
export interface LoadRun {
  bases: string[];
  seconds: number;
  inFlight: number;
}

export interface LoadResult {
  /** Turns whose reply arrived within the steady window, and the window's length. */
  turns: number;
  seconds: number;
  /** Event → reply of those turns, in ms. */
  latencies: number[];
  /** Deliveries answered other than 200 (by status, 0 for a failed connection), and replies never seen. */
  refused: Record<string, number>;
  missing: number;
  /** chat.postMessage calls in the thread of a turn that had its reply already. */
  extraReplies: number;
  /** This process's CPU time over the steady window, in ms. */
  cpuMs: number;
}

/** Sent as the steady window begins and ends (the bench reads the instances' CPU time then). */
export interface LoadMark {
  mark: 'from' | 'end';
}

const { users, secret, replyTimeoutMs } = JSON.parse(process.env.INSTANCES_LOAD ?? '{}') as {
  users: number;
  secret: string;
  replyTimeoutMs: number;
};
const fake = await childSlack(users, 'UI', 'inst');
const ids = Array.from({ length: users }, (_, i) => `UI${i}`);

const waiting = new Map<string, (at: number) => void>();
const answered = new Set<string>();
let extraReplies = 0;
fake.onCall = (call) => {
  if (call.method !== 'chat.postMessage' || !call.args.thread_ts) return;
  const thread = String(call.args.thread_ts);
  const done = waiting.get(thread);
  if (done) {
    waiting.delete(thread);
    answered.add(thread);
    done(performance.now());
  } else if (answered.has(thread)) extraReplies++;
};
// The fake records every call; a long run needs none of them kept.
const forget = setInterval(() => {
  fake.calls.length = 0;
}, 1000);

const WARM_MS = 2000;

type Post = ReturnType<typeof poster>;
type Turn = { ok: true; sentAt: number; repliedAt: number } | { ok: false; why: string };

/** One DM in a new thread: signed, POSTed, and its reply in that thread awaited. */
async function turn(post: Post, user: string): Promise<Turn> {
  const dm = signedDm(user, secret);
  let timer: NodeJS.Timeout | undefined;
  const replied = new Promise<number | undefined>((done) => {
    waiting.set(dm.thread, done);
    timer = setTimeout(() => done(undefined), replyTimeoutMs);
  });
  const over = (why: string): Turn => {
    clearTimeout(timer);
    waiting.delete(dm.thread);
    answered.add(dm.thread); // a reply after all is then an extra one
    return { ok: false, why };
  };
  const sentAt = performance.now();
  try {
    const res = await post(dm.body, dm.headers);
    await res.done;
    if (res.status !== 200) return over(String(res.status));
  } catch {
    return over('0');
  }
  const repliedAt = await replied;
  if (repliedAt === undefined) return over('missing');
  clearTimeout(timer);
  return { ok: true, sentAt, repliedAt };
}

async function run({ bases, seconds, inFlight }: LoadRun): Promise<LoadResult> {
  const posts = bases.map((base) => poster(`${base}/slack/events`));
  let sent = 0;
  const send = (user: string) => turn(posts[sent++ % posts.length]!, user);
  const refused: Record<string, number> = {};
  let missing = 0;
  extraReplies = 0;
  const note = (t: Turn) => {
    if (t.ok) return;
    if (t.why === 'missing') missing++;
    else refused[t.why] = (refused[t.why] ?? 0) + 1;
  };
  // Warm-up: every user at once (each is linked to a new person on first contact: users.info); then the
  // closed loop, whose first WARM_MS (connections to every instance, plans, JIT) are not counted.
  (await Promise.all(ids.map(send))).forEach(note);
  const latencies: number[] = [];
  const from = performance.now() + WARM_MS;
  const end = from + seconds * 1000;
  const idle = [...ids];
  let cpu = process.cpuUsage();
  const marks = [
    setTimeout(() => {
      cpu = process.cpuUsage();
      process.send!({ mark: 'from' } satisfies LoadMark);
    }, from - performance.now()),
    setTimeout(() => {
      cpu = process.cpuUsage(cpu);
      process.send!({ mark: 'end' } satisfies LoadMark);
    }, end - performance.now()),
  ];
  await Promise.all(
    Array.from({ length: Math.min(inFlight, ids.length) }, async () => {
      while (performance.now() < end) {
        const user = idle.shift()!;
        const t = await send(user);
        idle.push(user);
        note(t);
        // Turns/s counts the replies that arrived within the steady window.
        if (t.ok && t.repliedAt >= from && t.repliedAt <= end) latencies.push(t.repliedAt - t.sentAt);
      }
    }),
  );
  for (const timer of marks) clearTimeout(timer);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  return { turns: latencies.length, seconds, latencies, refused, missing, extraReplies, cpuMs };
}

process.on('message', (m: LoadRun | { stop: true }) => {
  if ('stop' in m) {
    clearInterval(forget);
    void fake.stop().then(() => process.exit(0));
    return;
  }
  void run(m).then(
    (result) => process.send!(result),
    (err) => {
      process.stderr.write(`instances load: ${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
});
process.send!({ apiUrl: fake.apiUrl });
