import type { AddressInfo } from 'node:net';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import {
  type Counter,
  counter,
  type HealthRegistry,
  type Histogram,
  histogram,
  type Logger,
  type Registry,
} from '@rxpool/observability';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { API_SCHEMAS, OpenApiSchema } from '../api/schema/api-schema.js';
import { ApiError } from './api-error.js';
import { type ApiRoute, apiRoute } from './api-route.js';
import { openApiOptions, routeSchema } from './openapi-document.js';
import { checkIntegerQuery } from './query-integers.js';
import { tokenBucketStore } from './rate-limit-store.js';
import { RateLimiter } from './rate-limiter.js';
import { ResponseCache } from './response-cache.js';
import { defaultWebDirs, registerDashboardFiles, type WebDirs } from './static-files.js';

export interface HttpOptions {
  host: string;
  port: number;
  trustProxy: boolean;
  ratePerSecond: number;
  rateBurst: number;
}

export interface StatsHttpServerOptions {
  http: HttpOptions;
  routes: readonly ApiRoute[];
  metrics: Registry;
  log: Logger;
  /** Reported in the OpenAPI document. */
  version: string;
  /** Told 'http' is ready once the server listens. */
  health?: HealthRegistry;
  web?: WebDirs;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The API route's path as the document shows it, for the metrics. */
    apiPath?: string;
  }
}

const JSON_TYPE = 'application/json; charset=utf-8';
const MAX_URL = 2_048;
const isApiPath = (url: string) => url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');

/**
 * The public HTTP face on Fastify: GET /api/… answered as JSON from the
 * routes (per-client rate limit by @fastify/rate-limit, per-route cache
 * lifetime, ETag), the OpenAPI document from @fastify/swagger, and the
 * dashboard's static files. Every error is JSON.
 */
export class StatsHttpServer {
  private readonly app: FastifyInstance;
  private built: Promise<FastifyInstance> | undefined;
  private readonly cache = new ResponseCache();
  private readonly requests: Counter;
  private readonly duration: Histogram;
  private readonly limited: Counter;
  private listeningPort: number | undefined;

  constructor(private readonly o: StatsHttpServerOptions) {
    this.app = Fastify({
      // The last X-Forwarded-For entry (the one our proxy appended) is the client: one trusted hop.
      trustProxy: o.http.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
      routerOptions: { maxParamLength: MAX_URL },
      frameworkErrors: (err, request, reply) =>
        this.sendError(
          request,
          reply,
          err.code === 'FST_ERR_BAD_URL'
            ? ApiError.badRequest('malformed percent-encoding in the path')
            : err,
        ),
    });
    this.requests = counter(o.metrics, 'rxpool_web_requests_total', 'HTTP requests answered', [
      'route',
      'status',
    ]);
    this.duration = histogram(
      o.metrics,
      'rxpool_web_request_duration_seconds',
      'Time to answer an HTTP request',
      [0.001, 0.005, 0.02, 0.05, 0.1, 0.25, 1, 5],
      ['route'],
    );
    this.limited = counter(o.metrics, 'rxpool_web_rate_limited_total', 'API requests refused with 429');
    o.health?.register('http', 'starting');
  }

  /** The port it listens on (after listen()). */
  get port(): number | undefined {
    return this.listeningPort;
  }

  /** The Fastify instance with every plugin and route in place (also for inject() in tests). */
  ready(): Promise<FastifyInstance> {
    this.built ??= this.build();
    return this.built;
  }

  async listen(): Promise<number> {
    const app = await this.ready();
    await app.listen({ host: this.o.http.host, port: this.o.http.port });
    this.listeningPort = (app.server.address() as AddressInfo).port;
    this.o.health?.set('http', true, `listening on ${this.o.http.host}:${this.listeningPort}`);
    this.o.log.info({ host: this.o.http.host, port: this.listeningPort }, 'web listening');
    return this.listeningPort;
  }

  async close(): Promise<void> {
    if (!this.built) return;
    // In-flight requests get a moment; then the sockets go.
    const force = setTimeout(() => this.app.server.closeAllConnections(), 2_000);
    force.unref();
    await this.app.close();
    clearTimeout(force);
  }

  private async build(): Promise<FastifyInstance> {
    const app = this.app;
    // JSON.stringify as before: the same bytes (and ETags); the response schemas document, not reshape.
    app.setSerializerCompiler(() => (data) => JSON.stringify(data));
    app.setErrorHandler((err, request, reply) => this.sendError(request, reply, err));
    app.setNotFoundHandler((request) => {
      const path = request.url.split('?')[0] ?? '';
      throw ApiError.notFound(
        isApiPath(path) ? `no API route ${path} (see /api/openapi.json)` : `no page ${path}`,
      );
    });
    await app.register(swagger, openApiOptions(this.o.version));
    for (const schema of API_SCHEMAS) app.addSchema(schema);
    const limiter = new RateLimiter(this.o.http.ratePerSecond, this.o.http.rateBurst);
    await app.register(rateLimit, {
      global: false,
      max: this.o.http.rateBurst,
      store: tokenBucketStore(limiter),
      keyGenerator: (request) => request.ip,
      addHeaders: {
        'retry-after': true,
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      addHeadersOnExceeding: {
        'x-ratelimit-limit': false,
        'x-ratelimit-remaining': false,
        'x-ratelimit-reset': false,
      },
      onExceeded: () => this.limited.inc(),
      errorResponseBuilder: () =>
        new ApiError(429, 'rate-limited', 'too many requests: wait for the Retry-After seconds'),
    });
    const limit = app.rateLimit();
    app.addHook('onRequest', async (request, reply) => {
      reply.header('x-content-type-options', 'nosniff').header('referrer-policy', 'no-referrer');
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        reply.header('allow', 'GET, HEAD');
        throw new ApiError(
          405,
          'method-not-allowed',
          `${request.method} is not allowed: this API only reads`,
        );
      }
      if (request.url.length > MAX_URL) throw ApiError.badRequest('the URL is too long');
      if (!isApiPath(request.url)) return;
      reply.header('access-control-allow-origin', '*');
      // Unknown /api paths spend the budget too: the limit is per client, not per route.
      await limit.call(app, request, reply);
    });
    app.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions.config.apiPath ?? (isApiPath(request.url) ? 'api' : 'static');
      this.requests.inc({ route, status: String(reply.statusCode) });
      this.duration.observe({ route }, reply.elapsedTime / 1000);
    });
    const openApi = apiRoute({
      path: '/api/openapi.json',
      maxAgeSeconds: 3600,
      operationId: 'getOpenApi',
      summary: 'This document (OpenAPI 3.1)',
      response: OpenApiSchema,
      handle: async () => app.swagger() as unknown as Record<string, unknown>,
    });
    for (const route of [...this.o.routes, openApi]) this.addRoute(app, route);
    await registerDashboardFiles(app, this.o.web ?? defaultWebDirs());
    await app.ready();
    return app;
  }

  private addRoute(app: FastifyInstance, route: ApiRoute): void {
    const queryParams = route.query ?? {};
    app.get(
      route.path.replace(/\{(\w+)\}/g, ':$1'),
      {
        schema: routeSchema(route),
        config: { apiPath: route.path },
        preValidation: async (request) =>
          checkIntegerQuery(request.query as Record<string, unknown>, queryParams),
      },
      async (request, reply) => {
        // Validated against the route's schemas, each default applied (Ajv's useDefaults).
        const params = request.params as Record<string, string>;
        const query = request.query as Record<string, number>;
        // Only the route's own parameters make up the cache key, so unknown ones cannot bypass the cache.
        const known = new URLSearchParams();
        for (const name of Object.keys(queryParams)) known.set(name, String(query[name]));
        const key = `${request.url.split('?')[0]}?${known}`;
        const cached = await this.cache.get(key, route.maxAgeSeconds * 1000, async () =>
          JSON.stringify(await route.handle({ params, query })),
        );
        reply.header('etag', cached.etag).header('cache-control', `public, max-age=${route.maxAgeSeconds}`);
        if (request.headers['if-none-match'] === cached.etag) return reply.code(304).send();
        return reply.type(JSON_TYPE).send(cached.body);
      },
    );
  }

  private sendError(request: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
    const error = this.apiErrorOf(request, err);
    return reply
      .code(error.status)
      .type(JSON_TYPE)
      .header('cache-control', 'no-store')
      .send(JSON.stringify(error));
  }

  private apiErrorOf(request: FastifyRequest, err: unknown): ApiError {
    if (err instanceof ApiError) return err;
    const status = (err as { statusCode?: unknown }).statusCode;
    // Fastify's own refusals (a parameter its schema refuses, a malformed request): the client's fault.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return new ApiError(status, status === 404 ? 'not-found' : 'bad-request', (err as Error).message);
    }
    this.o.log.error({ err, url: request.url }, 'request failed');
    return new ApiError(500, 'internal', 'the request failed; try again later');
  }
}
