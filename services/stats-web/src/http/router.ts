import { ApiError } from './api-error.js';

/** What a handler gets: the path's `{name}` parts and the query string. */
export interface RouteRequest {
  params: Readonly<Record<string, string>>;
  query: URLSearchParams;
}

export interface QueryParamDoc {
  name: string;
  description: string;
  minimum?: number;
  maximum?: number;
  default?: number;
}

/** A GET route of the API; its `doc` feeds the OpenAPI document. */
export interface Route {
  /** e.g. /api/miners/{address} */
  path: string;
  /** Cache-Control max-age and the server-side cache lifetime. */
  maxAgeSeconds: number;
  doc: {
    operationId: string;
    summary: string;
    /** Name of a schema in the OpenAPI components. */
    response: string;
    pathParams?: Record<string, string>;
    query?: QueryParamDoc[];
  };
  handle(req: RouteRequest): Promise<unknown>;
}

interface Compiled {
  route: Route;
  pattern: RegExp;
  names: string[];
}

/** Matches a path against the routes' templates; `{name}` takes one path segment. */
export class Router {
  private readonly compiled: Compiled[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split('/')
        .map((part) => {
          const m = /^\{(\w+)\}$/.exec(part);
          if (!m) return part.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
          names.push(m[1]!);
          return '([^/]+)';
        })
        .join('/');
      return { route, pattern: new RegExp(`^${source}$`), names };
    });
  }

  match(pathname: string): { route: Route; params: Record<string, string> } | undefined {
    for (const c of this.compiled) {
      const m = c.pattern.exec(pathname);
      if (!m) continue;
      const params: Record<string, string> = {};
      c.names.forEach((name, i) => {
        params[name] = decodeSegment(m[i + 1] ?? '');
      });
      return { route: c.route, params };
    }
    return undefined;
  }
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw ApiError.badRequest('malformed percent-encoding in the path');
  }
}

/** An integer query parameter within bounds; absent → fallback. */
export function intParam(query: URLSearchParams, p: QueryParamDoc & { default: number }): number {
  const raw = query.get(p.name);
  if (raw === null || raw === '') return p.default;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < (p.minimum ?? 0) || n > (p.maximum ?? Number.MAX_SAFE_INTEGER)) {
    const range = `${p.minimum ?? 0}..${p.maximum ?? 'any'}`;
    throw ApiError.badRequest(`${p.name} must be a whole number in ${range}, got ${JSON.stringify(raw)}`);
  }
  return n;
}
