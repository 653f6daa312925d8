import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { APP_ID } from '../../fakes/teams/fake-teams.js';
import { personalMessage } from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

let td: TeamsDesk;

async function count(table: string): Promise<number> {
  const [row] = await td.t.store.database.raw(`SELECT count(*)::int AS n FROM ${table}`, []);
  return Number((row as { n: number }).n);
}

describe(`Teams: every inbound activity is verified (${testBackend()})`, () => {
  beforeAll(async () => {
    td = await startTeamsDesk();
  });
  afterAll(async () => {
    await td.close();
  });
  beforeEach(() => {
    td.fake.calls.length = 0;
  });

  it('a valid token: the message is answered in the personal chat, with the token the login endpoint issued', async () => {
    const activity = personalMessage(td.fake, T.rita, 'my vpn keeps dropping');
    const res = await td.send(activity);
    expect(res.status).toBe(200);
    await td.settle();
    const replies = td.fake.posted(`a:chat-${T.rita.aadObjectId}`);
    expect(replies.length).toBeGreaterThan(0);
    expect(JSON.stringify(replies[0]!.body)).toContain('The VPN does not connect');
    expect(td.fake.issued).toHaveLength(1);
    for (const call of td.fake.calls) expect(call.authorization).toBe(`Bearer ${td.fake.issued[0]}`);
    expect(td.fake.tokenRequests[0]).toMatchObject({
      path: '/login/botframework.com/oauth2/v2.0/token',
      form: {
        grant_type: 'client_credentials',
        client_id: APP_ID,
        scope: 'https://api.botframework.com/.default',
      },
    });
    // Rita was linked by the email of her conversation member, to the desk's Rita.
    const rita = await td.t.store.people.byEmail('rita@acme.example');
    expect((await td.t.desk.people.identities(rita!.id, 'teams'))[0]).toMatchObject({
      externalId: T.rita.aadObjectId,
    });
  });

  const now = () => Math.floor(Date.now() / 1000);
  const refusals: [string, (serviceUrl: string) => string | null][] = [
    ['no token', () => null],
    ['a wrong audience', (s) => td.fake.sign(s, { claims: { aud: 'someone-else' } })],
    ['a wrong issuer', (s) => td.fake.sign(s, { claims: { iss: 'https://evil.example' } })],
    [
      'an expired token',
      (s) => td.fake.sign(s, { claims: { exp: now() - 3600, nbf: now() - 7200, iat: now() - 7200 } }),
    ],
    ['a serviceurl claim for another service URL', () => td.fake.sign('https://evil.example/svc/')],
    ['an unknown key id', (s) => td.fake.sign(s, { kid: 'no-such-key' })],
    ['the wrong signing key', (s) => td.fake.sign(s, { key: td.fake.otherKey })],
    ['HS256', (s) => td.fake.sign(s, { alg: 'HS256' })],
    ['alg none', (s) => td.fake.sign(s, { alg: 'none' })],
    ['a token not valid before an hour from now', (s) => td.fake.sign(s, { claims: { nbf: now() + 3600 } })],
    ['garbage', () => 'not.a.jwt'],
  ];
  it.each(refusals)('%s: 401, nothing stored, nothing sent', async (_name, token) => {
    const inbox = await count('inbox');
    const activity = personalMessage(td.fake, T.sam, 'my printer is on fire');
    const res = await td.send(activity, { token: token(activity.serviceUrl) });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body).error.code).toBe('unauthorized');
    await td.settle();
    expect(await count('inbox')).toBe(inbox);
    expect(td.fake.calls).toHaveLength(0);
  });

  it('a well-signed activity missing what a turn needs is 400 naming the field, nothing stored', async () => {
    const inbox = await count('inbox');
    const activity = personalMessage(td.fake, T.sam, 'hello');
    const { conversation: _dropped, ...withoutConversation } = activity;
    const res = await td.send({ ...withoutConversation, id: activity.id, serviceUrl: activity.serviceUrl });
    expect(res.status).toBe(400);
    expect(res.body).toContain('conversation.id');
    expect(await count('inbox')).toBe(inbox);
  });

  it('a guest from another tenant is nobody on this desk: no person made, no answer', async () => {
    const guest = {
      id: '29:1guest-bf-id',
      aadObjectId: '00000000-0000-4000-8000-0000000000f1',
      name: 'Guest',
      email: 'rita@acme.example', // the same email must not claim Rita
      tenantId: 'another-tenant',
      userRole: 'guest' as const,
    };
    td.fake.users.set(guest.id, guest);
    const res = await td.send(personalMessage(td.fake, guest, 'show me rita’s requests'));
    expect(res.status).toBe(200);
    await td.settle();
    expect(td.fake.posted(`a:chat-${guest.aadObjectId}`)).toHaveLength(0);
    expect(td.logs.some((l) => l.includes('teams user refused') && l.includes('another workspace'))).toBe(
      true,
    );
    const rita = await td.t.store.people.byEmail('rita@acme.example');
    expect((await td.t.desk.people.identities(rita!.id, 'teams')).map((i) => i.externalId)).not.toContain(
      guest.aadObjectId,
    );
  });

  it('the same activity delivered 4 times gets one answer', async () => {
    const activity = personalMessage(td.fake, T.sam, 'how do I book annual leave');
    const statuses = await Promise.all([1, 2, 3, 4].map(() => td.send(activity).then((r) => r.status)));
    expect(statuses).toEqual([200, 200, 200, 200]);
    await td.settle();
    expect(td.fake.posted(`a:chat-${T.sam.aadObjectId}`)).toHaveLength(1);
    const [row] = await td.t.store.database.raw(
      'SELECT count(*)::int AS n FROM inbox WHERE delivery_id = $1',
      [activity.id],
    );
    expect(Number((row as { n: number }).n)).toBe(1);
  });
});
