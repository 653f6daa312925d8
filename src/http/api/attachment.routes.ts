import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Desk } from '../../core/desk.js';
import { personOf } from './signed-in.js';

type KeyParams = { Params: { key: string } };

const uploadQuery = z.object({
  name: z
    .string()
    .min(1)
    .max(255)
    .refine((v) => !v.includes('\0'), 'must not contain NUL'),
});

/**
 * POST /tickets/:key/attachments: the file as the raw body, its type as Content-Type, its name as
 * `?name=` (201 with the attachment; it waits for a comment that names it). GET
 * /tickets/:key/attachments/:id: the bytes, to whoever may read the comment it was sent with.
 */
export function registerAttachmentRoutes(api: FastifyInstance, desk: Desk): void {
  const bodyLimit = Math.round(desk.catalog.config.attachments.maxMegabytes * 1024 * 1024);
  api.register(async (files) => {
    // Any type arrives as bytes: the service checks it against the desk's list and its first bytes.
    files.removeAllContentTypeParsers();
    files.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) =>
      done(null, body),
    );
    files.post<KeyParams>('/tickets/:key/attachments', { bodyLimit }, async (request, reply) => {
      const { name } = uploadQuery.parse(request.query);
      const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
      const file = await desk.attachments.upload(personOf(request), request.params.key, {
        name,
        contentType: request.headers['content-type'] ?? '',
        bytes,
      });
      return reply.code(201).header('location', file.url).send(file);
    });
  });

  api.get<{ Params: { key: string; id: string } }>(
    '/tickets/:key/attachments/:id',
    async (request, reply) => {
      const { file, bytes } = await desk.attachments.read(
        personOf(request),
        request.params.key,
        request.params.id,
      );
      return (
        reply
          .type(file.contentType)
          .header('content-length', bytes.length)
          .header(
            'content-disposition',
            `${file.inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.name)}`,
          )
          // Shown on its own, a file runs nothing and loads nothing.
          .header('content-security-policy', "default-src 'none'; sandbox")
          .header('cache-control', 'private, no-store')
          .send(bytes)
      );
    },
  );
}
