/**
 * The built service on the embedded store under a burst, as a load balancer sees it: every create is
 * served, and /readyz never says 503 while it is (a balancer would pull a healthy instance).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, type Service, startService } from '../support/built-service.js';

let dist = '';
let service: Service | undefined;

beforeAll(async () => {
  dist = await buildService('test-artifacts/e2e-burst-dist');
  service = await startService(dist);
}, 180_000);

afterAll(async () => {
  await service?.stop();
});

async function demoToken(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/web/demo-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await res.json()) as { token: string }).token;
}

describe('two bursts of 1,000 concurrent creates on PGlite', { timeout: 180_000 }, () => {
  it('serves every create, and every /readyz poll during it says 200', async () => {
    const base = service!.base;
    const token = await demoToken(base, 'rita@acme.example');
    const polls: string[] = [];
    let bursting = true;
    const polling = (async () => {
      while (bursting) {
        const res = await fetch(`${base}/readyz`);
        polls.push(`${res.status} ${await res.text()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    const creates: number[] = [];
    for (let round = 0; round < 2; round++) {
      const statuses = await Promise.all(
        Array.from({ length: 1000 }, (_, i) =>
          fetch(`${base}/api/v1/tickets`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              requestType: 'laptop-problem',
              fields: { device: 'Laptop', description: `burst ${i}` },
            }),
          }).then((r) => r.status),
        ),
      );
      creates.push(...statuses);
    }
    bursting = false;
    await polling;
    expect(creates.filter((s) => s !== 201)).toEqual([]);
    expect(creates).toHaveLength(2000);
    expect(polls.length).toBeGreaterThan(3);
    expect(polls.filter((p) => !p.startsWith('200 '))).toEqual([]);
  });
});
