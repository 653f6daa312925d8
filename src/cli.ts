import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { formatConfigError, loadDeskConfig } from './config/desk.loader.js';
import type { DeskConfig } from './config/desk.schema.js';
import { createDesk, type Desk } from './core/desk.js';
import { DomainError } from './core/errors.js';
import type { TokenInfo } from './core/identity/people.service.js';
import { type Env, readEnv } from './env.js';
import { systemClock } from './ports/clock.port.js';
import { DataDirLockedError, holdDataDirLock } from './store/data-dir.lock.js';
import { openStore } from './store/store.js';

const USAGE = `usage:
  deskbot token create --email EMAIL [--name NAME]   create an API token for a person (printed once)
  deskbot token list [--email EMAIL]                  list API tokens (never the tokens themselves)
  deskbot token revoke ID                             revoke one token (its ID from token list)
  deskbot token revoke --email EMAIL                  revoke every token of a person
  deskbot config check                                check DESK_CONFIG and list every error

Uses the same DESK_CONFIG, DATA_DIR and DATABASE_URL as the server.`;

const COMMANDS = ['token create', 'token list', 'token revoke', 'config check'];

/** Exit codes: 0 done, 1 failed, 2 bad usage or bad config. */
async function cli(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { email: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  const command = positionals.slice(0, 2).join(' ');
  const args = positionals.slice(2);
  const envResult = readEnv();
  if (!envResult.ok) return fail(envResult.errors.join('\n'), 2);
  const env = envResult.env;
  if (values.help || !COMMANDS.includes(command)) return fail(USAGE, values.help ? 0 : 2);

  const loaded = await loadDeskConfig(env.DESK_CONFIG);
  if (!loaded.ok) return fail(loaded.errors.map(formatConfigError).join('\n'), 2);
  if (command === 'config check') {
    process.stdout.write(`${env.DESK_CONFIG}: ok\n`);
    return 0;
  }
  if (command === 'token create' && !values.email) return fail(`--email is required\n${USAGE}`, 2);
  if (command === 'token revoke' && (args.length === 1) === (values.email !== undefined))
    return fail(`give a token ID or --email, not both\n${USAGE}`, 2);

  return withDesk(env, loaded.config, async (desk) => {
    if (command === 'token create') {
      const { person, token } = await desk.people.createToken(values.email!, values.name ?? 'cli');
      process.stderr.write(`API token for ${person.name} <${person.email}> (shown once; keep it secret):\n`);
      process.stdout.write(`${token}\n`);
      return 0;
    }
    if (command === 'token list') {
      process.stdout.write(tokenTable(await desk.people.listTokens(values.email)));
      return 0;
    }
    const revoked = await desk.people.revokeTokens(values.email ? { email: values.email } : { id: args[0]! });
    if (revoked.length === 0) return fail('No active token matched; nothing was revoked', 1);
    for (const t of revoked) process.stdout.write(`revoked ${t.id} (${t.person.email}, ${t.name})\n`);
    return 0;
  });
}

/**
 * Opens the store as the server does, holding the embedded store's lock for the whole command, so a
 * server started meanwhile refuses the directory instead of opening it twice.
 */
async function withDesk(env: Env, config: DeskConfig, run: (desk: Desk) => Promise<number>) {
  let release = async () => {};
  if (!env.DATABASE_URL) {
    await mkdir(env.DATA_DIR, { recursive: true });
    try {
      release = await holdDataDirLock(env.DATA_DIR);
    } catch (err) {
      if (err instanceof DataDirLockedError)
        return fail(`${err.message}. Stop it, run this command, start it again.`, 1);
      throw err;
    }
  }
  try {
    const store = await openStore(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
    try {
      const desk = createDesk(store, config, systemClock);
      await desk.people.syncFromConfig(config);
      return await run(desk);
    } catch (err) {
      if (err instanceof DomainError) return fail(err.message, 1);
      throw err;
    } finally {
      await store.close();
    }
  } finally {
    await release();
  }
}

/** The token list as aligned columns; times in UTC. */
function tokenTable(tokens: TokenInfo[]): string {
  if (tokens.length === 0) return 'no tokens\n';
  const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace('T', ' ')}Z` : '-');
  const rows = [
    ['ID', 'PERSON', 'NAME', 'STATUS', 'CREATED', 'EXPIRES'],
    ...tokens.map((t) => [t.id, t.person.email, t.name, t.status, when(t.createdAt), when(t.expiresAt)]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows
    .map(
      (r) =>
        `${r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
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
