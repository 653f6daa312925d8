import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { personalChat, personalMessage } from '../../fakes/teams/teams-activities.js';
import { testBackend } from '../../support/test-store.js';
import { startTeamsDesk, T, type TeamsDesk } from './teams-harness.js';

let td: TeamsDesk;

describe(`Teams with TEAMS_AUTH=off, for local development (${testBackend()})`, () => {
  beforeAll(async () => {
    td = await startTeamsDesk({ authOn: false });
    td.fake.requireToken = false;
  });
  afterAll(async () => {
    await td.close();
  });

  it('warns loudly at start', () => {
    const warning = td.logs.find((l) => l.includes('TEAMS_AUTH=off'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!).level).toBe(40);
  });

  it('takes an unsigned activity and answers it, asking the login endpoint for nothing', async () => {
    expect(
      (await td.send(personalMessage(td.fake, T.rita, 'my vpn keeps dropping'), { token: null })).status,
    ).toBe(200);
    await td.settle();
    const replies = td.fake.posted(personalChat(T.rita).id);
    expect(replies.length).toBeGreaterThan(0);
    expect(td.fake.tokenRequests).toHaveLength(0);
  });
});
