import { beforeEach, describe, expect, it } from 'vitest';
import type { Person } from '../../../src/ports/store.port.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
let t: TestDesk;
let rita: Person;
let alice: Person;

/** The stored clock rows of a ticket after the outbox ('sla' topic) has run. */
async function clocks(ticketId: number) {
  await t.desk.outbox.drain();
  return (await t.store.sla.clocks(ticketId)).map((c) => ({
    metric: c.metric,
    cycle: c.cycle,
    goalMs: c.goalMs,
    elapsedMs: c.elapsedMs,
    paused: c.paused,
    result: c.result,
    stoppedAt: c.stoppedAt?.toISOString() ?? null,
    dueAt: c.dueAt?.toISOString() ?? null,
  }));
}

describe(`SLA clocks recomputed from real ticket changes (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = await t.person('rita');
    alice = await t.person('alice');
  });

  it('create → comment → waiting → resolve → reopen: every change moves the stored clocks', async () => {
    // Wednesday 25 Nov 2026, 10:00 London (GMT): inside the London calendar's 09:00-17:30.
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Blue screen' },
    });
    expect(await clocks(ticket.id)).toEqual([
      // medium: first response 4h, resolution 2d = two London working days of 8.5 h
      {
        metric: 'first_response',
        cycle: 0,
        goalMs: 4 * HOUR,
        elapsedMs: 0,
        paused: false,
        result: null,
        stoppedAt: null,
        dueAt: '2026-11-25T14:00:00.000Z',
      },
      {
        metric: 'resolution',
        cycle: 0,
        goalMs: 17 * HOUR,
        elapsedMs: 0,
        paused: false,
        result: null,
        stoppedAt: null,
        dueAt: '2026-11-27T10:00:00.000Z',
      },
    ]);

    t.clock.advance(30 * MIN); // 10:30: the first public agent reply stops first response
    await t.desk.tickets.addComment(alice, ticket.key, { body: 'Looking into it' });
    t.clock.advance(30 * MIN); // 11:00: waiting for the customer pauses resolution
    await t.desk.transitions.take(alice, ticket.key, { transition: 'start_progress' });
    await t.desk.transitions.take(alice, ticket.key, { transition: 'ask_customer' });
    let rows = await clocks(ticket.id);
    expect(rows[0]).toMatchObject({
      metric: 'first_response',
      result: 'met',
      elapsedMs: 30 * MIN,
      stoppedAt: '2026-11-25T10:30:00.000Z',
    });
    expect(rows[1]).toMatchObject({ metric: 'resolution', paused: true, elapsedMs: HOUR, dueAt: null });

    t.clock.advance(2 * HOUR); // 13:00: the requester answers, the clock runs again
    await t.desk.transitions.take(rita, ticket.key, { transition: 'respond' });
    rows = await clocks(ticket.id);
    expect(rows[1]).toMatchObject({ paused: false, elapsedMs: HOUR, dueAt: '2026-11-27T12:00:00.000Z' });

    t.clock.advance(HOUR); // 14:00: resolved, met after 2 h of business time
    await t.desk.transitions.take(alice, ticket.key, {
      transition: 'resolve',
      fields: { resolution: 'Done' },
    });
    rows = await clocks(ticket.id);
    expect(rows[1]).toMatchObject({ metric: 'resolution', cycle: 0, result: 'met', elapsedMs: 2 * HOUR });

    t.clock.advance(HOUR); // 15:00: reopened, a new resolution cycle with its own result
    await t.desk.transitions.take(rita, ticket.key, { transition: 'reopen' });
    t.clock.advance(HOUR);
    await t.desk.tickets.addComment(rita, ticket.key, { body: 'It is back' }); // 16:00, requester
    rows = await clocks(ticket.id);
    expect(rows.map((r) => [r.metric, r.cycle, r.result, r.elapsedMs])).toEqual([
      ['first_response', 0, 'met', 30 * MIN],
      ['resolution', 0, 'met', 2 * HOUR],
      ['resolution', 1, null, HOUR],
    ]);
    const log = (await t.store.sla.clocks(ticket.id))[1]!.log.map((e) => e.kind);
    expect(log).toEqual(['started', 'paused', 'resumed', 'stopped']);
    const paused = (await t.store.sla.clocks(ticket.id))[1]!.log[1];
    expect(paused).toMatchObject({ status: 'waiting_for_customer', category: 'waiting' });
  });

  it('a priority change re-targets the running clocks', async () => {
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Blue screen' },
    });
    t.clock.advance(10 * MIN);
    await t.desk.tickets.update(alice, ticket.key, { priority: 'highest' });
    const rows = await clocks(ticket.id);
    expect(rows.map((r) => [r.metric, r.goalMs, r.dueAt])).toEqual([
      ['first_response', HOUR, '2026-11-25T11:00:00.000Z'],
      ['resolution', 4 * HOUR, '2026-11-25T14:00:00.000Z'],
    ]);
  });

  it('the REST-less view computes the clocks live, due times in the viewer’s zone', async () => {
    const ticket = await t.desk.tickets.create(rita, {
      requestType: 'payroll-question',
      fields: { question: 'Where is my payslip?' },
    });
    t.clock.advance(HOUR);
    const hana = await t.person('hana');
    const view = await t.desk.sla.view(hana, ticket.key);
    expect(view.policy).toEqual({ id: 'hr', name: 'HR requests' });
    expect(view.timezone).toBe('America/New_York');
    // New York calendar 09:00-17:00 EST: 10:00Z is 05:00 there, so nothing counted yet.
    expect(view.clocks[0]).toMatchObject({
      metric: 'first_response',
      ongoing: { elapsedMs: 0, goal: '1 working day' },
    });
    expect(view.clocks[0]!.ongoing!.due).toBe('Wed, 25 Nov 2026, 17:00 GMT-5');
  });
});
