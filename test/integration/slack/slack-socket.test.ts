import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack.adapter.js';
import { FakeSlack } from '../../fakes/slack/fake-slack.js';
import { directMessage, eventCallback } from '../../fakes/slack/slack-payloads.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';
import { testBackend } from '../../support/test-store.js';
import { BOT_TOKEN, U } from './slack-harness.js';

let t: TestDesk;
let fake: FakeSlack;
let slack: SlackAdapter;

describe(`Slack: Socket Mode (${testBackend()})`, () => {
  beforeEach(async () => {
    t = await testDesk();
    fake = await new FakeSlack().start();
    fake.users.set(U.rita, { id: U.rita, email: 'rita@acme.example' });
    slack = createSlackAdapter({
      desk: t.desk,
      settings: { botToken: BOT_TOKEN, appToken: 'xapp-1-test-app-token', apiUrl: fake.apiUrl },
      logger: pino({ level: 'silent' }),
      clock: t.clock,
    });
    t.desk.attach(slack);
    await slack.start();
  });
  afterEach(async () => {
    await slack.stop();
    await fake.stop();
  });

  it('receives events over the socket, acknowledges each envelope, and a redelivery changes nothing', async () => {
    expect(slack.mode).toBe('socket');
    expect(fake.of('apps.connections.open')[0]!.token).toBe('xapp-1-test-app-token');
    const dm = directMessage(U.rita, 'my requests');
    const body = JSON.parse(eventCallback(dm, 'EvSOCKET1').body);
    // Each resolves only when the app sent its ack for that envelope.
    await fake.sendEnvelope('events_api', body);
    await fake.sendEnvelope('events_api', body, 1);
    await slack.stop();
    await t.desk.outbox.drain();
    const replies = fake.of('chat.postMessage');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args).toMatchObject({ channel: 'DURITA', thread_ts: dm.ts });
  });
});
