import { LogLevel, type Logger as SlackLogger } from '@slack/bolt';
import type { Logger } from 'pino';

/** Slack tokens (bot, user, app, refresh) wherever they might appear in a message. */
const TOKEN = /\b(xox[a-z]|xapp)-[A-Za-z0-9-]+/g;

function line(parts: unknown[]): string {
  return parts
    .map((p) => (p instanceof Error ? `${p.name}: ${p.message}` : typeof p === 'string' ? p : safeJson(p)))
    .join(' ')
    .replace(TOKEN, '[token]');
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** The SDK's logger interface over pino: messages flattened to text with any token masked. */
export function slackLogger(logger: Logger): SlackLogger {
  let level = LogLevel.WARN;
  const child = logger.child({ component: 'slack-sdk' });
  return {
    debug: (...m: unknown[]) => child.debug(line(m)),
    info: (...m: unknown[]) => child.info(line(m)),
    warn: (...m: unknown[]) => child.warn(line(m)),
    error: (...m: unknown[]) => child.error(line(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
