import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, createMetricsRegistry } from '@rxpool/observability';
import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OpenApiSchema } from '../api/schema/api-schema.js';
import { type ApiRoute, apiRoute, intQuery } from './api-route.js';
import { StatsHttpServer } from './http-server.js';

/** A route answering with what it was given. */
const echo = (path: string, params?: Record<string, string>): ApiRoute =>
  apiRoute({
    path,
    maxAgeSeconds: 1,
    operationId: path,
    summary: '',
    ...(params ? { params: Object.fromEntries(Object.keys(params).map((k) => [k, Type.String()])) } : {}),
    query: { limit: intQuery('', 1, 100, 20) },
    response: OpenApiSchema,
    handle: async ({ params, query }) => ({ params, query }),
  });

describe('StatsHttpServer routing (Fastify, in process)', () => {
  let web: string;
  let server: StatsHttpServer;
  let app: FastifyInstance;

  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'stats-web-pages-'));
    mkdirSync(join(web, 'js'));
    writeFileSync(join(web, 'index.html'), '<!doctype html>');
    server = new StatsHttpServer({
      http: { host: '127.0.0.1', port: 0, trustProxy: false, ratePerSecond: 1000, rateBurst: 1000 },
      routes: [
        echo('/api/blocks'),
        echo('/api/blocks/{height}/split', { height: '' }),
        echo('/api/miners/{address}', { address: '' }),
      ],
      metrics: createMetricsRegistry('stats-web-routing'),
      log: createLogger('stats-web-routing', 'silent'),
      version: '0',
      web: { pages: web, scripts: join(web, 'js') },
    });
    app = await server.ready();
  });

  afterAll(async () => {
    await server.close();
    rmSync(web, { recursive: true, force: true });
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json() as Record<string, Record<string, unknown>> };
  };

  it('matches templates segment by segment and decodes parameters', async () => {
    expect((await get('/api/blocks')).status).toBe(200);
    expect((await get('/api/blocks/12/split')).body.params).toEqual({ height: '12' });
    expect((await get('/api/miners/4abc%2Bx')).body.params).toEqual({ address: '4abc+x' });
    for (const path of ['/api/blocks/12', '/api/miners/a/b', '/api/blocksX']) {
      expect([path, await get(path)]).toEqual([
        path,
        { status: 404, body: { error: expect.objectContaining({ code: 'not-found' }) } },
      ]);
    }
  });

  it('answers a malformed escape with a bad request', async () => {
    const res = await get('/api/miners/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body.error?.code).toBe('bad-request');
  });

  it('takes the default, a number in range, and refuses anything else by name', async () => {
    expect((await get('/api/blocks')).body.query).toEqual({ limit: 20 });
    expect((await get('/api/blocks?limit=')).body.query).toEqual({ limit: 20 });
    expect((await get('/api/blocks?limit=7')).body.query).toEqual({ limit: 7 });
    for (const bad of ['0', '101', '-1', '2.5', 'x', '1e2']) {
      const res = await get(`/api/blocks?limit=${bad}`);
      expect([bad, res.status, res.body.error?.code]).toEqual([bad, 400, 'bad-request']);
      expect(res.body.error?.message).toMatch(/limit must be a whole number in 1\.\.100/);
    }
  });
});
