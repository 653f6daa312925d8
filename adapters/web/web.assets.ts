import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A static file of the web app, read once at start (they are few and small). */
export interface Asset {
  body: Buffer;
  type: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

const here = dirname(fileURLToPath(import.meta.url));

/**
 * The page, styles and compiled browser modules. From dist (npm start) the build put public/ and
 * client/ beside this file; from source (tests) public/ is here and the browser code only in dist.
 */
export function loadAssets(): { page: Asset; files: Map<string, Asset> } {
  const publicDir = join(here, 'public');
  const clientDir = [join(here, 'client'), resolve(here, '../../dist/adapters/web/client')].find((d) =>
    existsSync(join(d, 'app.js')),
  );
  const files = new Map<string, Asset>();
  for (const name of readdirSync(publicDir)) addFile(files, publicDir, name, name);
  if (clientDir) for (const name of readdirSync(clientDir)) addFile(files, clientDir, name, `js/${name}`);
  const page = files.get('index.html');
  if (!page) throw new Error(`the web chat page is missing from ${publicDir}`);
  files.delete('index.html');
  return { page, files };
}

function addFile(files: Map<string, Asset>, dir: string, name: string, path: string): void {
  const type = TYPES[name.slice(name.lastIndexOf('.'))];
  if (type) files.set(path, { body: readFileSync(join(dir, name)), type });
}

/** No inline script or style, nothing from elsewhere; the page may not be framed. */
export const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    // blob: for attached pictures, fetched with the person's token and shown through blob URLs.
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};
