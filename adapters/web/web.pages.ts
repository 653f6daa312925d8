import type { FastifyInstance, FastifyReply } from 'fastify';
import { type Asset, loadAssets, SECURITY_HEADERS } from './web.assets.js';

/** Paths the one-page app answers; each gets the same page, which reads the path. */
const APP_PATHS = [
  '/',
  '/requests',
  '/requests/:key',
  '/agent',
  '/agent/tickets/:key',
  '/agent/kb',
  '/agent/kb/:slug',
  '/reports',
  '/reports/dashboard',
];

/** The web app: its page at every app path, and its styles and browser modules under /assets. */
export function registerWebPages(app: FastifyInstance): void {
  const { page, files } = loadAssets();
  const send = (reply: FastifyReply, asset: Asset) =>
    reply.headers(SECURITY_HEADERS).header('cache-control', 'no-cache').type(asset.type).send(asset.body);
  for (const path of APP_PATHS) app.get(path, async (_request, reply) => send(reply, page));
  app.get<{ Params: { '*': string } }>('/assets/*', async (request, reply) => {
    const asset = files.get(request.params['*']);
    if (!asset) return reply.code(404).send({ error: { code: 'not_found', message: 'No such asset' } });
    return send(reply, asset);
  });
}
