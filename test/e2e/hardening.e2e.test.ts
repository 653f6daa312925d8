/**
 * The built service as an attacker and a load balancer see it: a burst on the embedded store, the
 * store's lock between the server and the CLI, tokens that can be listed and revoked, demo tokens that
 * stop working when demo identities are off, and a DATABASE_URL that points at nothing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildService, runNode, type Service, startService } from '../support/built-service.js';

let dist = '';
const dirs: string[] = [];

beforeAll(async () => {
  dist = await buildService('test-artifacts/e2e-hardening-dist');
}, 180_000);

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'deskbot-hardening-'));
  dirs.push(dir);
  return dir;
}

async function demoToken(base: string, email: string): Promise<string> {
  const res = await fetch(`${base}/web/demo-session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email }),
  });
  return ((await res.json()) as { token: string }).token;
}

const cli = (args: string[], dir: string) => runNode([join(dist, 'src/cli.js'), ...args], { DATA_DIR: dir });

describe('two bursts of 1,000 concurrent creates on PGlite', { timeout: 180_000 }, () => {
  let service: Service | undefined;
  afterAll(async () => {
    await service?.stop();
  });

  it('serves every create, and every /readyz poll during it says 200', async () => {
    service = await startService(dist);
    const base = service.base;
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

describe('the embedded store’s lock', { timeout: 120_000 }, () => {
  it('of 8 processes taking it at once, exactly one gets it; a dead owner’s lock is taken over', async () => {
    const dir = dataDir();
    const take = `
      const { holdDataDirLock } = await import(${JSON.stringify(join(dist, 'src/store/data-dir.lock.js'))});
      try {
        const release = await holdDataDirLock(process.env.DATA_DIR);
        console.log('got');
        await new Promise((r) => setTimeout(r, 1500));
        await release();
      } catch (err) { console.log('refused', err.message); }`;
    const racers = await Promise.all(
      Array.from({ length: 8 }, () => runNode(['--input-type=module', '-e', take], { DATA_DIR: dir })),
    );
    const outcomes = racers.map((r) => r.stdout.split(' ')[0]!.trim());
    expect(outcomes.filter((o) => o === 'got')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'refused')).toHaveLength(7);
    // A crashed owner left its pid behind: the next taker gets the lock.
    writeFileSync(join(dir, 'deskbot.pid'), '999999');
    expect((await runNode(['--input-type=module', '-e', take], { DATA_DIR: dir })).stdout).toMatch(/^got/);
  });

  it('a server started while the CLI holds the directory refuses it (and the CLI refuses a running server)', async () => {
    const dir = dataDir();
    const [list, server] = await Promise.all([
      cli(['token', 'list'], dir),
      new Promise((r) => setTimeout(r, 300)).then(() =>
        runNode([join(dist, 'src/main.js')], { DATA_DIR: dir, PORT: '0' }),
      ),
    ]);
    expect(list.code).toBe(0);
    expect(server.code).toBe(1);
    expect(server.stderr).toMatch(/Deskbot could not start: Deskbot \(pid \d+\) is using /);
    const running = await startService(dist, { DATA_DIR: dir });
    try {
      const refused = await cli(['token', 'list'], dir);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(`(pid ${running.child.pid})`);
    } finally {
      await running.stop();
    }
  });
});

describe('tokens at the CLI, and demo tokens once demo identities are off', { timeout: 120_000 }, () => {
  it('token create, list (no secret shown), revoke by id; a restart with WEB_DEMO_IDENTITIES=off revokes demo tokens', async () => {
    const dir = dataDir();
    const created = await cli(
      ['token', 'create', '--email', 'rita@acme.example', '--name', 'laptop script'],
      dir,
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    let service = await startService(dist, { DATA_DIR: dir });
    const demo = await demoToken(service.base, 'alice@acme.example');
    const me = (t: string) =>
      fetch(`${service.base}/api/v1/people/me`, { headers: { authorization: `Bearer ${t}` } });
    expect([(await me(token)).status, (await me(demo)).status]).toEqual([200, 200]);
    await service.stop();

    const list = await cli(['token', 'list'], dir);
    expect(list.stdout).toMatch(/^ID +PERSON +NAME +STATUS +CREATED +EXPIRES$/m);
    expect(list.stdout).toMatch(/rita@acme\.example +laptop script +active .* -$/m);
    expect(list.stdout).toMatch(/alice@acme\.example +web chat demo +active .*Z$/m);
    expect(list.stdout).not.toContain(token);

    service = await startService(dist, { DATA_DIR: dir, WEB_DEMO_IDENTITIES: 'off' });
    expect(service.logs()).toContain('demo identities are off: revoked 1 demo token(s)');
    expect([(await me(token)).status, (await me(demo)).status]).toEqual([200, 401]);
    await service.stop();

    const id = /^(\S+) +rita@acme\.example/m.exec((await cli(['token', 'list'], dir)).stdout)![1]!;
    const revoked = await cli(['token', 'revoke', id], dir);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`revoked ${id} (rita@acme.example, laptop script)`);
    expect((await cli(['token', 'revoke', id], dir)).code).toBe(1);
    service = await startService(dist, { DATA_DIR: dir });
    expect((await me(token)).status).toBe(401);
    await service.stop();
  });
});

describe('DATABASE_URL pointing at nothing', { timeout: 60_000 }, () => {
  it('stops start-up with exit 1 and says which server it cannot reach, without the credentials', async () => {
    const result = await runNode([join(dist, 'src/main.js')], {
      DATABASE_URL: 'postgres://deskbot:hunter2@127.0.0.1:1/deskbot',
      PORT: '0',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:1 (ECONNREFUSED)');
    expect(result.stderr + result.stdout).not.toContain('hunter2');
  });
});
