import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Counter,
  counter,
  type Histogram,
  histogram,
  type Logger,
  type Registry,
} from '@rxpool/observability';
import { ApiError } from './api-error.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import type { Route, Router } from './router.js';
import type { StaticFiles } from './static-files.js';

export interface HttpOptions {
  host: string;
  port: number;
  trustProxy: boolean;
  ratePerSecond: number;
  rateBurst: number;
}

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_URL = 2_048;
/** Pages load only their own scripts, styles and API; nothing may frame them. */
const PAGE_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/**
 * The public HTTP face (plain node:http): GET /api/… answered as JSON from
 * the routes (per-client rate limit, per-route cache lifetime, ETag), and
 * the dashboard's static files. Every error is JSON.
 */
export class StatsHttpServer {
  private server: Server | undefined;
  private sweeper: NodeJS.Timeout | undefined;
  private readonly limiter: RateLimiter;
  private readonly cache = new ResponseCache();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly limited: Counter;

  constructor(
    private readonly options: HttpOptions,
    private readonly router: Router,
    private readonly files: StaticFiles,
    metrics: Registry,
    private readonly log: Logger,
  ) {
    this.limiter = new RateLimiter(options.ratePerSecond, options.rateBurst);
    this.requests = counter(metrics, 'rxpool_web_requests_total', 'HTTP requests answered', [
      'route',
      'status',
    ]);
    this.duration = histogram(
      metrics,
      'rxpool_web_request_duration_seconds',
      'Time to answer an HTTP request',
      [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 1, 5],
      ['route'],
    );
    this.limited = counter(metrics, 'rxpool_web_rate_limited_total', 'API requests refused with 429');
  }

  async listen(): Promise<number> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.sweeper = setInterval(() => this.limiter.sweep(Date.now()), 60_000);
    this.sweeper.unref();
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      // In-flight requests get a moment; then the sockets go.
      setTimeout(() => server.closeAllConnections(), 2_000).unref();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    let label = 'static';
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        throw new ApiError(405, 'method-not-allowed', `${req.method} is not allowed: this API only reads`);
      }
      if ((req.url ?? '').length > MAX_URL) throw ApiError.badRequest('the URL is too long');
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/api' || url.pathname.startsWith('/api/')) {
        label = 'api';
        res.setHeader('access-control-allow-origin', '*');
        this.checkRate(req, res);
        const match = this.router.match(url.pathname);
        if (!match) throw ApiError.notFound(`no API route ${url.pathname} (see /api/openapi.json)`);
        label = match.route.path;
        await this.answerApi(req, res, match.route, match.params, url.searchParams);
      } else {
        const file = this.files.get(url.pathname);
        if (!file) throw ApiError.notFound(`no page ${url.pathname}`);
        if (file.contentType.startsWith('text/html')) res.setHeader('content-security-policy', PAGE_POLICY);
        this.send(req, res, file.body, file.contentType, file.etag, file.cacheControl);
      }
    } catch (err) {
      this.sendError(req, res, err);
    } finally {
      this.requests.inc({ route: label, status: String(res.statusCode) });
      this.duration.observe({ route: label }, (performance.now() - started) / 1000);
    }
  }

  private checkRate(req: IncomingMessage, res: ServerResponse): void {
    const waitMs = this.limiter.take(this.clientOf(req), Date.now());
    if (waitMs === 0) return;
    this.limited.inc();
    res.setHeader('retry-after', String(Math.max(1, Math.ceil(waitMs / 1000))));
    throw new ApiError(429, 'rate-limited', 'too many requests: wait for the Retry-After seconds');
  }

  private async answerApi(
    req: IncomingMessage,
    res: ServerResponse,
    route: Route,
    params: Record<string, string>,
    query: URLSearchParams,
  ): Promise<void> {
    // Only the route's own parameters make up the cache key, so unknown ones cannot bypass the cache.
    const known = new URLSearchParams();
    for (const q of route.doc.query ?? []) {
      const v = query.get(q.name);
      if (v !== null) known.set(q.name, v);
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const key = `${path}?${known}`;
    const cached = await this.cache.get(key, route.maxAgeSeconds * 1000, async () =>
      JSON.stringify(await route.handle({ params, query: known })),
    );
    this.send(req, res, cached.body, JSON_TYPE, cached.etag, `public, max-age=${route.maxAgeSeconds}`);
  }

  private send(
    req: IncomingMessage,
    res: ServerResponse,
    body: string | Buffer,
    type: string,
    etag: string,
    cacheControl: string,
  ): void {
    res.setHeader('etag', etag);
    res.setHeader('cache-control', cacheControl);
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304).end();
      return;
    }
    res.setHeader('content-type', type);
    res.setHeader('content-length', Buffer.byteLength(body));
    res.writeHead(200);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  private sendError(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    let error: ApiError;
    if (err instanceof ApiError) error = err;
    else {
      this.log.error({ err, url: req.url }, 'request failed');
      error = new ApiError(500, 'internal', 'the request failed; try again later');
    }
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = JSON.stringify(error);
    res.setHeader('content-type', JSON_TYPE);
    res.setHeader('cache-control', 'no-store');
    res.setHeader('content-length', Buffer.byteLength(body));
    res.writeHead(error.status);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** The client's address; behind a proxy, the one the proxy appended last to X-Forwarded-For. */
  private clientOf(req: IncomingMessage): string {
    if (this.options.trustProxy) {
      const forwarded = req.headers['x-forwarded-for'];
      const last = (Array.isArray(forwarded) ? forwarded.at(-1) : forwarded)?.split(',').at(-1)?.trim();
      if (last) return last;
    }
    return req.socket.remoteAddress ?? 'unknown';
  }
}
