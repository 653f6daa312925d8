import type { ChildProcess } from 'node:child_process';
import http from 'node:http';

/** The next message from a bench's load process; fails if it exits early. */
export function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((done, fail) => {
    child.once('message', (m) => done(m as T));
    child.once('error', fail);
    child.once('exit', (code) => code !== 0 && fail(new Error(`bench load process: exit ${code}`)));
  });
}

/**
 * A sender of many requests that keeps its own work small (plain http, kept-alive connections), so the
 * figures are the desk's, not the sender's: each POST resolves with its status and when the answer came.
 */
export function poster(url: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
  return (body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; acked: number; done: Promise<void> }>((resolve, reject) => {
      const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
        const acked = performance.now();
        const done = new Promise<void>((end) => res.resume().on('end', end));
        resolve({ status: res.statusCode ?? 0, acked, done });
      });
      req.on('error', reject);
      req.end(body);
    });
}
