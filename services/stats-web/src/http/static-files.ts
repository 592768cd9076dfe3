import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';

export interface WebDirs {
  /** HTML pages, the style sheet and images, served as written. */
  pages: string;
  /** The compiled dashboard scripts (tsc output of web/src), served under /js/. */
  scripts: string;
}

/** What the dashboard serves; the compiler's other output (.d.ts, .map, build info) stays private. */
const SERVED = new Set(['.html', '.css', '.js', '.svg', '.png', '.ico', '.txt']);

/** Pages load only their own scripts, styles and API; nothing may frame them. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** This service's web/ folder and the compiled scripts beside its dist/ (same from src/ and dist/). */
export function defaultWebDirs(): WebDirs {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return { pages: join(root, 'web'), scripts: join(root, 'dist', 'web') };
}

export class WebFilesMissingError extends Error {
  override name = 'WebFilesMissingError';
}

/**
 * The dashboard's files through @fastify/static (ETag and 304 from it): '/'
 * is the front page, '/miner' the same as '/miner.html'. Pages are
 * revalidated on every visit (they name the scripts), scripts and styles are
 * kept for a few minutes.
 */
export async function registerDashboardFiles(app: FastifyInstance, dirs: WebDirs): Promise<void> {
  for (const dir of [dirs.pages, dirs.scripts]) {
    if (!existsSync(dir))
      throw new WebFilesMissingError(`${dir} is missing: build the service (npm run build)`);
  }
  if (!existsSync(join(dirs.pages, 'index.html'))) {
    throw new WebFilesMissingError(`${dirs.pages} has no index.html`);
  }
  const common = {
    cacheControl: false,
    dotfiles: 'ignore',
    // Extensionless paths ('/', '/miner') are asked again for the file they resolve to.
    allowedPath: (path: string) => extname(path) === '' || SERVED.has(extname(path)),
    setHeaders,
  } as const;
  await app.register(fastifyStatic, { ...common, root: dirs.pages, prefix: '/', extensions: ['html'] });
  await app.register(fastifyStatic, { ...common, root: dirs.scripts, prefix: '/js/', decorateReply: false });
}

function setHeaders(reply: FastifyReply, path: string): void {
  const page = path.endsWith('.html');
  reply.header('cache-control', page ? 'no-cache' : 'public, max-age=300');
  if (page) reply.header('content-security-policy', PAGE_POLICY);
  // RFC 9239's type for scripts (the mime table still says application/javascript).
  if (path.endsWith('.js')) reply.header('content-type', 'text/javascript; charset=utf-8');
}
