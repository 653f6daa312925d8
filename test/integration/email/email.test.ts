import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerEmailInbound } from '../../../adapters/email/email.route.js';
import { signEmailDelivery } from '../../../adapters/email/email.signature.js';
import { registerNotifiers } from '../../../adapters/notify/notify.adapter.js';
import { ReplyAddresses } from '../../../src/core/email/reply.address.js';
import { SmtpReceiver } from '../../fakes/notify/smtp-receiver.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';

const SECRET = 'inbound-secret-for-tests';
let smtp: SmtpReceiver;
let t: TestDesk;
let api: TestApi;
let close: () => void;

/** The headers and decoded text of a received message (quoted-printable soft breaks joined). */
function parts(raw: string) {
  const unfolded = raw.replace(/=\r\n/g, '').replace(/=3D/g, '=');
  const header = (name: string) => new RegExp(`^${name}: (.+)$`, 'mi').exec(raw)?.[1]?.trim();
  return { raw: unfolded, subject: header('Subject'), replyTo: header('Reply-To'), to: header('To') };
}

async function deliver(body: unknown, options: { secret?: string; at?: number } = {}) {
  const raw = JSON.stringify(body);
  const ts = String(Math.floor((options.at ?? Date.now()) / 1000));
  const res = await fetch(`${api.base}/email/inbound`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-deskbot-timestamp': ts,
      'x-deskbot-signature': signEmailDelivery(options.secret ?? SECRET, ts, raw),
    },
    body: raw,
  });
  return { status: res.status, body: await res.json() };
}

describe(`email in and out (${testBackend()})`, () => {
  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
  });
  afterAll(async () => {
    await smtp.stop();
  });
  beforeEach(async () => {
    smtp.mails.length = 0;
    t = await testDesk();
    ({ close } = registerNotifiers(t.desk.outbox, {
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Acme help <help@acme.example>',
    }));
    t.desk.email.useReplyAddresses(new ReplyAddresses('help@acme.example', SECRET));
    api = await startTestApi(t, undefined, [
      (server) => registerEmailInbound(server, t.desk, SECRET, Date.now),
    ]);
  });

  it("tells the department's agents of a new request, in plain text and HTML", async () => {
    await t.desk.tickets.create(await t.person('rita'), {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'No picture' },
    });
    await t.desk.outbox.drain();
    expect(smtp.mails.map((m) => m.to[0]).sort()).toEqual([
      'alice@acme.example',
      'bob@acme.example',
      'maria@acme.example',
    ]);
    const mail = parts(smtp.mails[0]!.raw);
    expect(mail.subject).toBe('[IT-1] New request: Laptop or desktop problem: Laptop');
    expect(mail.raw).toContain('Content-Type: text/plain');
    expect(mail.raw).toContain('Content-Type: text/html');
    expect(mail.raw).toContain('Rita Requester asked IT: IT-1 (https://desk.acme.example/requests/IT-1)');
    close();
    await api.app.close();
  });

  it('a requester with no chat gets the reply by email; their reply to it becomes a public comment, once', async () => {
    const rita = await t.person('rita');
    const alice = await t.person('alice');
    await t.desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'No picture' },
    });
    await t.desk.outbox.drain();
    smtp.mails.length = 0;
    await t.desk.tickets.addComment(alice, 'IT-1', { body: 'Is the screen cable seated? <b>check</b>' });
    await t.desk.tickets.addComment(alice, 'IT-1', { body: 'Internal: probably the cable', internal: true });
    await t.desk.outbox.drain();
    expect(smtp.mails.map((m) => m.to)).toEqual([['rita@acme.example']]);
    const mail = parts(smtp.mails[0]!.raw);
    expect(mail.subject).toBe('[IT-1] Laptop or desktop problem: Laptop');
    expect(mail.raw).toContain('Is the screen cable seated? <b>check</b>'); // the text part, as written
    expect(mail.raw).toContain('&lt;b&gt;check&lt;/b&gt;'); // the HTML part escapes it
    expect(mail.raw).not.toContain('probably the cable');
    const replyTo = mail.replyTo!;
    expect(replyTo).toMatch(/^help\+IT-1\.[A-Za-z0-9_-]{16}@acme\.example$/);

    const reply = {
      messageId: '<reply-1@mail.example>',
      from: 'Rita Requester <rita@acme.example>',
      to: [replyTo],
      subject: 'Re: [IT-1] Laptop or desktop problem: Laptop',
      text: 'Yes, reseated it and it works now.\n\nOn Tue, Alice wrote:\n> Is the screen cable seated?',
    };
    expect(await deliver(reply)).toEqual({ status: 200, body: { status: 'added', ticketKey: 'IT-1' } });
    expect(await deliver(reply)).toEqual({ status: 200, body: { status: 'duplicate' } });
    const comments = await t.desk.tickets.comments(alice, 'IT-1');
    expect(comments.filter((c) => !c.internal).map((c) => [c.body, c.authorId])).toEqual([
      ['Is the screen cable seated? <b>check</b>', alice.id],
      ['Yes, reseated it and it works now.', rita.id],
    ]);

    // Someone else sending to Rita's reply address, or a forged token, adds nothing.
    const sam = { ...reply, messageId: '<x@mail.example>', from: 'sam@acme.example' };
    expect((await deliver(sam)).body).toEqual({
      status: 'refused',
      reason: 'the reply address does not belong to this sender',
    });
    const forged = {
      ...reply,
      messageId: '<y@mail.example>',
      to: ['help+IT-1.AAAAAAAAAAAAAAAA@acme.example'],
    };
    expect((await deliver(forged)).body.status).toBe('refused');
    close();
    await api.app.close();
  });

  it('refuses unsigned, wrongly signed and stale deliveries with 401, and bad bodies with 400', async () => {
    const body = { messageId: 'm', from: 'rita@acme.example', to: ['help@acme.example'], text: 'hi' };
    expect((await deliver(body, { secret: 'not-the-secret-at-all' })).status).toBe(401);
    expect((await deliver(body, { at: Date.now() - 10 * 60_000 })).status).toBe(401);
    const unsigned = await fetch(`${api.base}/email/inbound`, { method: 'POST', body: JSON.stringify(body) });
    expect(unsigned.status).toBe(401);
    const nul = await deliver({ ...body, text: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(JSON.stringify(nul.body)).toContain('NUL');
    const extra = await deliver({ ...body, cc: 'x' });
    expect(extra.status).toBe(400);
    close();
    await api.app.close();
  });
});

describe(`the survey by email (${testBackend()})`, () => {
  beforeAll(async () => {
    smtp = await new SmtpReceiver().start();
  });
  afterAll(async () => {
    await smtp.stop();
  });

  it('a requester with no chat gets a link; the page takes one rating with a comment, and "still broken"', async () => {
    t = await testDesk({ automations: true });
    ({ close } = registerNotifiers(t.desk.outbox, { SMTP_URL: smtp.url }));
    api = await startTestApi(t);
    const rita = await t.person('rita');
    await t.desk.tickets.create(rita, {
      requestType: 'laptop-problem',
      fields: { device: 'Laptop', description: 'x' },
    });
    await t.desk.outbox.drain();
    const alice = await t.person('alice');
    await t.desk.transitions.take(alice, 'IT-1', { transition: 'resolve', fields: { resolution: 'Done' } });
    await t.desk.outbox.drain();
    const survey = smtp.mails
      .map((m) => parts(m.raw))
      .find((m) => m.subject?.startsWith('[IT-1] How did we do?'))!;
    const link = /https:\/\/desk\.acme\.example(\/survey\/[A-Za-z0-9_-]+)/.exec(survey.raw)![1]!;
    const page = await fetch(`${api.base}${link}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('How did we do on IT-1?');
    expect(html).toContain('name="rating" value="5"');
    const post = (body: string) =>
      fetch(`${api.base}${link}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      }).then((r) => r.text());
    expect(await post('rating=4&comment=Fast%20%3Cb%3Efix%3C%2Fb%3E')).toContain(
      'Thank you for rating IT-1 4 out of 5.',
    );
    expect(await post('rating=1')).toContain('You already rated IT-1 4 out of 5.');
    const kept = await t.store.surveys.latest((await t.store.tickets.byKey('IT-1'))!.id);
    expect(kept).toMatchObject({ rating: 4, comment: 'Fast <b>fix</b>' });
    expect(await post('still_broken=1')).toContain('I reopened IT-1 and told the team it is still broken.');
    expect((await t.store.tickets.byKey('IT-1'))!.status).toBe('open');
    expect((await fetch(`${api.base}/survey/not-a-token`)).status).toBe(404);
    close();
    await api.app.close();
  });
});
