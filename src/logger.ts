import { type DestinationStream, pino } from 'pino';

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

/** The service's logger; `destination` (stdout by default) lets a test read the lines. */
export function createLogger(level: string, destination?: DestinationStream) {
  return pino(
    { level, redact: { paths: REDACT, censor: '[redacted]' }, base: { service: 'deskbot' } },
    destination,
  );
}
