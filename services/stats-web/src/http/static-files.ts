import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etagOf } from './response-cache.js';

export interface StaticFile {
  body: Buffer;
  contentType: string;
  etag: string;
  /** Cache-Control for this file. */
  cacheControl: string;
}

export interface WebDirs {
  /** HTML pages, the style sheet and images, served as written. */
  pages: string;
  /** The compiled dashboard scripts (tsc output of web/src), served under /js/. */
  scripts: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

/** This service's web/ folder and the compiled scripts beside its dist/ (same from src/ and dist/). */
export function defaultWebDirs(): WebDirs {
  const root = fileURLToPath(new URL('../../', import.meta.url));
  return { pages: join(root, 'web'), scripts: join(root, 'dist', 'web') };
}

export class WebFilesMissingError extends Error {
  override name = 'WebFilesMissingError';
}

/**
 * The dashboard's files, read once at start and served from memory: a few
 * tens of KB. Pages are revalidated on every visit (they name the scripts),
 * scripts and styles are kept for a few minutes.
 */
export class StaticFiles {
  private constructor(private readonly files: ReadonlyMap<string, StaticFile>) {}

  static load(dirs: WebDirs = defaultWebDirs()): StaticFiles {
    const files = new Map<string, StaticFile>();
    const add = (dir: string, prefix: string) => {
      if (!existsSync(dir))
        throw new WebFilesMissingError(`${dir} is missing: build the service (npm run build)`);
      for (const name of readdirSync(dir)) {
        const type = TYPES[extname(name)];
        if (!type) continue;
        const body = readFileSync(join(dir, name));
        const page = name.endsWith('.html');
        files.set(`${prefix}/${name}`, {
          body,
          contentType: type,
          etag: etagOf(body),
          cacheControl: page ? 'no-cache' : 'public, max-age=300',
        });
      }
    };
    add(dirs.pages, '');
    add(dirs.scripts, '/js');
    if (!files.has('/index.html')) throw new WebFilesMissingError(`${dirs.pages} has no index.html`);
    return new StaticFiles(files);
  }

  /** The file for a URL path; '/' is the front page, '/miner' the same as '/miner.html'. */
  get(pathname: string): StaticFile | undefined {
    if (pathname === '/') return this.files.get('/index.html');
    return this.files.get(pathname) ?? this.files.get(`${pathname}.html`);
  }

  get paths(): string[] {
    return [...this.files.keys()];
  }
}
