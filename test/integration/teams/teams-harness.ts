import { createTeamsAdapter, type TeamsAdapter } from '../../../adapters/teams/teams.adapter.js';
import { loadKbSeed } from '../../../src/config/kb-seed.loader.js';
import { APP_ID, APP_PASSWORD, FakeTeams, TENANT, type TeamsUser } from '../../fakes/teams/fake-teams.js';
import type { TeamsActivity } from '../../fakes/teams/teams-activities.js';
import { capturedLogger } from '../../support/log-lines.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';

/** Teams users of the sample desk's people; the fake answers member lookups with their emails. */
function user(name: string, n: number, email = `${name}@acme.example`): TeamsUser {
  return {
    id: `29:1${name}-bf-id`,
    aadObjectId: `00000000-0000-4000-8000-00000000000${n}`,
    name,
    email,
    userPrincipalName: email,
    tenantId: TENANT,
    userRole: 'user',
  };
}
export const T = {
  rita: user('rita', 1),
  sam: user('sam', 2),
  alice: user('alice', 3),
  hana: user('hana', 4),
  newbie: user('nina', 5, 'nina.new@acme.example'),
} as const;

export interface TeamsDesk {
  t: TestDesk;
  fake: FakeTeams;
  teams: TeamsAdapter;
  api: TestApi;
  logs: string[];
  /** POSTs an activity to /api/messages with a valid token, unless told otherwise. */
  send(activity: TeamsActivity, opts?: { token?: string | null }): Promise<{ status: number; body: string }>;
  /** Waits for the turns acknowledged so far, then delivers the outbox. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

/** The sample desk (with its articles) behind the real HTTP server, Teams on, against a fake Teams. */
export async function startTeamsDesk(options: { authOn?: boolean } = {}): Promise<TeamsDesk> {
  const t = await testDesk();
  await t.desk.kb.importSeed((await loadKbSeed('config/kb')).articles);
  await t.desk.kb.start();
  const fake = await new FakeTeams().start();
  for (const u of Object.values(T)) fake.users.set(u.id, u);
  const { logger, lines: logs } = capturedLogger();
  const teams = createTeamsAdapter({
    desk: t.desk,
    logger,
    settings: {
      appId: APP_ID,
      appPassword: APP_PASSWORD,
      appType: 'MultiTenant',
      openIdMetadataUrl: fake.openIdUrl,
      tokenIssuer: 'https://api.botframework.com',
      loginUrl: fake.loginUrl,
      authOn: options.authOn ?? true,
      // The fake serves download URLs too: its origin, named exactly (never any host).
      fileOrigins: [fake.base],
    },
  });
  t.desk.attach(teams);
  const api = await startTestApi(t, undefined, [(server) => teams.routes!(server)]);
  await teams.start();
  const settle = async () => {
    for (let i = 0; i < 5; i++) {
      await teams.idle();
      if ((await t.desk.outbox.drain()) === 0) return;
    }
  };
  return {
    t,
    fake,
    teams,
    api,
    logs,
    settle,
    async send(activity, opts = {}) {
      const token = opts.token === undefined ? fake.sign(activity.serviceUrl) : opts.token;
      const res = await fetch(`${api.base}/api/messages`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(activity),
      });
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await api.app.close();
      await teams.stop();
      await t.desk.kb.stop();
      await fake.stop();
    },
  };
}
