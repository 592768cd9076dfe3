import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NatsBus } from '@rxpool/bus';
import { loadConfig } from '@rxpool/config';
import { makeTestDir, type NatsInstance, startNats, waitFor } from '@rxpool/devstack';
import { createLogger, createMetricsRegistry, HealthRegistry } from '@rxpool/observability';
import { ServiceKitModule, startServiceContext } from '@rxpool/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MinerView, PoolStatsView, SplitView } from './api/schema/api-schema.js';
import { OpenApiSchema } from './api/schema/api-schema.js';
import { readStatsWebConfig, type StatsWebConfig } from './config.js';
import { apiRoute } from './http/api-route.js';
import { StatsHttpServer } from './http/http-server.js';
import { NetworkTip } from './network/network-tip.js';
import { StatsWebModule } from './stats-web.module.js';
import { schemaProblems } from './testing/schema-check.js';
import {
  FEE_BPS,
  MINERS,
  publishTemplate,
  type SeededPool,
  seedPool,
  TX_HASH,
  TX_KEY,
  WORKERS,
} from './testing/seed.js';
import { SERVICE_VERSION } from './version.js';

const log = createLogger('stats-web-test', 'warn');
const FINGERPRINT = 'ef'.repeat(32);

/** Hashes per second of `perMinute` difficulty every minute. */
const rate = (perMinute: bigint) => Number(perMinute) / 60;

describe('public stats API (real Postgres and nats-server)', () => {
  let pool: SeededPool;
  let nats: NatsInstance;
  let bus: NatsBus;
  let app: INestApplicationContext;
  let config: StatsWebConfig;
  let base: string;

  const get = (path: string, init?: RequestInit) => fetch(`${base}${path}`, init);
  const json = async <T>(path: string): Promise<T> => {
    const res = await get(path);
    expect(res.status, `${path}: ${res.status}`).toBe(200);
    return (await res.json()) as T;
  };

  beforeAll(async () => {
    const dir = makeTestDir('stats-api');
    [pool, nats] = await Promise.all([seedPool('stats_api'), startNats({ dir: join(dir, 'nats') })]);
    config = loadConfig(readStatsWebConfig, {
      DATABASE_URL: pool.url,
      NATS_URL: nats.url,
      NATS_NAMESPACE: 'statsapi',
      WEB_HOST: '127.0.0.1',
      WEB_PORT: '0',
      WEB_RATE_BURST: '1000',
      POOL_FEE_BASIS_POINTS: String(FEE_BPS),
      STRATUM_PUBLIC_HOST: 'pool.example',
      STRATUM_TLS_FINGERPRINT: FINGERPRINT,
    });
    const health = new HealthRegistry();
    bus = new NatsBus({ url: nats.url, namespace: 'statsapi', name: 'stats-web-test' }, health, log);
    await publishTemplate(nats.url, 'statsapi');
    await bus.connect();
    const kit = ServiceKitModule.forRoot({
      common: config.common,
      logger: log,
      bus,
      health,
      serveHealth: false,
    });
    app = await startServiceContext(StatsWebModule.forRoot(kit, config), log);
    base = `http://127.0.0.1:${app.get(StatsHttpServer).port}`;
    // The template arrives through the ordered consumer shortly after start (stats are cached for 10 s).
    const network = app.get(NetworkTip);
    await waitFor('the network tip', async () => network.current() !== undefined, 10_000, 50);
  });

  afterAll(async () => {
    await app?.close();
    await bus?.close();
    await nats?.stop();
    await pool?.drop();
  });

  it('pool stats: hashrate windows, active miners, network, blocks, fee and scheme', async () => {
    const stats = await json<PoolStatsView>('/api/stats');
    const total = WORKERS.reduce((sum, w) => sum + w.perMinute, 0n);
    expect(stats.hashrate['10m']).toBeCloseTo(rate(total), 6);
    expect(stats.hashrate['1h']).toBeCloseTo(rate(total), 6);
    // Three hours of history over a 24-hour window.
    expect(stats.hashrate['24h']).toBeCloseTo((rate(total) * 3) / 24, 6);
    expect({ miners: stats.miners, workers: stats.workers }).toEqual({ miners: 2, workers: 3 });
    expect(stats.network).toMatchObject({ height: 141, difficulty: '360000000000', hashrate: 3_000_000_000 });
    expect(stats.blocks).toMatchObject({
      found: 3,
      pending: 1,
      unlocked: 1,
      orphaned: 1,
      lastHeight: 130,
      lastFoundAt: pool.minute - 20 * 60_000,
    });
    expect(stats.latestBlocks.map((b) => [b.height, b.status])).toEqual([
      [130, 'pending'],
      [100, 'unlocked'],
      [90, 'orphaned'],
    ]);
    expect(stats.pool).toMatchObject({
      fee: { basisPoints: 100, percent: 1 },
      defaultScheme: 'pplns',
      pplnsK: '2',
    });
    expect(stats.paid).toBe(String(pool.payout.amount));
  });

  it('answers with cache headers and ETags, and 304 for a matching If-None-Match', async () => {
    const first = await get('/api/blocks');
    expect(first.headers.get('cache-control')).toBe('public, max-age=30');
    expect(first.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first.headers.get('access-control-allow-origin')).toBe('*');
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await get('/api/blocks', { headers: { 'if-none-match': etag ?? '' } });
    expect(again.status).toBe(304);
    expect((await get('/api/stats')).headers.get('cache-control')).toBe('public, max-age=10');
  });

  it("the pool's hashrate chart: 10-minute buckets over the hours asked", async () => {
    const chart = await json<{
      bucketSeconds: number;
      series: Array<{ worker: string; points: [number, number][] }>;
    }>('/api/stats/hashrate?hours=2');
    expect(chart.bucketSeconds).toBe(600);
    expect(chart.series).toHaveLength(1);
    const points = chart.series[0]!.points;
    expect(points).toHaveLength(12);
    const total = rate(WORKERS.reduce((sum, w) => sum + w.perMinute, 0n));
    // Three hours of history: every bucket of the two hours is full.
    for (const [, h] of points) expect(h).toBeCloseTo(total, 3);
  });

  it('a miner: balance, paid, hashrate per worker with chart, payments with tx hash and key, its share of each block', async () => {
    const m = await json<MinerView>(`/api/miners/${MINERS.alice}`);
    const credit = (594_000_000_000n * 3n) / 4n;
    expect(m.balance).toBe(String(credit - pool.payout.amount - pool.payout.fee));
    expect(m.paid).toBe(String(pool.payout.amount));
    expect(m.hashrate['10m']).toBeCloseTo(rate(900_000n), 6);
    expect(m.workers.map((w) => [w.worker, Math.round(w.hashrate['10m'])])).toEqual([
      ['rig1', 10_000],
      ['rig2', 5_000],
    ]);
    expect(m.chart.series.map((s) => [s.worker, s.points.length])).toEqual([
      ['rig1', 144],
      ['rig2', 144],
    ]);
    expect(m.payments).toEqual([
      expect.objectContaining({
        amount: String(pool.payout.amount),
        status: 'confirmed',
        txHash: TX_HASH,
        txKey: TX_KEY,
      }),
    ]);
    expect(m.blocks.map((b) => [b.height, b.status, b.credited, b.sharePercent, b.digest])).toEqual([
      [130, 'pending', false, 75, pool.digests[130]],
      [100, 'unlocked', true, 75, pool.digests[100]],
    ]);
    expect(m.blocks[1]).toMatchObject({ weight: '3600', windowTotal: '4800', amount: String(credit) });
  });

  it('a block split: the canonical text hashes to the stored digest and holds each line', async () => {
    const s = await json<SplitView>('/api/blocks/100/split');
    expect(s.digestVerified).toBe(true);
    expect(s.digest).toBe(pool.digests[100]);
    expect(createHash('sha256').update(s.canonicalText).digest('hex')).toBe(s.digest);
    // Miners then fee recipients, each in code point order of the account.
    const [first, second] = [MINERS.alice, MINERS.bob].sort();
    expect(s.entries.map((e) => [e.role, e.account])).toEqual([
      ['miner', first],
      ['miner', second],
      ['fee', MINERS.operator],
    ]);
    expect(s.canonicalText).toContain(`\nminer ${MINERS.alice} 3600 ${(594_000_000_000n * 3n) / 4n}\n`);
  });

  it('blocks and payments lists leave out candidates and unsent payouts; paging by height', async () => {
    const blocks = await json<{ blocks: Array<{ height: number }> }>('/api/blocks?limit=2');
    expect(blocks.blocks.map((b) => b.height)).toEqual([130, 100]);
    const older = await json<{ blocks: Array<{ height: number }> }>('/api/blocks?before=100');
    expect(older.blocks.map((b) => b.height)).toEqual([90]);
    const payments = await json<{ payments: Array<{ txHash: string; payees: number }> }>('/api/payments');
    expect(payments.payments).toEqual([
      expect.objectContaining({ txHash: TX_HASH, payees: 1, status: 'confirmed' }),
    ]);
  });

  it('connect facts: host, ports, fingerprint and XMRig lines', async () => {
    const c = await json<{ xmrig: { plain: string; tls: string }; tlsFingerprint: string }>('/api/connect');
    expect(c.tlsFingerprint).toBe(FINGERPRINT);
    expect(c.xmrig.plain).toBe(
      'xmrig -o pool.example:3333 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero',
    );
    expect(c.xmrig.tls).toContain(
      `-o pool.example:3334 -u YOUR_MONERO_ADDRESS -p WORKER_NAME --coin monero --tls --tls-fingerprint ${FINGERPRINT}`,
    );
  });

  it('answers bad input with JSON errors', async () => {
    const cases: Array<[string, number, string, RequestInit?]> = [
      ['/api/miners/not-an-address', 400, 'bad-request'],
      [`/api/miners/${MINERS.nobody}`, 404, 'not-found'],
      ['/api/blocks?limit=0', 400, 'bad-request'],
      ['/api/blocks/999/split', 404, 'not-found'],
      ['/api/blocks/140/split', 404, 'not-found'],
      ['/api/blocks/abc/split', 400, 'bad-request'],
      ['/api/nothing', 404, 'not-found'],
      ['/nothing.html', 404, 'not-found'],
      ['/api/stats', 405, 'method-not-allowed', { method: 'POST' }],
    ];
    for (const [path, status, code, init] of cases) {
      const res = await get(path, init);
      expect([path, res.status]).toEqual([path, status]);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(code);
    }
  });

  it('every answer matches its schema in the OpenAPI document, which lists every route', async () => {
    const doc = await json<{
      openapi: string;
      paths: Record<
        string,
        {
          get: {
            responses: Record<
              string,
              { content: { 'application/json': { schema: Record<string, unknown> } } }
            >;
          };
        }
      >;
      components: { schemas: Record<string, Record<string, unknown>> };
    }>('/api/openapi.json');
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [
        '/api/stats',
        '/api/stats/hashrate',
        '/api/blocks',
        '/api/blocks/{height}/split',
        '/api/payments',
        '/api/miners/{miner}',
        '/api/connect',
        '/api/openapi.json',
      ].sort(),
    );
    const samples: Record<string, string> = {
      '/api/blocks/{height}/split': '/api/blocks/100/split',
      '/api/miners/{miner}': `/api/miners/${MINERS.alice}`,
    };
    for (const [path, item] of Object.entries(doc.paths)) {
      const schema = item.get.responses['200']!.content['application/json'].schema;
      const body = await json<unknown>(samples[path] ?? path);
      expect([path, schemaProblems(body, schema, doc.components.schemas)]).toEqual([path, []]);
    }
  });

  it('serves the dashboard pages with a content security policy, outside the API budget', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('/js/home.js');
    expect((await get('/js/home.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await get(`/miner?address=${MINERS.alice}`)).status).toBe(200);
    expect((await get('/connect.html')).status).toBe(200);
  });

  it('limits each client: 429 with Retry-After once its burst is spent, pages still served', async () => {
    const tight = new StatsHttpServer({
      http: { ...config.http, port: 0, ratePerSecond: 0.5, rateBurst: 3 },
      routes: [
        apiRoute({
          path: '/api/ping',
          maxAgeSeconds: 1,
          operationId: 'ping',
          summary: '',
          response: OpenApiSchema,
          handle: async () => ({}),
        }),
      ],
      metrics: createMetricsRegistry('stats-web-limit'),
      log,
      version: SERVICE_VERSION,
    });
    const url = `http://127.0.0.1:${await tight.listen()}`;
    try {
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await fetch(`${url}/api/ping`)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await fetch(`${url}/api/ping`);
      expect(limited.headers.get('retry-after')).toBe('2');
      expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate-limited');
      expect((await fetch(`${url}/`)).status).toBe(200);
    } finally {
      await tight.close();
    }
  });
});
