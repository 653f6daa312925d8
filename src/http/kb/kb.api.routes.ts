import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import type { ArticleView } from '../../core/kb/kb.types.js';
import { personOf } from '../api/signed-in.js';
import { PeopleLookup } from '../api/ticket.view.js';

const createBody = z.object({
  title: z.string(),
  slug: z.string().optional(),
  template: z.string().optional(),
  body: z.string().optional(),
  labels: z.array(z.string()).optional(),
  questions: z.array(z.string().max(1000)).max(200).optional(),
  parent: z.string().nullable().optional(),
  status: z.enum(['draft', 'published']).optional(),
});

const updateBody = z.object({
  title: z.string().optional(),
  body: z.string().optional(),
  labels: z.array(z.string()).optional(),
  questions: z.array(z.string().max(1000)).max(200).optional(),
  version: z.number().int().positive().optional(),
});

const moveBody = z.object({
  parent: z.string().min(1).nullable(),
  position: z.number().int().min(0).optional(),
});

const searchQuery = z.object({
  q: z.string().default(''),
  label: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
});

const versionParams = z.object({ version: z.coerce.number().int().positive() });

type SlugParams = { Params: { slug: string } };

/** /api/v1/kb: the knowledge base for signed-in people; writes need a KB editor or an admin. */
export function registerKbApi(api: FastifyInstance, desk: Desk) {
  const lookup = () => new PeopleLookup((id) => desk.people.find(id));

  api.get('/kb/templates', async () => ({ templates: desk.kb.templates() }));
  api.get('/kb/tree', async (request) => ({ tree: await desk.kb.tree(personOf(request)) }));
  api.get('/kb/labels', async (request) => ({ labels: await desk.kb.labels(personOf(request)) }));
  api.get('/kb/articles-to-write', async (request) => ({
    questions: await desk.kb.articlesToWrite(personOf(request)),
  }));
  api.get<{ Querystring: { label?: string } }>('/kb/articles', async (request) => ({
    articles: await desk.kb.list(personOf(request), { label: request.query.label }),
  }));
  api.get('/kb/search', async (request) => {
    const q = searchQuery.parse(request.query);
    const options = { limit: q.limit, label: q.label, personId: personOf(request).id };
    return { results: await desk.kb.search(q.q, options) };
  });

  api.post('/kb/articles', async (request, reply) => {
    const body = createBody.parse(request.body ?? {});
    const article = await desk.kb.create(personOf(request), body);
    return reply
      .code(201)
      .header('location', `/api/v1/kb/articles/${article.slug}`)
      .send(await articleJson(article, lookup()));
  });
  api.get<SlugParams>('/kb/articles/:slug', async (request) =>
    articleJson(await desk.kb.get(personOf(request), request.params.slug), lookup()),
  );
  api.patch<SlugParams>('/kb/articles/:slug', async (request) => {
    const body = updateBody.parse(request.body ?? {});
    return articleJson(await desk.kb.update(personOf(request), request.params.slug, body), lookup());
  });
  api.post<SlugParams>('/kb/articles/:slug/move', async (request) => {
    const body = moveBody.parse(request.body ?? {});
    return articleJson(await desk.kb.move(personOf(request), request.params.slug, body), lookup());
  });
  api.post<SlugParams>('/kb/articles/:slug/publish', async (request) =>
    articleJson(await desk.kb.publish(personOf(request), request.params.slug), lookup()),
  );
  api.post<SlugParams>('/kb/articles/:slug/unpublish', async (request) =>
    articleJson(await desk.kb.unpublish(personOf(request), request.params.slug), lookup()),
  );
  api.get<SlugParams>('/kb/articles/:slug/versions', async (request) => {
    const article = await desk.kb.get(personOf(request), request.params.slug);
    return { versions: (await articleJson(article, lookup())).versions };
  });
  api.get<{ Params: { slug: string; version: string } }>(
    '/kb/articles/:slug/versions/:version',
    async (request) => {
      const { version } = versionParams.parse(request.params);
      const v = await desk.kb.version(personOf(request), request.params.slug, version);
      const author = v.authorId ? await lookup().brief(v.authorId) : null;
      return { version: v.version, title: v.title, body: v.body, labels: v.labels, author, at: v.at };
    },
  );
}

/** The article with names beside person ids; `author: null` marks a version written by the seed import. */
async function articleJson(article: ArticleView, people: PeopleLookup) {
  const { updatedBy, versions, ...rest } = article;
  return {
    ...rest,
    url: `/kb/${article.slug}`,
    updatedBy: updatedBy ? await people.brief(updatedBy) : null,
    versions: await Promise.all(
      versions.map(async ({ authorId, ...v }) => ({
        ...v,
        author: authorId ? await people.brief(authorId) : null,
      })),
    ),
  };
}
