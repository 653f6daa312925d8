import { pino } from 'pino';

/** Wherever these keys appear in a log line their values are replaced: tokens and secrets never reach logs. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  '*.token',
  'token',
  '*.password',
  'password',
  '*.secret',
  'secret',
];

export function createLogger(level: string) {
  return pino({ level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'deskbot' } });
}
