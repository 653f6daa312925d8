/**
 * The built service as a user runs it: `node dist/src/main.js` and `node dist/src/cli.js` as child
 * processes, configured only through the environment, talked to over HTTP on 127.0.0.1.
 *
 * Set E2E_SKIP_BUILD=1 to reuse an existing dist/ instead of running `npm run build` first.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userEnv } from '../support/built-service.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const MAIN = join(ROOT, 'dist/src/main.js');
const CLI = join(ROOT, 'dist/src/cli.js');
const SAMPLE_CONFIG = join(ROOT, 'config/desk.yaml');

const START_TIMEOUT = 60_000;
const STOP_TIMEOUT = 30_000;

/** Every child we started, so afterAll can kill whatever is still alive. */
const children = new Set<ChildProcess>();
const tempDirs: string[] = [];
/** stdout + stderr of every server run, for the "no secrets in logs" check. */
let serverLogs = '';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Proc {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<Exit>;
  /** Resolves with the first stdout JSON log line that matches, rejects if the process exits first. */
  /** Looks at lines from stdout offset `from` on (default: all). */
  waitForLog: (match: (line: LogLine) => boolean, timeoutMs?: number, from?: number) => Promise<LogLine>;
}

interface LogLine {
  level?: number;
  msg?: string;
  [key: string]: unknown;
}

function launch(command: string, args: string[], env: NodeJS.ProcessEnv, isServer: boolean): Proc {
  const child = spawn(command, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stdout!.on('data', (chunk: string) => {
    out += chunk;
    if (isServer) serverLogs += chunk;
    for (const w of waiters) w();
  });
  child.stderr!.on('data', (chunk: string) => {
    err += chunk;
    if (isServer) serverLogs += chunk;
  });
  const exited = new Promise<Exit>((resolveExit) => {
    child.on('close', (code, signal) => {
      children.delete(child);
      resolveExit({ code, signal });
      for (const w of waiters) w();
    });
  });
  let closed = false;
  void exited.then(() => {
    closed = true;
  });

  const logLines = (from: number): LogLine[] =>
    out
      .slice(from)
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .flatMap((l) => {
        try {
          return [JSON.parse(l) as LogLine];
        } catch {
          return []; // a line still being written
        }
      });

  const waitForLog = (match: (line: LogLine) => boolean, timeoutMs = START_TIMEOUT, from = 0) =>
    new Promise<LogLine>((resolveLine, reject) => {
      const check = () => {
        const hit = logLines(from).find(match);
        if (hit) return done(() => resolveLine(hit));
        if (closed || child.exitCode !== null || child.signalCode !== null) {
          return done(() =>
            reject(
              new Error(
                `process exited (${child.exitCode ?? child.signalCode}) first\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            ),
          );
        }
      };
      const timer = setTimeout(
        () =>
          done(() => reject(new Error(`timed out after ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        settle();
      };
      waiters.add(check);
      check();
    });

  return { child, stdout: () => out, stderr: () => err, exited, waitForLog };
}

/** Runs a command to its end. */
async function run(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 120_000) {
  const proc = launch(command, args, env, false);
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs);
  const exit = await proc.exited;
  clearTimeout(timer);
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() };
}

const LISTENING = /^Deskbot "(.+)" is listening on http:\/\/localhost:(\d+)$/;

interface Server extends Proc {
  port: number;
  base: string;
}

async function startServer(extra: Record<string, string>): Promise<Server> {
  const proc = launch(process.execPath, [MAIN], userEnv({ PORT: '0', LOG_LEVEL: 'info', ...extra }), true);
  const line = await proc.waitForLog((l) => typeof l.msg === 'string' && LISTENING.test(l.msg));
  const port = Number(LISTENING.exec(line.msg!)![2]);
  return { ...proc, port, base: `http://127.0.0.1:${port}` };
}

async function stopServer(server: Server): Promise<Exit> {
  server.child.kill('SIGTERM');
  return withTimeout(server.exited, STOP_TIMEOUT, 'the server did not stop after SIGTERM');
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function cli(args: string[], dataDir: string) {
  return run(process.execPath, [CLI, ...args], userEnv({ DATA_DIR: dataDir }));
}

async function api(server: Server, method: string, path: string, token: string | null, body?: unknown) {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${server.base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

async function tempDir(prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const laptopTicket = (description: string) => ({
  requestType: 'laptop-problem',
  fields: { device: 'Laptop', description },
});

beforeAll(async () => {
  if (process.env.E2E_SKIP_BUILD === '1') return;
  const build = await run('npm', ['run', 'build'], { ...process.env }, 170_000);
  if (build.code !== 0)
    throw new Error(`npm run build failed (${build.code}):\n${build.stdout}\n${build.stderr}`);
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the built service on the embedded store', { timeout: 120_000 }, () => {
  let dataDir = '';
  let server: Server | undefined;
  let token = '';

  beforeAll(async () => {
    dataDir = await tempDir('deskbot-e2e-data-');
    server = await startServer({ DATA_DIR: dataDir });
  }, START_TIMEOUT + 10_000);

  afterAll(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null)
      await stopServer(server);
  }, STOP_TIMEOUT + 5_000);

  it('says where it listens and answers /healthz and /readyz', async () => {
    const s = server!;
    expect(s.port).toBeGreaterThan(0);
    const health = await fetch(`${s.base}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${s.base}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { store: true } });
  });

  it('refuses to create a token while the server holds the data dir, naming its pid', async () => {
    const pid = server!.child.pid!;
    const result = await cli(['token', 'create', '--email', 'rita@acme.example'], dataDir);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`pid ${pid}`);
    expect(result.stderr).toContain(dataDir);
  });

  it('stops on SIGTERM with exit code 0 and logs that it stopped', async () => {
    const s = server!;
    const exit = await stopServer(s);
    expect(exit).toEqual({ code: 0, signal: null });
    await expect(s.waitForLog((l) => l.msg === 'stopped', 1)).resolves.toBeTruthy();
    await expect(s.waitForLog((l) => /^SIGTERM: /.test(l.msg ?? ''), 1)).resolves.toBeTruthy();
  });

  it('creates an API token with the CLI on the stopped server’s data dir', async () => {
    const result = await cli(['token', 'create', '--email', 'rita@acme.example', '--name', 'e2e'], dataDir);
    expect(result.code, result.stderr).toBe(0);
    token = result.stdout.trim();
    expect(token).toMatch(/^\S{16,}$/);
    expect(result.stdout).toBe(`${token}\n`);
    expect(result.stderr).toContain('rita@acme.example');
    expect(result.stderr).not.toContain(token);
  });

  it('opens a ticket with the token after a restart, and refuses a wrong token', async () => {
    expect(token).not.toBe('');
    // At debug every request is logged as it comes in (the next test waits for that line).
    server = await startServer({ DATA_DIR: dataDir, LOG_LEVEL: 'debug' });
    const created = await api(server, 'POST', '/api/v1/tickets', token, laptopTicket('The screen flickers'));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      key: 'IT-1',
      requestType: { id: 'laptop-problem' },
      requester: { email: 'rita@acme.example' },
      fields: { device: 'Laptop', description: 'The screen flickers' },
    });

    const wrong = await api(server, 'POST', '/api/v1/tickets', `${token}x`, laptopTicket('nope'));
    expect(wrong.status).toBe(401);
    expect((await api(server, 'GET', '/api/v1/tickets/IT-1', 'not-a-token')).status).toBe(401);
    expect((await api(server, 'GET', '/api/v1/tickets/IT-1', null)).status).toBe(401);
  });

  it('answers a request that is in flight when SIGTERM arrives, then exits 0', async () => {
    const s = server!;
    const body = JSON.stringify(laptopTicket('Sent while the server was stopping'));
    const half = Math.floor(body.length / 2);
    // A raw request whose body arrives in two parts: between them the request is in flight.
    const socket = connect(s.port, '127.0.0.1');
    socket.setEncoding('utf8');
    let response = '';
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    const ended = new Promise<void>((resolveEnd, reject) => {
      socket.on('end', () => resolveEnd());
      socket.on('close', () => resolveEnd());
      socket.on('error', reject);
    });
    const logsBefore = s.stdout().length;
    await new Promise<void>((resolveConnect, reject) => {
      socket.once('connect', () => resolveConnect());
      socket.once('error', reject);
    });
    socket.write(
      [
        'POST /api/v1/tickets HTTP/1.1',
        `Host: 127.0.0.1:${s.port}`,
        `Authorization: Bearer ${token}`,
        'Content-Type: application/json',
        `Content-Length: ${Buffer.byteLength(body)}`,
        'Connection: close',
        '',
        body.slice(0, half),
      ].join('\r\n'),
    );
    // The server has the request (its headers) before the signal: wait until it logs it as incoming.
    await s.waitForLog(
      (l) => l.msg === 'incoming request' && l.method === 'POST' && l.url === '/api/v1/tickets',
      10_000,
      logsBefore,
    );

    s.child.kill('SIGTERM');
    await s.waitForLog((l) => /^SIGTERM: /.test(l.msg ?? ''), 10_000);
    // Wait until the server stopped taking new connections, so the request really straddles the close.
    await withTimeout(waitUntilRefusing(s), 10_000, 'the server kept accepting new requests after SIGTERM');

    socket.write(body.slice(half));
    await withTimeout(ended, 20_000, 'no answer to the in-flight request');
    const [head, payload] = response.split('\r\n\r\n', 2);
    expect(head).toMatch(/^HTTP\/1\.1 201 /);
    expect(JSON.parse(payload ?? '{}')).toMatchObject({ key: 'IT-2' });

    const exit = await withTimeout(s.exited, STOP_TIMEOUT, 'the server did not stop after SIGTERM');
    expect(exit).toEqual({ code: 0, signal: null });
    await expect(s.waitForLog((l) => l.msg === 'stopped', 1)).resolves.toBeTruthy();
  });

  it('keeps tickets across a restart', async () => {
    server = await startServer({ DATA_DIR: dataDir });
    const first = await api(server, 'GET', '/api/v1/tickets/IT-1', token);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      key: 'IT-1',
      fields: { device: 'Laptop', description: 'The screen flickers' },
      requester: { email: 'rita@acme.example' },
      status: { category: 'open' },
    });
    const second = await api(server, 'GET', '/api/v1/tickets/IT-2', token);
    expect(second.status).toBe(200);
    expect(second.body).toMatchObject({
      key: 'IT-2',
      fields: { description: 'Sent while the server was stopping' },
    });
    expect(await stopServer(server)).toEqual({ code: 0, signal: null });
  });

  it('never writes the token to its logs', () => {
    expect(token).not.toBe('');
    expect(serverLogs).toContain('incoming request'); // the requests above were logged...
    expect(serverLogs).not.toContain(token); // ...but not their credentials
    expect(serverLogs).not.toContain(token.slice(0, 16));
  });
});

/** Resolves once a new request is refused (connection refused/reset or 503): the server is closing. */
async function waitUntilRefusing(s: Server): Promise<void> {
  for (;;) {
    try {
      const res = await fetch(`${s.base}/healthz`, { headers: { connection: 'close' } });
      await res.arrayBuffer();
      if (res.status === 503) return;
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a bad desk config', () => {
  /** A copy of the sample config with `find` replaced by `replace` (each must occur exactly once). */
  async function brokenCopy(changes: Array<[find: string, replace: string]>) {
    let text = await readFile(SAMPLE_CONFIG, 'utf8');
    for (const [find, replace] of changes) {
      expect(text.split(find).length - 1, `"${find}" occurs once in config/desk.yaml`).toBe(1);
      text = text.replace(find, replace);
    }
    const file = join(await tempDir('deskbot-e2e-config-'), 'desk.yaml');
    await writeFile(file, text);
    return { file, text };
  }

  /** 1-based line and column where `needle` starts in `text`. */
  function position(text: string, needle: string) {
    const at = text.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    const before = text.slice(0, at).split('\n');
    return { line: before.length, col: before.at(-1)!.length + 1 };
  }

  async function startWith(file: string) {
    const proc = launch(
      process.execPath,
      [MAIN],
      userEnv({
        PORT: '0',
        LOG_LEVEL: 'info',
        DESK_CONFIG: file,
        DATA_DIR: await tempDir('deskbot-e2e-data-'),
      }),
      true,
    );
    const exit = await withTimeout(proc.exited, START_TIMEOUT, 'the server did not exit on a bad config');
    return { exit, stdout: proc.stdout(), stderr: proc.stderr() };
  }

  const laptopBlock =
    '        workflow: support\n        slaPolicy: standard\n        defaultPriority: medium\n';

  it('stops start-up with exit code 2 and lists every broken reference as FILE:LINE:COL path: reason', async () => {
    const { file, text } = await brokenCopy([
      [
        laptopBlock,
        laptopBlock
          .replace('workflow: support', 'workflow: suport')
          .replace('slaPolicy: standard', 'slaPolicy: gold'),
      ],
    ]);
    // Errors point at the key whose value is wrong.
    const workflowAt = position(text, 'workflow: suport');
    const slaAt = position(text, 'slaPolicy: gold');
    const { exit, stdout, stderr } = await startWith(file);

    expect(exit.code).toBe(2);
    expect(stdout).not.toMatch(/is listening on/);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      `${file} has 2 error(s); Deskbot did not start:`,
      `${file}:${workflowAt.line}:${workflowAt.col} departments.0.requestTypes.1.workflow: unknown workflow "suport"`,
      `${file}:${slaAt.line}:${slaAt.col} departments.0.requestTypes.1.slaPolicy: unknown SLA policy "gold"`,
    ]);
  });

  it('stops start-up with exit code 2 and lists every schema error (a bad field type among them)', async () => {
    const typeLine = '{ id: description, label: What is happening?, type: longtext, required: true }';
    const { file, text } = await brokenCopy([
      [typeLine, typeLine.replace('type: longtext', 'type: richtext')],
      ['    keyPrefix: HR\n', '    keyPrefix: hr\n'],
    ]);
    const typeAt = position(text, 'type: richtext');
    const prefixAt = position(text, 'keyPrefix: hr');
    const { exit, stderr } = await startWith(file);

    expect(exit.code).toBe(2);
    const lines = stderr.trim().split('\n');
    expect(lines[0]).toBe(`${file} has 2 error(s); Deskbot did not start:`);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(file)}:${typeAt.line}:${typeAt.col} departments\\.0\\.requestTypes\\.1\\.fields\\.1\\.type: .*"richtext"`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(file)}:${prefixAt.line}:${prefixAt.col} departments\\.1\\.keyPrefix: .*"hr"`,
        ),
      ),
    ]);
  });
});

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
