import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { TestChat } from '../../support/test-chat.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

let t: TestDesk;
let api: TestApi;

describe(`SLA views: GET /api/v1/tickets/:key/sla and the /sla chat command (${testBackend()})`, () => {
  beforeAll(async () => {
    t = await testDesk();
    api = await startTestApi(t);
  });
  afterAll(async () => {
    await api.app.close();
  });

  it('shows each clock with goal, elapsed, remaining, due in the caller’s zone and its log; same visibility as the ticket', async () => {
    const [rita, alice, sam, hana] = await Promise.all(
      ['rita', 'alice', 'sam', 'hana'].map((n) => api.tokenFor(n)),
    );
    const created = await api.call('POST', '/api/v1/tickets', rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'No boot' },
    });
    const key = created.body.key;
    t.clock.advance(30 * 60_000);
    await api.call('POST', `/api/v1/tickets/${key}/transitions`, alice, { transition: 'start_progress' });
    await api.call('POST', `/api/v1/tickets/${key}/transitions`, alice, { transition: 'ask_customer' });
    t.clock.advance(15 * 60_000);

    const res = await api.call('GET', `/api/v1/tickets/${key}/sla`, alice);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ticket: key, timezone: 'Europe/London', policy: { id: 'standard' } });
    const [first, resolution] = res.body.clocks;
    expect(first).toMatchObject({
      metric: 'first_response',
      name: 'Time to first response',
      ongoing: {
        goal: '4h',
        paused: true,
        elapsedMs: 30 * 60_000,
        elapsed: '30m',
        remaining: '3h 30m',
        due: null,
      },
    });
    expect(resolution.log.map((e: { kind: string; detail?: string }) => [e.kind, e.detail])).toEqual([
      // 17h: two of the London calendar's 8.5 h days.
      ['started', 'goal 2 working days'],
      ['paused', 'status waiting_for_customer (waiting)'],
    ]);
    expect(resolution.log[1].local).toBe('Wed, 25 Nov 2026, 10:30 GMT');

    expect((await api.call('GET', `/api/v1/tickets/${key}/sla`, rita)).status).toBe(200); // the requester
    expect((await api.call('GET', `/api/v1/tickets/${key}/sla`, sam)).status).toBe(404); // someone else
    expect((await api.call('GET', `/api/v1/tickets/${key}/sla`, hana)).status).toBe(404); // another department
    expect((await api.call('GET', `/api/v1/tickets/${key}/sla`)).status).toBe(401);
  });

  it('"sla IT-1" in chat answers agents of the ticket only', async () => {
    const agent = new TestChat(t, await t.person('alice'));
    await agent.say('sla it-1');
    expect(agent.text()).toMatch(/^\*\*SLA of \[IT-1\]\(.*\/agent\/tickets\/IT-1\)\*\* \(Europe\/London\)/);
    expect(agent.text()).toContain('- *Time to first response* (goal 4h): ⏸ paused, 3h 30m left');
    const requester = new TestChat(t, await t.person('rita'));
    await requester.say('/sla IT-1');
    expect(requester.text()).toBe('Only IT agents see the SLA of IT-1.');
    const stranger = new TestChat(t, await t.person('hana'));
    await stranger.say('sla IT-1');
    expect(stranger.text()).toBe("I can't find a ticket IT-1 you can see.");
  });
});
