import type { FastifyInstance } from 'fastify';
import { buildServer, type HttpDeps } from '../../src/http/server.js';
import { createLogger } from '../../src/logger.js';
import type { TestDesk } from './test-desk.js';

// biome-ignore lint/suspicious/noExplicitAny: tests read JSON bodies field by field and assert on them
type JsonBody = any;

export interface TestApi {
  app: FastifyInstance;
  base: string;
  /** Calls the API as the person holding the token (none: no Authorization header). */
  call(
    method: string,
    path: string,
    token?: string,
    body?: unknown,
  ): Promise<{ status: number; body: JsonBody; headers: Headers }>;
  tokenFor(name: string): Promise<string>;
}

/** The real HTTP server on 127.0.0.1, over a test desk; `routes` are the channel adapters' (the web chat). */
export async function startTestApi(
  t: TestDesk,
  bodyLimit?: number,
  routes?: HttpDeps['routes'],
): Promise<TestApi> {
  const app = buildServer({
    desk: t.desk,
    logger: createLogger('silent'),
    ready: async () => ({ store: await t.store.ping() }),
    bodyLimit,
    routes,
  });
  const base = await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    app,
    base,
    async call(method, path, token, body) {
      const headers: Record<string, string> = {};
      if (token) headers.authorization = `Bearer ${token}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${base}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
    async tokenFor(name) {
      return (await t.desk.people.createToken(`${name}@acme.example`, 'test')).token;
    },
  };
}
