import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenStore, openStore } from '../src/store/store.js';
import { workerDatabaseUrl } from '../test/support/test-store.js';
import { benchApiCreate } from './api-create.bench.js';
import { benchConversationTurns } from './conversation-turn.bench.js';
import { benchDiscord } from './discord.bench.js';
import { benchInstances } from './instances.bench.js';
import { benchKbSearch } from './kb-search.bench.js';
import { benchMigrations } from './migrations.bench.js';
import { benchRelevance } from './relevance.bench.js';
import { benchReports } from './reports.bench.js';
import { benchSlaEmbedded, benchSlaServer } from './sla.bench.js';
import { benchSlack } from './slack.bench.js';
import { benchTeams } from './teams.bench.js';
import { benchTicketCreate } from './ticket-create.bench.js';

/** BENCH_ONLY=slack,kb runs those parts only (ticket, api, turn, slack, teams, discord, relevance, sla, reports, instances, migrations, kb); unset runs all. */
const only = new Set((process.env.BENCH_ONLY ?? '').split(',').filter(Boolean));
const runs = (part: string) => only.size === 0 || only.has(part);

/**
 * npm run bench: prints figures, never pass/fail. The embedded store runs on files in temporary
 * directories; the server run uses BENCH_DATABASE_URL (default: the local test server).
 */
async function main() {
  const lines: string[] = [`deskbot bench — ${new Date().toISOString()} — node ${process.version}`];
  if (runs('sla')) lines.push(...(await benchSlaEmbedded())); // in a process of its own: its memory is the figure
  // The embedded default as users run it: PGlite on files under a data directory, fresh for each part
  // (a part's leftover outbox rows would be worked off by the next part's dispatcher).
  const embedded = async (part: string, bench: (store: OpenStore) => Promise<string[]>) => {
    if (!runs(part)) return;
    const dataDir = await mkdtemp(join(tmpdir(), `deskbot-bench-${part}-`));
    const store = await openStore({ dataDir });
    try {
      lines.push(...(await bench(store)));
    } finally {
      await store.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  };
  await embedded('ticket', (store) => benchTicketCreate(store, 'PGlite    '));
  if (runs('api')) lines.push(...(await benchApiCreate({ kind: 'pglite' }, 'PGlite    ')));
  await embedded('turn', (store) => benchConversationTurns(store, 'PGlite    '));
  await embedded('slack', (store) => benchSlack(store, 'PGlite    '));
  await embedded('teams', (store) => benchTeams(store, 'PGlite    '));
  await embedded('discord', (store) => benchDiscord(store, 'PGlite    '));
  await embedded('relevance', (store) => benchRelevance(store, 'PGlite    '));

  // The server run: each part in a fresh database of its own, skipped when no server answers.
  const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const onServer = async (part: string, bench: (store: OpenStore, url: string) => Promise<string[]>) => {
    if (!runs(part)) return;
    let url: string;
    let store: OpenStore;
    try {
      url = await workerDatabaseUrl(serverUrl, `bench_${part}`);
      store = await openStore({ url });
    } catch (err) {
      lines.push(`PostgreSQL: ${part} skipped (${(err as Error).message})`);
      return;
    }
    try {
      lines.push(...(await bench(store, url)));
    } finally {
      await store.close();
    }
  };
  await onServer('ticket', (store) => benchTicketCreate(store, 'PostgreSQL'));
  if (runs('api')) lines.push(...(await benchApiCreate({ kind: 'postgres', serverUrl }, 'PostgreSQL')));
  await onServer('slack', (store) => benchSlack(store, 'PostgreSQL'));
  await onServer('teams', (store) => benchTeams(store, 'PostgreSQL'));
  await onServer('discord', (store) => benchDiscord(store, 'PostgreSQL'));
  await onServer('sla', (store, url) => benchSlaServer(store, url, 'PostgreSQL'));
  await onServer('reports', (store, url) => benchReports(store, url, 'PostgreSQL'));
  // Built instances as processes of their own, each run on a fresh database of its own.
  if (runs('instances')) lines.push(...(await benchInstances(serverUrl, 'PostgreSQL')));
  // A rolling upgrade's migrations over a million rows, while an old instance writes.
  if (runs('migrations')) lines.push(...(await benchMigrations(serverUrl, 'PostgreSQL')));
  if (runs('kb')) lines.push(...(await benchKbSearch()));
  for (const line of lines) process.stdout.write(`${line}\n`);
}

main().catch((err) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
