/**
 * The built service as a child process, for browser e2e tests: built into its own directory (so it
 * never races another e2e file's `npm run build` over dist/), started with PORT=0 and a temp DATA_DIR.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LISTENING = /^Deskbot "(.+)" is listening on http:\/\/localhost:(\d+)$/;

/** Runs a command in the repository to its end; rejects with its output if it fails. */
function run(command: string, args: string[]): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => {
      output += c;
    });
    child.stderr.on('data', (c) => {
      output += c;
    });
    child.on('close', (code) =>
      code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')}: ${code}\n${output}`)),
    );
  });
}

/** The steps of `npm run build`, into `out` (inside the repository, so node_modules resolve). */
export async function buildService(out: string): Promise<string> {
  const dir = join(ROOT, out);
  rmSync(dir, { recursive: true, force: true });
  const tsc = join(ROOT, 'node_modules/.bin/tsc');
  await run(tsc, ['-p', 'tsconfig.build.json', '--outDir', dir]);
  await run(tsc, ['-p', 'tsconfig.web.json', '--outDir', dir]);
  cpSync(join(ROOT, 'src/store/migrations'), join(dir, 'src/store/migrations'), { recursive: true });
  cpSync(join(ROOT, 'src/store/functions'), join(dir, 'src/store/functions'), { recursive: true });
  cpSync(join(ROOT, 'adapters/web/public'), join(dir, 'adapters/web/public'), { recursive: true });
  return dir;
}

export interface Service {
  base: string;
  child: ChildProcess;
  logs: () => string;
  stop: () => Promise<void>;
}

/** The environment a user would give the service: theirs, minus anything that points elsewhere. */
export function userEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of [
    'DATABASE_URL',
    'TEST_DATABASE_URL',
    'DESK_CONFIG',
    'HOST',
    'PORT',
    'DATA_DIR',
    'LOG_LEVEL',
    'WEB_DEMO_IDENTITIES',
    'SLACK_BOT_TOKEN',
    'MICROSOFT_APP_ID',
    'TEAMS_AUTH',
    'DISCORD_TOKEN',
    'NODE_ENV',
  ])
    delete env[key];
  return { ...env, ...extra };
}

/** Starts `<dist>/src/main.js` as a user would, with only the environment to configure it. */
export async function startService(dist: string, env: Record<string, string> = {}): Promise<Service> {
  const dataDir = mkdtempSync(join(tmpdir(), 'deskbot-web-e2e-'));
  const child = spawn(process.execPath, [join(dist, 'src/main.js')], {
    cwd: ROOT,
    env: userEnv({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', DATA_DIR: dataDir, ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let logs = '';
  const exited = new Promise<void>((done) => child.on('close', () => done()));
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`the service did not start:\n${logs}`)), 60_000);
    const onData = (chunk: Buffer) => {
      logs += chunk.toString();
      for (const line of logs.split('\n')) {
        const match = LISTENING.exec(messageOf(line) ?? '');
        if (match) {
          clearTimeout(timer);
          return done(Number(match[2]));
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => {
      logs += c.toString();
    });
    void exited.then(() => fail(new Error(`the service exited:\n${logs}`)));
  });
  return {
    base: `http://127.0.0.1:${port}`,
    child,
    logs: () => logs,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Polls `read` until it gives a value (a reply the fake received, a log line), or fails after `ms`. */
export async function until<T>(read: () => T | undefined, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs `node <args>` from the repository with a user's environment to its end. */
export function runNode(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: userEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => {
      stdout += c;
    });
    child.stderr.on('data', (c) => {
      stderr += c;
    });
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/** The `msg` of a JSON log line; undefined for anything else (or a line still being written). */
function messageOf(line: string): string | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return (JSON.parse(line) as { msg?: string }).msg;
  } catch {
    return undefined;
  }
}
