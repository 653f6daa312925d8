import { createSlackAdapter, type SlackAdapter } from '../../../adapters/slack/slack.adapter.js';
import { loadKbSeed } from '../../../src/config/kb-seed.loader.js';
import { BOT, FakeSlack } from '../../fakes/slack/fake-slack.js';
import { type SlackDelivery, sign } from '../../fakes/slack/slack-payloads.js';
import { capturedLogger } from '../../support/log-lines.js';
import { startTestApi, type TestApi } from '../../support/test-api.js';
import { type TestDesk, testDesk } from '../../support/test-desk.js';

export const SECRET = 'test-signing-secret-8f2c';
export const BOT_TOKEN = 'xoxb-1111-2222-test-bot-token';

/** Slack users of the sample desk's people; the fake answers users.info with their emails. */
export const U = {
  rita: 'URITA',
  sam: 'USAM',
  alice: 'UALICE',
  bob: 'UBOB',
  hana: 'UHANA',
  newbie: 'UNEW',
} as const;

export interface SlackDesk {
  t: TestDesk;
  fake: FakeSlack;
  slack: SlackAdapter;
  api: TestApi;
  /** Everything the adapter logged, as JSON lines. */
  logs: string[];
  /** POSTs a delivery to /slack/events, signed at the desk's time unless told otherwise. */
  send(
    delivery: SlackDelivery,
    opts?: {
      retryNum?: number;
      timestamp?: string;
      signature?: string;
      omit?: ('signature' | 'timestamp')[];
    },
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

/** The sample desk (with its articles) behind the real HTTP server, Slack on, against a fake Slack. */
export async function startSlackDesk(options: { processBeforeResponse?: boolean } = {}): Promise<SlackDesk> {
  const t = await testDesk();
  await t.desk.kb.importSeed((await loadKbSeed('config/kb')).articles);
  await t.desk.kb.start();
  const fake = await new FakeSlack().start();
  fake.fileToken = BOT_TOKEN;
  for (const [name, id] of Object.entries(U)) {
    const email = name === 'newbie' ? 'nina.new@acme.example' : `${name}@acme.example`;
    fake.users.set(id, { id, email, real_name: name === 'newbie' ? 'Nina New' : name });
  }
  const { logger, lines: logs } = capturedLogger();
  const slack = createSlackAdapter({
    desk: t.desk,
    settings: { botToken: BOT_TOKEN, signingSecret: SECRET, apiUrl: fake.apiUrl },
    logger,
    clock: t.clock,
    processBeforeResponse: options.processBeforeResponse ?? true,
  });
  t.desk.attach(slack);
  const api = await startTestApi(t, undefined, [(server) => slack.routes!(server)]);
  await slack.start();
  return {
    t,
    fake,
    slack,
    api,
    logs,
    async send(delivery, opts = {}) {
      const timestamp = opts.timestamp ?? String(Math.floor(t.clock.now().getTime() / 1000));
      const headers: Record<string, string> = { 'content-type': delivery.contentType };
      if (!opts.omit?.includes('timestamp')) headers['x-slack-request-timestamp'] = timestamp;
      if (!opts.omit?.includes('signature'))
        headers['x-slack-signature'] = opts.signature ?? sign(SECRET, timestamp, delivery.body);
      if (opts.retryNum !== undefined) {
        headers['x-slack-retry-num'] = String(opts.retryNum);
        headers['x-slack-retry-reason'] = 'http_timeout';
      }
      const res = await fetch(`${api.base}/slack/events`, { method: 'POST', headers, body: delivery.body });
      return { status: res.status, body: await res.text() };
    },
    async close() {
      await api.app.close();
      await slack.stop();
      await t.desk.kb.stop();
      await fake.stop();
    },
  };
}

export { BOT };
