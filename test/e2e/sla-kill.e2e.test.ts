/**
 * Kill -9 in the middle of an SLA clock: the built service schedules a breach, is killed with SIGKILL,
 * and started again after the due time on the same data. The breach pages PagerDuty (a local receiver)
 * exactly once, however many restarts follow.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpReceiver } from '../fakes/notify/http-receiver.js';
import { buildService, ROOT, type Service, startService } from '../support/built-service.js';

const GOAL_MS = 60_000;
let dist: string;
let receiver: HttpReceiver;
let dataDir: string;
const services: Service[] = [];

const triggers = () =>
  receiver.received.filter((r) => r.path === '/v2/enqueue' && r.body?.event_action === 'trigger');

async function start(): Promise<Service> {
  const service = await startService(dist, {
    DATA_DIR: dataDir,
    DESK_CONFIG: join(ROOT, 'test/e2e/fixtures/sla-desk.yaml'),
    PAGERDUTY_ROUTING_KEY: 'e2e-routing-key',
    PAGERDUTY_EVENTS_URL: `${receiver.base}/v2/enqueue`,
  });
  services.push(service);
  return service;
}

async function kill(service: Service): Promise<void> {
  const gone = new Promise((done) => service.child.once('close', done));
  service.child.kill('SIGKILL');
  await gone;
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 200));
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('SLA pings survive kill -9', () => {
  beforeAll(async () => {
    dist = await buildService('test-artifacts/e2e-sla-dist');
    receiver = await new HttpReceiver().start();
    dataDir = mkdtempSync(join(tmpdir(), 'deskbot-sla-e2e-'));
  }, 180_000);
  afterAll(async () => {
    for (const s of services) if (s.child.exitCode === null && s.child.signalCode === null) await kill(s);
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('schedule, SIGKILL, start again after the due time: the breach pages exactly once', async () => {
    const first = await start();
    const session = await fetch(`${first.base}/web/demo-session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'rita@acme.example' }),
    }).then((r) => r.json());
    const created = await fetch(`${first.base}/api/v1/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${session.token}` },
      body: JSON.stringify({ requestType: 'laptop', fields: { description: 'It smokes' } }),
    });
    expect(created.status).toBe(201);
    const createdAt = Date.now();
    await sleep(3000); // the outbox computes the clock and sets the timers
    await kill(first);
    expect(triggers()).toHaveLength(0);

    await sleep(Math.max(0, createdAt + GOAL_MS + 2000 - Date.now())); // past the due time, while down
    const second = await start();
    await until(() => triggers().length > 0, 60_000);
    expect(triggers()[0]!.body).toMatchObject({
      routing_key: 'e2e-routing-key',
      dedup_key: 'deskbot-IT-1-first_response-0',
      payload: { severity: 'critical', summary: expect.stringContaining('IT-1') },
    });
    await sleep(3000);
    await kill(second); // and once more: the ledger remembers the ping
    await start();
    await sleep(6000);
    expect(triggers()).toHaveLength(1);
  }, 240_000);
});
