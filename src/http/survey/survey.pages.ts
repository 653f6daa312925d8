import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { esc } from '../kb/kb.html.js';
import { PAGE_CSP, PAGE_CSS } from '../kb/kb.page-assets.js';

const answer = z
  .object({
    rating: z.coerce.number().int().min(1).max(5).optional(),
    comment: z.string().max(2000).optional(),
    still_broken: z.literal('1').optional(),
  })
  .strict();

/**
 * The survey behind the link in a requester's email: no sign-in, the unguessable token in the link is
 * the key. GET shows the question, POST answers it (once), or reopens the request ("still broken").
 */
export function registerSurveyPages(app: FastifyInstance, desk: Desk) {
  const deskName = desk.catalog.config.desk.name;
  const page = (reply: FastifyReply, title: string, body: string) =>
    reply
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', PAGE_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)} · ${esc(deskName)}</title><style>${PAGE_CSS}</style></head><body><main id="main"><h1>${esc(title)}</h1>${body}</main></body></html>`,
      );

  app.register((scope, _opts, done) => {
    // HTML forms post urlencoded; nothing else is taken here.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: 8192 },
      (_req, raw, next) => next(null, Object.fromEntries(new URLSearchParams(String(raw)))),
    );

    scope.get<{ Params: { token: string } }>('/survey/:token', async (request, reply) => {
      const found = await desk.surveys.byToken(request.params.token);
      if (!found)
        return page(
          reply.code(404),
          'Survey not found',
          '<p>This link is not valid, or its survey was replaced by a newer one.</p>',
        );
      const { survey, key } = found;
      if (survey.answeredAt)
        return page(
          reply,
          `${key}: thank you`,
          `<p>You rated ${esc(key)} ${survey.rating} out of 5. Your answer is kept.</p>`,
        );
      const action = `/survey/${encodeURIComponent(request.params.token)}`;
      const stars = [1, 2, 3, 4, 5]
        .map(
          (n) =>
            `<button type="submit" name="rating" value="${n}">${n}${n === 1 ? ' Poor' : n === 5 ? ' Great' : ''}</button>`,
        )
        .join(' ');
      return page(
        reply,
        `How did we do on ${key}?`,
        `<form method="post" action="${action}"><p><label for="comment">Anything to add? (optional)</label><br><textarea id="comment" name="comment" rows="3" cols="40" maxlength="2000"></textarea></p><p>Rate it from 1 to 5:</p><p>${stars}</p></form>
<form method="post" action="${action}"><p><button type="submit" name="still_broken" value="1">Still broken</button></p></form>`,
      );
    });

    scope.post<{ Params: { token: string } }>('/survey/:token', async (request, reply) => {
      const token = { token: request.params.token };
      const found = await desk.surveys.byToken(request.params.token);
      if (!found) return page(reply.code(404), 'Survey not found', '<p>This link is not valid.</p>');
      const body = answer.parse(request.body ?? {});
      if (body.still_broken) {
        const outcome = await desk.surveys.stillBroken(token, found.key, null);
        return page(reply, found.key, `<p>${esc(outcome.message)}</p>`);
      }
      if (body.rating === undefined)
        return page(reply.code(400), found.key, '<p>Choose a rating from 1 to 5.</p>');
      const rated = await desk.surveys.rate(token, found.key, null, body.rating);
      if (rated.ok && body.comment?.trim())
        await desk.surveys.comment(token, found.key, rated.survey.round, body.comment);
      return page(
        reply,
        `${found.key}: ${rated.ok ? 'thank you' : 'already answered'}`,
        `<p>${esc(rated.message)}</p>`,
      );
    });
    done();
  });
}
