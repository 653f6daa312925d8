import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** A debug logger whose JSON lines are kept in `lines`, for tests that read what an adapter logged. */
export function capturedLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}
