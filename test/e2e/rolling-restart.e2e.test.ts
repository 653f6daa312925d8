/**
 * A rolling restart under load loses nothing: two built Deskbot instances on one PostgreSQL database,
 * behind a round-robin proxy, while Slack users, Teams users, web chat people, a REST requester and
 * Discord DMs keep coming and SLA timers fire: SIGTERM A and start a new A, then the same for B, then
 * SIGKILL one and start it again. Afterwards, read straight from the database and the fakes: every
 * acknowledged delivery processed exactly once and in order, every reply posted once and in order, every
 * SLA threshold pinged once, no request failed but those in flight to the killed instance (and those
 * succeeded on their resend), nothing left pending or dead in the outbox, and the Discord gateway held by
 * one instance at a time. Needs a PostgreSQL server (TEST_DATABASE_URL); makes a database of its own.
 */
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APPLICATION_ID, BOT_TOKEN, FakeDiscord } from '../fakes/discord/fake-discord.js';
import { HttpReceiver } from '../fakes/notify/http-receiver.js';
import { FakeSlack } from '../fakes/slack/fake-slack.js';
import { directMessage } from '../fakes/slack/slack-payloads.js';
import { APP_ID, APP_PASSWORD, FakeTeams, TENANT, type TeamsUser } from '../fakes/teams/fake-teams.js';
import { buildService, ROOT } from '../support/built-service.js';
import { type GatewayFigures, GatewayWatch } from '../support/gateway.watch.js';
import {
  acknowledged,
  discordAnswered,
  GOAL_MS,
  inboundInOrder,
  processedOnce,
  repliesInOrder,
  webAnswersMatchTurns,
} from '../support/rolling.checks.js';
import { type Instance, Instances } from '../support/rolling.instances.js';
import { RollingLoad, type WebPerson } from '../support/rolling.load.js';
import {
  gatewayHeldOnce,
  type KillWindow,
  onlyKilledInFlightFailed,
  outboxSettled,
  pingsOnce,
} from '../support/rolling.service-checks.js';
import { count, pendingOutbox, snapshot } from '../support/rolling.store.js';
import { RoundRobinProxy } from '../support/round-robin.proxy.js';
import { ownerOfLocalPort } from '../support/socket-owner.js';
import { dropDatabase, workerDatabaseUrl } from '../support/test-store.js';

const SECRET = 'rolling-e2e-signing-secret';
const MARIA_SLACK = 'UMARIA';
const SLACK_PEOPLE = Array.from({ length: 10 }, (_, i) => ({ who: `u${i + 1}`, userId: `U${i + 1}` }));
/** People who write once, all at the moment of the SIGKILL, so requests are in flight to it. */
const BURST_PEOPLE = Array.from({ length: 16 }, (_, i) => ({ who: `b${i + 1}`, userId: `UB${i + 1}` }));
const TEAMS_PEOPLE = Array.from({ length: 3 }, (_, i) => ({
  who: `t${i + 1}`,
  user: {
    id: `29:1rolling-teams-${i + 1}`,
    aadObjectId: `00000000-0000-4000-8000-0000000001${String(i + 1).padStart(2, '0')}`,
    name: `Teams ${i + 1}`,
    email: `teams${i + 1}@acme.example`,
    tenantId: TENANT,
  } satisfies TeamsUser,
}));
const WEB_PEOPLE = ['wendy', 'walter', 'wilma'].map((name, i) => ({
  who: `w${i + 1}`,
  email: `${name}@acme.example`,
}));
const DISCORD_PEOPLE = Array.from({ length: 3 }, (_, i) => ({
  who: `d${i + 1}`,
  user: { id: `300000000000000010${i + 1}`, username: `discord${i + 1}` },
  channelId: `910000000000000000${i + 1}`,
}));

/** When the restart sequence begins, how long the load runs between steps, and after the last. */
const WARM_MS = 20_000;
const BETWEEN_MS = 8_000;
/** The SIGKILL comes once the first tickets' breaches are firing (their timers are due from 60 s). */
const KILL_AFTER_MS = 58_000;
const TAIL_MS = 12_000;
/** How long the gateway may go unheld when its holder goes ("within a few seconds"). */
const GATEWAY_GAP_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dist = '';
let adminUrl = '';
let dbUrl = '';
let slack: FakeSlack;
let teams: FakeTeams;
let discord: FakeDiscord;
let pagerduty: HttpReceiver;
let proxy: RoundRobinProxy;
let instances: Instances;
let load: RollingLoad | undefined;
let watch: GatewayWatch;
/** The test's own connection to the shared database (one, so it never competes for the server's slots). */
let sql: pg.Client | undefined;
let t0 = Date.now();

const env = (): Record<string, string> => ({
  DATABASE_URL: dbUrl,
  SHUTDOWN_GRACE_MS: '1000',
  DESK_CONFIG: join(ROOT, 'test/e2e/fixtures/rolling-desk.yaml'),
  SLACK_BOT_TOKEN: 'xoxb-rolling-e2e',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: APP_PASSWORD,
  TEAMS_OPENID_METADATA_URL: teams.openIdUrl,
  TEAMS_LOGIN_URL: teams.loginUrl,
  DISCORD_TOKEN: BOT_TOKEN,
  DISCORD_APPLICATION_ID: APPLICATION_ID,
  DISCORD_API_URL: discord.apiUrl,
  PAGERDUTY_ROUTING_KEY: 'rolling-e2e-routing-key',
  PAGERDUTY_EVENTS_URL: `${pagerduty.base}/v2/enqueue`,
});

async function waitFor(what: string, check: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000}s waiting for ${what}`);
    await sleep(250);
  }
}

/** The running instance whose process holds the fake gateway's live session (read from /proc). */
function gatewayHolder(): Instance | undefined {
  const port = discord.sessionPeerPort;
  if (!port) return undefined;
  const running = instances.running();
  const pid = ownerOfLocalPort(
    port,
    running.flatMap((i) => (i.service.child.pid ? [i.service.child.pid] : [])),
  );
  return running.find((i) => i.service.child.pid === pid);
}

async function demoSession(email: string): Promise<{ token: string; person: { id: string } }> {
  const res = await fetch(`${proxy.base}/web/demo-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  if (res.status !== 200) throw new Error(`demo session for ${email}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { token: string; person: { id: string } };
}

describe.skipIf(!process.env.TEST_DATABASE_URL)('rolling restart of two instances on one PostgreSQL', () => {
  let a1: Instance;
  let b1: Instance;
  let startProblems: string[] = [];

  beforeAll(async () => {
    adminUrl = process.env.TEST_DATABASE_URL!;
    const createDb = async () => {
      dbUrl = await workerDatabaseUrl(adminUrl, `rolling_${process.pid}`);
      sql = new pg.Client({ connectionString: dbUrl });
      await sql.connect();
    };
    [dist] = await Promise.all([buildService('test-artifacts/e2e-rolling-dist'), createDb()]);
    slack = await new FakeSlack().start();
    for (const p of [...SLACK_PEOPLE, ...BURST_PEOPLE])
      slack.users.set(p.userId, {
        id: p.userId,
        email: `slack-${p.who}@acme.example`,
        real_name: `Slack ${p.who}`,
      });
    slack.users.set(MARIA_SLACK, {
      id: MARIA_SLACK,
      email: 'maria@acme.example',
      real_name: 'Maria Manager',
    });
    teams = await new FakeTeams().start();
    for (const p of TEAMS_PEOPLE) teams.users.set(p.user.id, p.user);
    discord = await new FakeDiscord().start();
    for (const p of DISCORD_PEOPLE) discord.users.set(p.user.id, p.user);
    watch = new GatewayWatch(discord).start(); // from before the first instance connects
    pagerduty = await new HttpReceiver().start();
    // Probed like a load balancer's health check; a stopping instance answers 503 for 1 s first.
    proxy = (await new RoundRobinProxy().start()).healthChecks(200);
    instances = new Instances(dist, env, proxy, () => t0);
    // Both at once on the fresh database, as a deployment starts them. One that fails is told by the
    // first test and started again alone, so the restart scenario still runs.
    const first = await Promise.allSettled([instances.start('A'), instances.start('B')]);
    startProblems = first.flatMap((r, i) =>
      r.status === 'rejected'
        ? [`${'AB'[i]}1 did not start beside the other on a fresh database: ${Instances.why(r.reason)}`]
        : [],
    );
    a1 = first[0].status === 'fulfilled' ? first[0].value : await instances.start('A');
    b1 = first[1].status === 'fulfilled' ? first[1].value : await instances.start('B');
  }, 150_000);

  afterAll(async () => {
    await load?.stop().catch(() => {});
    await instances?.stopAll();
    await proxy?.stop();
    await Promise.all([slack?.stop(), teams?.stop(), discord?.stop(), pagerduty?.stop()]);
    await sql?.end().catch(() => {});
    if (dbUrl) await dropDatabase(adminUrl, dbUrl);
  }, 60_000);

  it('two instances start at once on a fresh database', () => {
    expect(startProblems).toEqual([]);
  });

  it('SIGTERM A, SIGTERM B, SIGKILL one, under load: nothing lost, doubled or out of order', async () => {
    const rita = await demoSession('rita@acme.example');
    const web: WebPerson[] = [];
    for (const p of WEB_PEOPLE) {
      const s = await demoSession(p.email);
      web.push({ who: p.who, token: s.token, personId: s.person.id });
    }
    load = new RollingLoad({
      proxy: proxy.base,
      slackSecret: SECRET,
      slack: SLACK_PEOPLE,
      teams: TEAMS_PEOPLE,
      web,
      restToken: rita.token,
      discord: DISCORD_PEOPLE,
      fakeTeams: teams,
      fakeDiscord: discord,
    });
    // The IT manager's Slack account is linked (her first DM) before any ping, so pings reach it too.
    const linking = await load.slack(
      'maria',
      1,
      'maria m1 hello from slack',
      directMessage(MARIA_SLACK, 'maria m1 hello from slack'),
    );
    expect(linking.ok, `maria's first Slack DM: ${linking.tries.map((t) => t.status).join(',')}`).toBe(true);
    await waitFor(
      "maria's Slack account to be linked",
      async () =>
        (await count(
          sql!,
          `SELECT count(*)::int AS n FROM channel_identities WHERE platform = 'slack' AND external_id = $1`,
          [MARIA_SLACK],
        )) === 1,
      20_000,
    );
    await waitFor('a Discord gateway session', () => discord.live, 20_000);

    t0 = Date.now();
    load.start();
    await sleep(WARM_MS);

    // SIGTERM A while its replacement starts; the proxy keeps sending A requests until it exits.
    instances.note(`gateway held by ${gatewayHolder()?.name ?? 'no instance found'}`);
    await Promise.all([instances.terminate(a1), instances.start('A')]);
    await sleep(BETWEEN_MS);
    instances.note(`gateway held by ${gatewayHolder()?.name ?? 'no instance found'}`);
    await Promise.all([instances.terminate(b1), instances.start('B')]);
    await sleep(Math.max(BETWEEN_MS, t0 + KILL_AFTER_MS - Date.now()));

    // SIGKILL the instance holding the Discord gateway (any, if none is found). Discord DMs keep coming:
    // what the dying client missed, and what is said before the next holder connects, Discord keeps,
    // and the next holder reads it. Every HTTP delivery keeps coming and is resent after a 502.
    const holder = gatewayHolder();
    const victim = holder ?? instances.running().at(-1)!;
    instances.note(`gateway held by ${holder?.name ?? 'no instance found'}`);
    const burst = load.burst(BURST_PEOPLE, 8);
    await sleep(10);
    const killedAt = await instances.kill(victim);
    const restarted = await instances.start(victim.name[0]!, victim.name);
    await waitFor('the Discord gateway to be held again', () => discord.live, GATEWAY_GAP_MS).catch(() => {});
    await burst;
    await sleep(TAIL_MS);
    instances.note(`gateway held by ${gatewayHolder()?.name ?? 'no instance found'}`);
    await load.stop();
    const loadEnd = Date.now();
    instances.note('load stopped');

    // Settle: every ticket's breach is due a minute after it was opened; wait for all, and the outbox.
    const lastCreate = Math.max(
      ...load.sent.filter((s) => s.kind === 'rest').map((s) => s.tries[0]?.at ?? 0),
    );
    const settleBy = lastCreate + GOAL_MS + 35_000;
    await sleep(Math.max(0, lastCreate + GOAL_MS + 6_000 - Date.now()));
    let settled = false;
    while (Date.now() < settleBy) {
      const pending = await pendingOutbox(sql!);
      const pinged = await count(
        sql!,
        `SELECT count(*)::int AS n FROM sla_pings WHERE threshold IN ('near_breach', 'breached')`,
      );
      const tickets = await count(sql!, `SELECT count(*)::int AS n FROM tickets`);
      if (pending === 0 && pinged >= 2 * tickets) {
        settled = true;
        break;
      }
      await sleep(1000);
    }
    await sleep(1000);
    const gateway: GatewayFigures = watch.stop();
    const db = await snapshot(sql!);
    const cutoff = Date.now() - 5_000;

    const deliveries = acknowledged(load);
    const kill: KillWindow = { instance: victim.name, at: killedAt, graceMs: 3_000 };
    const mariaId = db.people.get('maria@acme.example') ?? '';
    const replies = repliesInOrder(db, { slack, teams, discord });
    const pings = pingsOnce(
      db,
      pagerduty.received,
      slack,
      { slackUser: MARIA_SLACK, personId: mariaId },
      cutoff,
    );
    const stops = [a1, b1].map((i) => ({ name: i.name, ...i.ended }));

    const byKind = (k: string) => load!.sent.filter((s) => s.kind === k);
    const lines = [...db.lines.values()].flat();
    const streams = [...load.streams.values()];
    console.log(
      [
        'rolling-restart figures:',
        `requests slack=${byKind('slack').length} teams=${byKind('teams').length} web=${byKind('web').length} rest=${byKind('rest').length} (HTTP tries ${load.sent.reduce((a, s) => a + s.tries.length, 0)}), discord DMs=${load.discordSent.length} (in the gap ${load.discordInGap}, held back ${load.discordSkipped});`,
        `deliveries checked=${deliveries.length}, turns in=${lines.filter((l) => l.direction === 'in').length} out=${lines.filter((l) => l.direction === 'out').length}, replies compared with posts=${replies.compared};`,
        `pings tickets=${pings.figures.tickets} near=${pings.figures.nearBreach} breach=${pings.figures.breached} pagerduty=${pings.figures.pdTriggers} slackNotices=${pings.figures.slackNotices} webNotices=${pings.figures.webNotices} maxLate=${pings.figures.maxLateMs}ms;`,
        `502s=${proxy.lost.length} (${proxy.lost.map((l) => `${l.backend} ${l.method} ${l.path} ${instances.when(l.at)}`).join(', ') || 'none'}), takenOut=${proxy.takenOut}, refused→next=${proxy.refusedThenRetried}, noBackend=${proxy.noBackend}, streamsCut=${proxy.streamsCut}, webStreams ready=${streams.reduce((a, s) => a + s.ready, 0)} events=${streams.reduce((a, s) => a + s.messages.length, 0)};`,
        `per instance ${[...proxy.answered].map(([n, c]) => `${n}=${c}`).join(' ')};`,
        `gateway maxOpen=${gateway.maxOpen} overlaps=${gateway.overlaps.length} (${(gateway.overlaps.reduce((a, o) => a + o.ms, 0) / 1000).toFixed(1)}s) identifies=${gateway.identifies} resumes=${gateway.resumes} longestGap=${(Math.max(0, ...gateway.gaps.map((g) => g.ms)) / 1000).toFixed(1)}s;`,
        `SIGTERM stops ${stops.map((s) => `${s.name}=${s.stopMs}ms(exit ${s.code ?? s.signal})`).join(' ')}; SIGKILL ${victim.name}${holder ? ' (the gateway holder)' : ''} at ${instances.when(killedAt)}, ${restarted.name} up at ${instances.when(restarted.startedAt)}; load ${((loadEnd - t0) / 1000).toFixed(0)}s, settled=${settled} at ${instances.when(Date.now())}`,
      ].join(' '),
    );
    console.log(
      `rolling-restart timeline: ${instances.timeline.map((e) => `${instances.when(e.at)} ${e.what}`).join('; ')}`,
    );

    expect
      .soft(
        stops.filter((s) => s.code !== 0),
        'instances stopped with SIGTERM exit 0',
      )
      .toEqual([]);
    expect
      .soft(processedOnce(deliveries, db), '1. acknowledged deliveries processed exactly once')
      .toEqual([]);
    expect.soft(inboundInOrder(deliveries, db), '2. inbound lines in the order sent').toEqual([]);
    expect.soft(replies.problems, '2. replies posted once each, in the order stored').toEqual([]);
    expect.soft(webAnswersMatchTurns(load, db), '2. web answers are their turns').toEqual([]);
    expect.soft(discordAnswered(load, db), '2. every Discord DM answered').toEqual([]);
    expect
      .soft(load.discordInGap, 'Discord DMs were said while no instance held the gateway (read afterwards)')
      .toBeGreaterThan(0);
    expect.soft(pings.problems, '3. SLA pings neither lost nor doubled').toEqual([]);
    expect
      .soft(
        onlyKilledInFlightFailed(load, proxy.lost, kill, db),
        '4. only requests in flight to the killed instance failed',
      )
      .toEqual([]);
    expect.soft(outboxSettled(db), '5. outbox: nothing pending, nothing dead').toEqual([]);
    expect
      .soft(
        gatewayHeldOnce(gateway, (at) => instances.when(at), GATEWAY_GAP_MS),
        'Discord gateway held by one instance at a time',
      )
      .toEqual([]);
  }, 300_000);
});
