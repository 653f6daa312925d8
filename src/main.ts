import { mkdir } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { registerEmailInbound } from '../adapters/email/email.route.js';
import { registerNotifiers } from '../adapters/notify/notify.adapter.js';
import { channelsOn } from './channels.js';
import { formatConfigError, loadDeskConfig } from './config/desk.loader.js';
import { createDesk } from './core/desk.js';
import { ReplyAddresses } from './core/email/reply.address.js';
import { readEnv, trustProxyOf } from './env.js';
import { Readiness } from './http/readiness.js';
import { buildServer } from './http/server.js';
import { startKnowledgeBase } from './kb.startup.js';
import { createLogger } from './logger.js';
import { systemClock } from './ports/clock.port.js';
import {
  ATTACHMENT_SWEEP_JOB,
  AUTOMATION_SWEEP_JOB,
  INBOX_SWEEP_JOB,
  REPORT_ROLLUP_JOB,
  RETENTION_SWEEP_JOB,
} from './scheduler/sla.jobs.js';
import { SWEEP_LOCK_LIFETIME_MS, schedulerDatabaseOf, startScheduler } from './scheduler/sla.scheduler.js';
import { holdDataDirLock } from './store/data-dir.lock.js';
import { openStore } from './store/store.js';

/** Exit codes: 2 for a bad desk config or environment, 1 for anything else that stops start-up. */
const EXIT_BAD_CONFIG = 2;
/** A delivery still unprocessed this long after it came is an instance's that stopped (or failed). */
const INBOX_SWEEP_AFTER_MS = 10_000;

async function main() {
  const envResult = readEnv();
  if (!envResult.ok) {
    for (const e of envResult.errors) process.stderr.write(`environment ${e}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const env = envResult.env;
  const logger = createLogger(env.LOG_LEVEL);

  const loaded = await loadDeskConfig(env.DESK_CONFIG);
  if (!loaded.ok) {
    process.stderr.write(`${env.DESK_CONFIG} has ${loaded.errors.length} error(s); Deskbot did not start:\n`);
    for (const e of loaded.errors) process.stderr.write(`${formatConfigError(e)}\n`);
    process.exit(EXIT_BAD_CONFIG);
  }
  const config = loaded.config;

  let releaseLock = async () => {};
  if (!env.DATABASE_URL) {
    await mkdir(env.DATA_DIR, { recursive: true });
    releaseLock = await holdDataDirLock(env.DATA_DIR);
  }
  const store = await openStore(env.DATABASE_URL ? { url: env.DATABASE_URL } : { dataDir: env.DATA_DIR });
  const desk = createDesk(store, config, systemClock, {
    // Each failure is retried with backoff, then dead-lettered (kept in the outbox, visible).
    deliveryFailed: (err, row) =>
      logger.warn(
        { topic: row.topic, row: row.id, attempts: row.attempts, err: (err as Error)?.message },
        'delivery failed',
      ),
    automation: (e) => logger.warn(e, 'automation rule stopped'),
    turnFailed: (err, failure) => {
      const fields = { err: (err as Error)?.message, ...failure };
      if (failure?.setAside)
        logger.error(
          fields,
          `a recorded delivery failed ${failure.attempts} times; set aside in the inbox with its error`,
        );
      else logger.warn(fields, 'a recorded delivery failed; it is tried again');
    },
  });
  await desk.people.syncFromConfig(config);
  await desk.people.start();
  await desk.guesses.start();
  if (env.WEB_DEMO_IDENTITIES === 'off') {
    const revoked = await desk.people.revokeDemoTokens();
    if (revoked.length > 0) logger.info(`demo identities are off: revoked ${revoked.length} demo token(s)`);
  }
  await startKnowledgeBase(desk, env.DESK_CONFIG, logger);

  if (config.webhooks.length > 0 && !env.WEBHOOK_SECRET) {
    process.stderr.write(
      `environment WEBHOOK_SECRET: needed, ${env.DESK_CONFIG} lists webhooks (they are signed with it)\n`,
    );
    process.exit(EXIT_BAD_CONFIG);
  }
  const channels = channelsOn(env, desk, config, logger);
  const notifiers = registerNotifiers(desk.outbox, env, config.webhooks);
  if (env.EMAIL_INBOUND_SECRET && env.EMAIL_REPLY_ADDRESS)
    desk.email.useReplyAddresses(new ReplyAddresses(env.EMAIL_REPLY_ADDRESS, env.EMAIL_INBOUND_SECRET));
  const emailRoute = env.EMAIL_INBOUND_SECRET;
  const scheduler = await startScheduler({
    sla: desk.sla,
    recurring: [
      ...(desk.automation.enabled
        ? [{ job: AUTOMATION_SWEEP_JOB, everyMs: 60_000, run: () => desk.automation.sweep() }]
        : []),
      { job: REPORT_ROLLUP_JOB, everyMs: 3_600_000, run: () => desk.reports.rollUp() },
      { job: ATTACHMENT_SWEEP_JOB, everyMs: 3_600_000, run: () => desk.attachments.sweep() },
      // Deliveries an instance acknowledged and never processed (it was killed, or the turn failed).
      {
        job: INBOX_SWEEP_JOB,
        everyMs: 15_000,
        run: () => desk.inbound.replayPending(INBOX_SWEEP_AFTER_MS),
        lockLifetimeMs: SWEEP_LOCK_LIFETIME_MS,
      },
      { job: RETENTION_SWEEP_JOB, everyMs: 3_600_000, run: () => desk.retention.sweep() },
    ],
    clock: systemClock,
    database: schedulerDatabaseOf(store.database),
    onError: (err) => logger.warn({ err }, 'SLA scheduler'),
  });
  let stopping = false;
  const readiness = new Readiness({
    store: () => store.ping(),
    scheduler: () => scheduler.ready(),
    // From SIGTERM on, a load balancer's probe says to send elsewhere.
    serving: async () => !stopping,
  });
  const app = buildServer({
    desk,
    logger,
    ready: () => readiness.report(),
    trustProxy: trustProxyOf(env.TRUST_PROXY),
    routes: [
      ...channels.flatMap((c) => (c.routes ? [(server: FastifyInstance) => c.routes!(server)] : [])),
      ...(emailRoute
        ? [(server: FastifyInstance) => registerEmailInbound(server, desk, emailRoute, Date.now)]
        : []),
    ],
  });
  // Deliveries acknowledged before a crash are processed now; then the outbox dispatcher starts.
  const { replayed, refused } = await desk.inbound.replayPending();
  if (replayed > 0) logger.info(`processed ${replayed} inbound event(s) left from before a restart`);
  for (const reason of refused) logger.warn({ reason }, 'an inbound event from before a restart was refused');
  desk.outbox.start();
  // The first probe then has an answer to fall back on if it lands in a burst.
  await readiness.report();
  const address = await app.listen({ port: env.PORT, host: env.HOST });
  for (const channel of channels) await channel.start();

  const where =
    store.database.kind === 'pglite'
      ? `PGlite (embedded) in ${store.database.location}`
      : `PostgreSQL at ${store.database.location}`;
  logger.info(
    `Deskbot "${config.desk.name}" is listening on ${address.replace(/\/\/(0\.0\.0\.0|127\.0\.0\.1|\[::1?\])(?=:)/, '//localhost')}`,
  );
  logger.info(`data: ${where}`);
  logger.info(
    `channels on: ${channels.map((c) => c.label).join(', ')}, REST API${emailRoute ? ', email replies (POST /email/inbound)' : ''}`,
  );
  logger.info(`SLA pings: chat${notifiers.on.map((n) => `, ${n}`).join('')}; scheduler on Agenda`);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing in-flight requests, then closing the store`);
    try {
      if (env.SHUTDOWN_GRACE_MS > 0) await new Promise((r) => setTimeout(r, env.SHUTDOWN_GRACE_MS));
      await app.close();
      for (const channel of channels) await channel.stop();
      await desk.inbound.drain(); // turns after their acks: a peer would otherwise run them only in its sweep
      await scheduler.drain(); // not stop(): that hands running jobs to a peer to run again
      await desk.outbox.stop();
      notifiers.close();
      await desk.kb.stop();
      await desk.people.stop();
      await store.close();
      await releaseLock();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'shutdown failed');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  process.stderr.write(`Deskbot could not start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
