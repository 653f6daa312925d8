import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { NotFoundError } from '../../core/errors.js';
import { articleMain, homeMain, labelMain, layout, notFoundMain, resultsMain } from './kb.html.js';
import { PAGE_CSP } from './kb.page-assets.js';

const pageQuery = z.object({
  q: z.string().max(200).optional().catch(undefined),
  label: z.string().max(60).optional().catch(undefined),
});

const jsonQuery = z.object({
  q: z.string().default('').catch(''),
  label: z.string().max(60).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(20).default(10).catch(10),
  /** Set by the page's script while someone types: a miss then is not a failed search yet. */
  live: z.string().optional().catch(undefined),
});

/** The public knowledge base: pages and search for anyone, signed in or not; drafts are never shown. */
export function registerKbPages(app: FastifyInstance, desk: Desk) {
  const deskName = desk.catalog.config.desk.name;
  const page = (reply: FastifyReply, title: string, main: string, query?: string) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'same-origin')
      .send(layout({ deskName, title, main, query }));

  app.get('/kb', async (request, reply) => {
    const { q, label } = pageQuery.parse(request.query ?? {});
    if (q?.trim()) {
      return page(reply, `Search: ${q}`, resultsMain(q, await desk.kb.search(q, { limit: 20 })), q);
    }
    if (label) {
      const articles = await desk.kb.list(null, { label });
      return page(reply, `Label: ${label}`, labelMain(label, articles));
    }
    const [tree, labels] = await Promise.all([desk.kb.tree(null), desk.kb.labels(null)]);
    return page(reply, 'Knowledge base', homeMain(tree, labels));
  });

  app.get('/kb/search.json', async (request) => {
    const q = jsonQuery.parse(request.query ?? {});
    const results = await desk.kb.search(q.q, { limit: q.limit, label: q.label, recordMiss: q.live !== '1' });
    return { results };
  });

  app.get('/kb/suggest.json', async (request) => {
    const q = jsonQuery.parse(request.query ?? {});
    return { suggestions: await desk.kb.suggest(q.q, Math.min(q.limit, 8)) };
  });

  app.get<{ Params: { slug: string } }>('/kb/:slug', async (request, reply) => {
    try {
      const article = await desk.kb.get(null, request.params.slug);
      await desk.kb.record({ type: 'article_opened', slugs: [article.slug] });
      return page(reply, article.title, articleMain(article));
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      return page(reply.code(404), 'Article not found', notFoundMain());
    }
  });
}
