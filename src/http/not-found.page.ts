import type { FastifyReply, FastifyRequest } from 'fastify';
import { esc } from './kb/kb.html.js';
import { PAGE_CSP, PAGE_CSS } from './kb/kb.page-assets.js';

/**
 * 404 for an unknown path: a page for a browser (it asked for HTML, outside /api), JSON for everyone
 * else, so an API client still reads `error.code` and a person is not shown raw JSON.
 */
export function sendNotFound(request: FastifyRequest, reply: FastifyReply, deskName: string) {
  const path = request.url.split('?')[0]!;
  const browser =
    (request.method === 'GET' || request.method === 'HEAD') &&
    !path.startsWith('/api/') &&
    /\btext\/html\b/.test(request.headers.accept ?? '');
  if (!browser)
    return reply
      .code(404)
      .send({ error: { code: 'not_found', message: `No route ${request.method} ${path}` } });
  return reply
    .code(404)
    .header('content-security-policy', PAGE_CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'same-origin')
    .type('text/html; charset=utf-8')
    .send(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Page not found · ${esc(deskName)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<main id="main">
<h1>Page not found</h1>
<p>There is no page at <code>${esc(path.slice(0, 200))}</code>. It may have moved, or the link may be mistyped.</p>
<ul>
<li><a href="/">Ask ${esc(deskName)} in chat</a></li>
<li><a href="/kb">Browse the knowledge base</a></li>
</ul>
</main>
</body>
</html>
`);
}
