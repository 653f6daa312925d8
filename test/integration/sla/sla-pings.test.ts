import { beforeEach, describe, expect, it } from 'vitest';
import { webConversation } from '../../../adapters/web/web.channel.js';
import type { DeskConfig } from '../../../src/config/desk.schema.js';
import { createDesk, type Desk } from '../../../src/core/desk.js';
import type { Person, TicketRecord } from '../../../src/ports/store.port.js';
import { runSlaSweep, runSlaTimer } from '../../../src/scheduler/sla.jobs.js';
import { RecordingChannel } from '../../support/recording-channel.js';
import { RecordingTimers } from '../../support/recording-timers.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
let t: TestDesk;
let desk: Desk;
let timers: RecordingTimers;
let web: RecordingChannel;
let sent: Record<'email' | 'pagerduty' | 'opsgenie', Record<string, unknown>[]>;
let rita: Person;
let alice: Person;
let maria: Person;

/** The sample desk (or a variant of its config) with timers, the web DM route and outbound topics recorded. */
function wire(config: DeskConfig): Desk {
  // Only the pings' emails here: no new-request notices to the department.
  const notifications = {
    ...config.notifications,
    email: { ...config.notifications.email, newTickets: 'none' as const },
  };
  const d = createDesk(t.store, { ...config, notifications }, t.clock);
  timers = new RecordingTimers();
  d.sla.useTimers(timers);
  web = new RecordingChannel('web');
  d.outbox.registerChannel(web);
  d.notices.registerRoute('web', async (p) => webConversation(p.id));
  sent = { email: [], pagerduty: [], opsgenie: [] };
  for (const topic of ['email', 'pagerduty', 'opsgenie'] as const) {
    d.outbox.registerTopic(topic, async (row) => {
      sent[topic].push(row.payload);
      return 'delivered';
    });
  }
  return d;
}

/** A highest-priority laptop ticket assigned to Alice at 10:00: first response 1h (near breach at 45m). */
async function urgentTicket(): Promise<TicketRecord> {
  const ticket = await desk.tickets.create(rita, {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description: 'Smoke' },
  });
  await desk.tickets.update(alice, ticket.key, { priority: 'highest', assignee: alice.id });
  await desk.outbox.drain();
  return ticket;
}

async function ledger(ticketId: number): Promise<string[]> {
  return (await t.store.sla.pings(ticketId)).map((p) => `${p.metric}:${p.cycle}:${p.threshold}`).sort();
}

describe(`SLA timers and pings with an injected clock (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    rita = await t.person('rita');
    alice = await t.person('alice');
    maria = await t.person('maria');
    desk = wire(t.config);
  });

  it('sets a timer at each next threshold once it is near, pings each threshold once, pages on breach and resolves the page', async () => {
    const ticket = await urgentTicket();
    // Thresholds at 10:45 (first response, near breach) and 13:00 (resolution): too far off for a timer yet.
    expect(timers.set).toEqual([]);
    t.clock.advance(41 * MIN); // 10:41: the sweep sets the one now within the horizon, once
    await desk.sla.sweep();
    await desk.sla.sweep();
    expect(timers.set).toEqual([{ at: '2026-11-25T10:45:00.000Z', ticketId: ticket.id }]);

    t.clock.advance(4 * MIN); // the near-breach timer fires
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await runSlaTimer(desk.sla, { ticketId: ticket.id }); // a second firing (another instance, a retry)
    await desk.outbox.drain();
    expect(await ledger(ticket.id)).toEqual(['first_response:0:near_breach']);
    expect(web.texts(`web:${alice.id}`)).toEqual([
      expect.stringMatching(
        /^⏳ SLA near breach on \[\*\*IT-1\*\*\]\(.*\/agent\/tickets\/IT-1\).*Time to first response\* \(goal 1h\) is due Wed, 25 Nov 2026, 11:00 GMT/,
      ),
    ]);
    expect(sent.email).toEqual([
      {
        to: 'alice@acme.example',
        subject: expect.stringContaining('[SLA near breach] IT-1 Time to first response'),
        text: expect.any(String),
      },
    ]);
    expect(sent.pagerduty).toEqual([]);
    // The breach timer is set once the near breach is behind and the breach is near.
    expect(timers.set).not.toContainEqual({ at: '2026-11-25T11:00:00.000Z', ticketId: ticket.id });
    t.clock.advance(11 * MIN);
    await desk.sla.sweep();
    expect(timers.set).toContainEqual({ at: '2026-11-25T11:00:00.000Z', ticketId: ticket.id });

    t.clock.advance(4 * MIN); // the breach
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await desk.outbox.drain();
    expect(await ledger(ticket.id)).toEqual([
      'first_response:0:breached',
      'first_response:0:near_breach',
      'first_response:0:page',
    ]);
    expect(web.texts(`web:${maria.id}`)).toEqual([expect.stringMatching(/^🚨 SLA breached on .*IT-1/)]);
    expect(sent.email.map((e) => e.to)).toEqual(['alice@acme.example', 'maria@acme.example']);
    expect(sent.pagerduty).toEqual([
      expect.objectContaining({ action: 'trigger', dedupKey: 'deskbot-IT-1-first_response-0' }),
    ]);
    expect(sent.opsgenie).toEqual([
      expect.objectContaining({ action: 'create', alias: 'deskbot-IT-1-first_response-0' }),
    ]);

    t.clock.advance(10 * MIN); // resolving the ticket resolves the page, once
    await desk.transitions.take(alice, ticket.key, { transition: 'resolve', fields: { resolution: 'Done' } });
    await desk.outbox.drain();
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await desk.outbox.drain();
    expect(sent.pagerduty.map((p) => p.action)).toEqual(['trigger', 'resolve']);
    expect(sent.opsgenie.map((p) => p.action)).toEqual(['create', 'close']);
    expect(web.texts(`web:${maria.id}`)).toHaveLength(1);
  });

  it('a stale timer does nothing: the clock stopped before its threshold', async () => {
    const ticket = await urgentTicket();
    t.clock.advance(20 * MIN);
    await desk.tickets.addComment(alice, ticket.key, { body: 'On my way' }); // first response met
    await desk.outbox.drain();
    t.clock.advance(40 * MIN); // the old 10:45 and 11:00 timers fire late
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await desk.outbox.drain();
    expect(await ledger(ticket.id)).toEqual([]);
    expect(web.delivered).toEqual([]);
  });

  it('a late timer past both thresholds sends the breach only; the near breach is settled silently', async () => {
    const ticket = await urgentTicket();
    t.clock.advance(70 * MIN);
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await desk.outbox.drain();
    expect(await ledger(ticket.id)).toEqual([
      'first_response:0:breached',
      'first_response:0:near_breach',
      'first_response:0:page',
    ]);
    expect(web.texts(`web:${alice.id}`)).toEqual([]);
    expect(web.texts(`web:${maria.id}`)).toHaveLength(1);
  });

  it('the sweep finds thresholds a crash left behind (no timer fired)', async () => {
    const ticket = await urgentTicket();
    t.clock.advance(50 * MIN);
    expect(await runSlaSweep(desk.sla)).toBe(1);
    expect(await runSlaSweep(desk.sla)).toBe(0);
    expect(await ledger(ticket.id)).toEqual(['first_response:0:near_breach']);
  });

  it('escalates on breach as configured: raises the priority and reassigns', async () => {
    const slaPings = {
      ...t.config.notifications.slaPings,
      escalations: [
        {
          metrics: ['first_response' as const],
          raisePriority: 'highest' as const,
          assignTo: 'bob@acme.example',
        },
      ],
    };
    desk = wire({ ...t.config, notifications: { ...t.config.notifications, slaPings } });
    const ticket = await desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'Slow' },
    });
    await desk.outbox.drain();
    t.clock.advance(4 * 60 * MIN); // medium: first response 4h
    await runSlaTimer(desk.sla, { ticketId: ticket.id });
    await desk.outbox.drain();
    const after = await t.store.tickets.byId(ticket.id);
    expect(after).toMatchObject({ priority: 'highest', assigneeId: (await t.person('bob')).id });
    const history = await t.store.tickets.history(ticket.id);
    expect(history.slice(-2).map((h) => [h.actorId, h.field])).toEqual([
      [null, 'priority'],
      [null, 'assignee'],
    ]);
  });
});
