import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatConfigError, loadDeskConfig } from './config/desk.loader.js';
import { createDesk } from './core/desk.js';
import { DomainError } from './core/errors.js';
import { readEnv } from './env.js';
import { systemClock } from './ports/clock.port.js';
import { lockOwner } from './store/data-dir.lock.js';
import { openStore } from './store/store.js';

const USAGE = `usage:
  deskbot token create --email EMAIL [--name NAME]   create an API token for a person (printed once)
  deskbot config check                                check DESK_CONFIG and list every error

Uses the same DESK_CONFIG, DATA_DIR and DATABASE_URL as the server.`;

/** Exit codes: 0 done, 1 failed, 2 bad usage or bad config. */
async function cli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.join(' ');
  const envResult = readEnv();
  if (!envResult.ok) return fail(envResult.errors.join('\n'), 2);
  const env = envResult.env;
  if (values.help || (command !== 'token create' && command !== 'config check'))
    return fail(USAGE, values.help ? 0 : 2);

  const loaded = await loadDeskConfig(env.DESK_CONFIG);
  if (!loaded.ok) return fail(loaded.errors.map(formatConfigError).join('\n'), 2);
  if (command === 'config check') {
    process.stdout.write(`${env.DESK_CONFIG}: ok\n`);
    return 0;
  }

  if (!values.email) return fail(`--email is required\n${USAGE}`, 2);
  if (!env.DATABASE_URL) {
    const owner = await lockOwner(env.DATA_DIR);
    if (owner !== null) {
      return fail(
        `Deskbot (pid ${owner}) is running on ${env.DATA_DIR}; the embedded store takes one process at a time. Stop it, create the token, start it again.`,
        1,
      );
    }
    await mkdir(env.DATA_DIR, { recursive: true });
  }
  const store = await openStore(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
  try {
    const desk = createDesk(store, loaded.config, systemClock);
    await desk.people.syncFromConfig(loaded.config);
    const { person, token } = await desk.people.createToken(values.email, values.name ?? 'cli');
    process.stderr.write(`API token for ${person.name} <${person.email}> (shown once; keep it secret):\n`);
    process.stdout.write(`${token}\n`);
    return 0;
  } catch (err) {
    if (err instanceof DomainError) return fail(err.message, 1);
    throw err;
  } finally {
    await store.close();
  }
}

function fail(message: string, code: number): number {
  (code === 0 ? process.stdout : process.stderr).write(`${message}\n`);
  return code;
}

cli(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`deskbot: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
