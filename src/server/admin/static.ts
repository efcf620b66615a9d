import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { setAdminHeaders } from './headers.js';

/** web/admin at the package root: three levels up from src/server/admin and from dist/server/admin. */
export const ADMIN_WEB_DIR = fileURLToPath(new URL('../../../web/admin/', import.meta.url));

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

interface StaticFile {
  readonly body: Buffer;
  readonly type: string;
  readonly etag: string;
}

/**
 * Serves the page's files from memory, each at its own route (no wildcard, so nothing outside
 * web/admin can be reached). Read once at start: the whole page is a few tens of kilobytes.
 */
export function registerAdminStatic(app: FastifyInstance, dir = ADMIN_WEB_DIR): void {
  const files = new Map<string, StaticFile>();
  for (const path of walk(dir)) {
    const type = TYPES[extname(path)];
    if (!type) continue;
    const body = readFileSync(path);
    files.set(relative(dir, path).split(sep).join('/'), { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` });
  }
  if (!files.has('index.html')) throw new Error(`the admin page files are missing (${dir}index.html); reinstall the package`);
  const serve = (file: StaticFile) => (request: { headers: Record<string, string | string[] | undefined> }, reply: import('fastify').FastifyReply) => {
    setAdminHeaders(reply, 'no-cache');
    reply.header('etag', file.etag);
    if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
    return reply.type(file.type).send(file.body);
  };
  const index = files.get('index.html')!;
  app.get('/admin', serve(index));
  for (const [name, file] of files) app.get(`/admin/${name}`, serve(file));
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
