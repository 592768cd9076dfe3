/**
 * The public stats API under load, on a day of a mid-size pool.
 *
 * Run: npx tsx bench/stats-web/api.bench.ts [--miners 300] [--seconds 5] [--concurrency 32]
 *      (from the repository root, after `npm run build:ts`). Writes bench/results/web.json.
 *
 * Seeds a fresh database: --miners miners with two workers each, 24 hours of per-minute
 * sums for every worker (share_minutes and pool_minutes, as accounting keeps them),
 * 200 blocks each split over every miner (entries and ledger credits), 100 payout
 * transactions of 15 payees. Then:
 * - web-stats-ms, web-miner-ms, web-chart-ms, web-split-ms: time to compute an answer
 *   (no cache) through the service's own StatsService, median of 5;
 * - web-cached-rps: GET /api/stats per second through the service's HTTP server (the
 *   answer cached, ETag, rate limit on), --concurrency keep-alive requests in flight;
 * - web-cached-vs-bare: that ÷ a bare node:http server answering the same bytes, same client.
 * Postgres, the server and the client share the same 2 cores.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import path from 'node:path';
import { encodeAddress } from '@rxpool/cryptonote';
import { createDb, HashrateRepository, migrateToLatest, PoolReadRepository } from '@rxpool/db';
import { createDatabase, dropDatabase, ensurePostgres, makeTestDir } from '@rxpool/devstack';
import { createLogger, createMetricsRegistry } from '@rxpool/observability';
import { sql } from 'kysely';
import { apiRoutes } from '../../services/stats-web/src/api/api-routes.js';
import { PublicReadRepository } from '../../services/stats-web/src/api/public-read.repository.js';
import { StatsService } from '../../services/stats-web/src/api/stats.service.js';
import { StatsHttpServer } from '../../services/stats-web/src/http/http-server.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MINERS = arg('miners', 300);
const SECONDS = arg('seconds', 5);
const CONCURRENCY = arg('concurrency', 32);
const BLOCKS = 200;
const say = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

/** The miner looked up: a real address (lookups check the format). */
const LOOKUP = encodeAddress({
  network: 'mainnet',
  kind: 'standard',
  spendKey: new Uint8Array(32).fill(1),
  viewKey: new Uint8Array(32).fill(2),
});

/** An address per miner; miner 1 is the one looked up. */
function minerAddress(m: number): string {
  if (m === 1) return LOOKUP;
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
  let tail = '';
  for (let i = 0, x = m + 1; i < 6; i++, x = Math.floor(x / 58)) tail += alphabet[x % 58];
  return `4${'C'.repeat(88)}${tail}`;
}

async function median(runs: number, f: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? 0;
}

/** Requests per second of GET `url`, `CONCURRENCY` in flight, for `SECONDS`. */
async function throughput(url: string): Promise<number> {
  let done = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (performance.now() < until) {
        const res = await fetch(url);
        if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
        await res.arrayBuffer();
        done++;
      }
    }),
  );
  return done / SECONDS;
}

const root = path.resolve(import.meta.dirname, '..', '..');
const dir = makeTestDir('bench-web');
const pg = await ensurePostgres({ dir: path.join(dir, 'postgres') });
const url = await createDatabase(pg.url, 'bench_web');
const database = createDb(url, { max: 6 });
try {
  await migrateToLatest(database.db);
  const db = database.db;
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  say(`seeding ${MINERS} miners, ${2 * MINERS} workers, 24 h of minutes, ${BLOCKS} blocks, 100 payouts…`);
  const t = performance.now();
  await sql`
    INSERT INTO workers (miner, worker)
    SELECT m, w FROM unnest(${Array.from({ length: MINERS }, (_, i) => minerAddress(i))}::text[]) AS m,
      unnest(ARRAY['rig1', 'rig2']) AS w`.execute(db);
  await sql`
    INSERT INTO share_minutes (minute, worker_id, scheme, shares, difficulty)
    SELECT ${now}::bigint - g * 60000, w.id, 'pplns', 6, 100000 + (w.id * 7919 + g * 104729) % 50000
    FROM workers w, generate_series(0, 1439) AS g`.execute(db);
  await sql`
    INSERT INTO pool_minutes (minute, scheme, shares, difficulty)
    SELECT minute, scheme, sum(shares), sum(difficulty) FROM share_minutes GROUP BY 1, 2`.execute(db);
  await sql`UPDATE share_rollup SET watermark = ${now + 60_000}`.execute(db);
  await sql`
    INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, hash, reward, network_difficulty,
      found_at, confirmations)
    SELECT 'c' || h, h, 'unlocked', 'pplns', ${minerAddress(0)}, 'rig1', lpad(to_hex(h), 64, 'c'), 600000000000,
      360000000000, ${now}::bigint - (${BLOCKS} - h) * 120000, 60
    FROM generate_series(1, ${BLOCKS}) AS h`.execute(db);
  await sql`
    INSERT INTO block_splits (block_id, height, block_hash, scheme, reward, fee_bps, fee, window_size,
      window_total, window_shares, window_edge_counted, digest)
    SELECT id, height, hash, 'pplns', 600000000000, 0, 0, 720000000000, 720000000000, 100000, 1,
      encode(sha256(hash::bytea), 'hex') FROM blocks`.execute(db);
  await sql`
    INSERT INTO block_split_entries (block_id, role, account, weight, amount)
    SELECT b.id, 'miner', m.miner, 2400000000, 600000000000 / ${MINERS}
    FROM blocks b, (SELECT DISTINCT miner FROM workers) m`.execute(db);
  await sql`
    INSERT INTO ledger_entries (account, amount, kind, block_id)
    SELECT account, amount, 'block_reward', block_id FROM block_split_entries`.execute(db);
  await sql`
    WITH b AS (
      INSERT INTO payout_batches (status, tx_hash, tx_key, fee)
      SELECT 'confirmed', lpad(to_hex(g), 64, 'a'), lpad(to_hex(g), 64, 'b'), 1500000 FROM generate_series(1, 100) g
      RETURNING id
    )
    INSERT INTO payout_payments (batch_id, account, address, planned_amount, amount, fee)
    SELECT b.id, m.miner, m.miner, 100000100000, 100000000000, 100000
    FROM b, LATERAL (SELECT DISTINCT miner FROM workers ORDER BY miner LIMIT 15 OFFSET (b.id % 20) * 15) m`.execute(
    db,
  );
  await sql`ANALYZE`.execute(db);
  say(`seeded in ${fmt((performance.now() - t) / 1000)} s`);

  const stats = new StatsService({
    reads: new PoolReadRepository(db),
    hashrate: new HashrateRepository(db),
    publicReads: new PublicReadRepository(db),
    // No NATS here: the network tip is not what is measured.
    network: { current: () => undefined },
    pool: {
      name: 'bench',
      feeBasisPoints: 0,
      defaultScheme: 'pplns',
      pplnsK: '2',
      payoutThreshold: 1n,
      unlockDepth: 60,
    },
    stratum: { host: '127.0.0.1', ports: [3333], tlsPorts: [3334], tlsFingerprint: '' },
    moneroNetwork: 'mainnet',
  });
  const figures: Record<string, { value: number; unit: string; how: string }> = {};
  const timed = async (key: string, what: string, f: () => Promise<unknown>) => {
    const ms = await median(5, f);
    figures[key] = {
      value: Math.round(ms * 10) / 10,
      unit: 'ms',
      how: `${what}, uncached, median of 5; ${MINERS * 2} workers × 24 h of minutes`,
    };
    say(`${key}: ${ms.toFixed(1)} ms`);
  };
  await timed(
    'web-stats-ms',
    'GET /api/stats computed (hashrate windows from pool_minutes, activity, blocks, paid)',
    () => stats.poolStats(),
  );
  await timed(
    'web-miner-ms',
    'GET /api/miners/{address} computed (balance, workers, 24 h chart, payments, 20 block shares)',
    () => stats.miner(LOOKUP, 20),
  );
  await timed('web-chart-ms', 'GET /api/stats/hashrate computed (24 h, 144 buckets from pool_minutes)', () =>
    stats.poolChart(24),
  );
  await timed(
    'web-split-ms',
    `GET /api/blocks/{height}/split computed (${MINERS} entries, canonical text rebuilt and hashed)`,
    () => stats.blockSplit(BLOCKS, undefined),
  );

  const log = createLogger('bench-web', 'warn');
  const server = new StatsHttpServer({
    http: { host: '127.0.0.1', port: 0, trustProxy: false, ratePerSecond: 1e9, rateBurst: 1e9 },
    routes: apiRoutes(stats),
    metrics: createMetricsRegistry('bench-web'),
    log,
    version: '0',
  });
  const port = await server.listen();
  const body = await (await fetch(`http://127.0.0.1:${port}/api/stats`)).text();
  const bare = createServer((_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const barePort = (bare.address() as AddressInfo).port;
  say(`HTTP: ${CONCURRENCY} in flight for ${SECONDS} s each…`);
  const cached = await throughput(`http://127.0.0.1:${port}/api/stats`);
  const baseline = await throughput(`http://127.0.0.1:${barePort}/`);
  await server.close();
  bare.close();
  figures['web-cached-rps'] = {
    value: Math.round(cached),
    unit: 'requests/s',
    how: `GET /api/stats (${fmt(body.length)} bytes) through the service's HTTP server: cached answer, ETag, rate limit, metrics; ${CONCURRENCY} keep-alive requests in flight from fetch in the same process, ${SECONDS} s`,
  };
  figures['web-cached-vs-bare'] = {
    value: Math.round((cached / baseline) * 1000) / 1000,
    unit: 'ratio',
    how: `web-cached-rps ÷ a bare node:http server answering the same bytes with the same client (${fmt(baseline)} requests/s), same run`,
  };
  say(`web-cached-rps: ${fmt(cached)} requests/s (bare node:http: ${fmt(baseline)})`);

  // The machine is shared: say how busy it was.
  const load = loadavg()[0]?.toFixed(1) ?? '?';
  for (const f of Object.values(figures)) f.how += `; 1-min load average ${load} on 2 cores at the end`;
  const out = path.join(root, 'bench', 'results');
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'web.json'), `${JSON.stringify(figures, null, 2)}\n`);
  say(`wrote ${path.join(out, 'web.json')}`);
} finally {
  await database.close();
  await dropDatabase(pg.url, url);
  await pg.stop();
}
