import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { emailSender } from '../../../adapters/notify/email.sender.js';
import { registerNotifiers } from '../../../adapters/notify/notify.adapter.js';
import type { TicketRecord } from '../../../src/ports/store.port.js';
import { runSlaTimer } from '../../../src/scheduler/sla.jobs.js';
import { HttpReceiver } from '../../fakes/notify/http-receiver.js';
import { SmtpReceiver } from '../../fakes/notify/smtp-receiver.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const MIN = 60_000;
let t: TestDesk;
let http: HttpReceiver;
let smtp: SmtpReceiver;
let closeNotifiers: () => void;

async function breachedTicket(): Promise<TicketRecord> {
  const rita = await t.person('rita');
  const alice = await t.person('alice');
  const ticket = await t.desk.tickets.create(rita, {
    requestType: 'laptop-problem',
    fields: { device: 'Laptop', description: 'Smoke' },
  });
  await t.desk.tickets.update(alice, ticket.key, { priority: 'highest', assignee: alice.id });
  await t.desk.outbox.drain();
  t.clock.advance(61 * MIN); // first response (1h) breached; the near breach is settled with it
  await runSlaTimer(t.desk.sla, { ticketId: ticket.id });
  return ticket;
}

async function outbox(topic: string) {
  const r = (await t.store.database.db.execute(
    sql`SELECT state, attempts, last_error FROM outbox WHERE topic = ${topic} ORDER BY id`,
  )) as unknown as { rows: { state: string; attempts: number; last_error: string | null }[] };
  return r.rows;
}

describe(`SLA pings to PagerDuty, Opsgenie and email (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    http = await new HttpReceiver().start();
    smtp = await new SmtpReceiver().start();
    closeNotifiers = registerNotifiers(t.desk.outbox, {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Deskbot <deskbot@acme.example>',
      PAGERDUTY_ROUTING_KEY: 'R0UTINGKEY',
      PAGERDUTY_EVENTS_URL: `${http.base}/v2/enqueue`,
      OPSGENIE_API_KEY: 'genie-key-1',
      OPSGENIE_API_URL: http.base,
    }).close;
  });
  afterEach(async () => {
    closeNotifiers();
    await http.stop();
    await smtp.stop();
  });

  it('a breach triggers a PagerDuty incident and an Opsgenie alert; resolving the ticket resolves and closes them', async () => {
    const ticket = await breachedTicket();
    await t.desk.outbox.drain();
    const pd = http.received.filter((r) => r.path === '/v2/enqueue');
    expect(pd).toHaveLength(1);
    expect(pd[0]!.headers['content-type']).toBe('application/json');
    expect(pd[0]!.body).toMatchObject({
      routing_key: 'R0UTINGKEY',
      event_action: 'trigger',
      dedup_key: 'deskbot-IT-1-first_response-0',
      payload: {
        summary: expect.stringContaining('SLA breached: IT-1 Time to first response'),
        source: 'deskbot',
        severity: 'critical',
        custom_details: { ticket: 'IT-1', metric: 'first_response', priority: 'highest' },
      },
      links: [{ href: 'https://desk.acme.example/agent/tickets/IT-1', text: 'IT-1' }],
    });
    const og = http.received.filter((r) => r.path === '/v2/alerts');
    expect(og).toHaveLength(1);
    expect(og[0]!.headers.authorization).toBe('GenieKey genie-key-1');
    expect(og[0]!.body).toMatchObject({
      alias: 'deskbot-IT-1-first_response-0',
      priority: 'P1',
      source: 'Deskbot',
      message: expect.stringContaining('IT-1'),
      details: { ticket: 'IT-1', cycle: '0' },
    });

    const alice = await t.person('alice');
    await t.desk.transitions.take(alice, ticket.key, {
      transition: 'resolve',
      fields: { resolution: 'Done' },
    });
    await t.desk.outbox.drain();
    expect(http.received.filter((r) => r.path === '/v2/enqueue').map((r) => r.body)).toContainEqual({
      routing_key: 'R0UTINGKEY',
      event_action: 'resolve',
      dedup_key: 'deskbot-IT-1-first_response-0',
    });
    const close = http.received.find((r) =>
      r.path.startsWith('/v2/alerts/deskbot-IT-1-first_response-0/close'),
    );
    expect(close?.path).toBe('/v2/alerts/deskbot-IT-1-first_response-0/close?identifierType=alias');
    expect(close?.headers.authorization).toBe('GenieKey genie-key-1');
  });

  it('429 waits Retry-After, 5xx retries, 4xx is final', async () => {
    http.failNext({ status: 429, headers: { 'retry-after': '30' } }, { status: 400 });
    await breachedTicket(); // PagerDuty gets the 429 (first), Opsgenie the 400
    await t.desk.outbox.drain();
    expect(await outbox('opsgenie')).toEqual([
      { state: 'dead', attempts: 1, last_error: expect.stringContaining('400') },
    ]);
    expect((await outbox('pagerduty'))[0]).toMatchObject({ state: 'pending', attempts: 1 });
    t.clock.advance(29_000);
    await t.desk.outbox.drain();
    expect(http.received.filter((r) => r.path === '/v2/enqueue')).toHaveLength(0);
    http.failNext({ status: 503 });
    t.clock.advance(1_000);
    await t.desk.outbox.drain(); // the 503: retried with backoff
    expect((await outbox('pagerduty'))[0]).toMatchObject({ state: 'pending', attempts: 2 });
    t.clock.advance(5_000);
    await t.desk.outbox.drain();
    expect(await outbox('pagerduty')).toEqual([{ state: 'delivered', attempts: 3, last_error: null }]);
    expect(http.received.filter((r) => r.path === '/v2/enqueue')).toHaveLength(1);
  });

  it('emails the assignee and the managers through a real SMTP server', async () => {
    await breachedTicket();
    await t.desk.outbox.drain();
    // Beside the new-request notices to IT's agents, the breach goes to the managers.
    const pings = smtp.mails.filter((m) => m.raw.includes('[SLA breached]'));
    expect(pings.map((m) => m.to)).toEqual([['maria@acme.example']]);
    const mail = pings[0]!;
    expect(mail.from).toBe('deskbot@acme.example');
    const headers = mail.raw.replace(/\r?\n[ \t]+/g, ' '); // long header lines are folded
    expect(headers).toMatch(
      /^Subject: \[SLA breached\] IT-1 Time to first response: Laptop or desktop problem: Laptop\r?$/m,
    );
    expect(headers).toMatch(/^To: maria@acme\.example\r?$/m);
    expect(mail.raw).toContain('Was due: Wed, 25 Nov 2026, 11:00 GMT');
    expect(mail.raw).toContain('https://desk.acme.example/agent/tickets/IT-1');
  });

  it('refuses header fields with CR or LF, finally (nothing reaches the SMTP server)', async () => {
    const send = emailSender({ smtpUrl: smtp.url, from: 'deskbot@acme.example' });
    const row = { id: 1, topic: 'email', ticketId: null, attempts: 1 };
    await expect(
      send({
        ...row,
        payload: { to: 'maria@acme.example', subject: 'Hi\r\nBcc: eve@evil.example', text: 'x' },
      }),
    ).rejects.toMatchObject({ name: 'DeliveryError', retryable: false });
    await expect(
      send({
        ...row,
        payload: { to: 'maria@acme.example\nBcc: eve@evil.example', subject: 'Hi', text: 'x' },
      }),
    ).rejects.toMatchObject({ retryable: false });
    expect(await send({ ...row, payload: { to: 'maria@acme.example', subject: 'Hi', text: 'x' } })).toBe(
      'delivered',
    );
    expect(smtp.mails).toHaveLength(1);
    send.close();
  });
});
