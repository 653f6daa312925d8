/**
 * The built service with Teams on, configured only by the operating contract's variables, against a
 * fake Teams (OpenID metadata and keys, login endpoint, Bot Connector) on 127.0.0.1.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, APP_PASSWORD, FakeTeams, TENANT } from '../fakes/teams/fake-teams.js';
import { personalChat, personalMessage } from '../fakes/teams/teams-activities.js';
import { buildService, runNode, type Service, startService, until } from '../support/built-service.js';

let dist = '';
let fake: FakeTeams;
let service: Service;
const rita = {
  id: '29:1rita-e2e',
  aadObjectId: '00000000-0000-4000-8000-0000000000e1',
  name: 'Rita',
  email: 'rita@acme.example',
  tenantId: TENANT,
};

const teamsEnv = () => ({
  MICROSOFT_APP_ID: APP_ID,
  MICROSOFT_APP_PASSWORD: APP_PASSWORD,
  TEAMS_OPENID_METADATA_URL: fake.openIdUrl,
  TEAMS_LOGIN_URL: fake.loginUrl,
});

async function post(activity: Record<string, unknown>, token?: string): Promise<number> {
  const res = await fetch(`${service.base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(activity),
  });
  return res.status;
}

describe('Teams on the built service', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dist = await buildService('test-artifacts/e2e-teams-dist');
    fake = await new FakeTeams().start();
    fake.users.set(rita.id, rita);
    service = await startService(dist, teamsEnv());
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    await fake?.stop();
  });

  it('says Teams is on, answers a signed message with the token it fetched, and refuses an unsigned one', async () => {
    await until(() => /channels on: .*Teams \(POST \/api\/messages\)/.exec(service.logs()) ?? undefined);
    const activity = personalMessage(fake, rita, 'my vpn keeps dropping');
    expect(await post(activity, fake.sign(activity.serviceUrl))).toBe(200);
    const reply = await until(() => fake.posted(personalChat(rita).id)[0]);
    expect(reply.authorization).toBe(`Bearer ${fake.issued[0]}`);
    expect(JSON.stringify(reply.body)).toContain('VPN');
    const before = fake.calls.length;
    expect(await post(personalMessage(fake, rita, 'unsigned'))).toBe(401);
    await new Promise((r) => setTimeout(r, 300));
    expect(fake.calls.length).toBe(before);
  });

  it('refuses to start with TEAMS_AUTH=off when NODE_ENV=production (exit 2, naming the variable)', async () => {
    const r = await runNode([`${dist}/src/main.js`], {
      ...teamsEnv(),
      TEAMS_AUTH: 'off',
      NODE_ENV: 'production',
      PORT: '0',
    });
    expect(r.code).toBe(2);
    expect(r.stdout + r.stderr).toContain('TEAMS_AUTH');
  });
});
