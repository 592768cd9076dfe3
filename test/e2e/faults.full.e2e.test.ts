/**
 * Faults during steady mining, on the whole pool as `npm run pool` runs it
 * (two gateways, two validators) with four test miners hashing real RandomX:
 * kill -9 of each service in turn (restarted at once, as a supervisor
 * would), of nats-server and of Postgres (both restarted on the same data),
 * and monerod stopped for 60 s. After each: every share a miner was told OK
 * is in the database exactly once, the miners are connected and mining
 * again, and the recovery times are printed and written to the summary.
 * Long: `npm run test:full`.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, makeTestDir, type PostgresInstance, startPostgres, waitFor } from '@rxpool/devstack';
import { RandomXHasherSource } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HonestMiner } from './support/honest-miner.js';
import { longestGap } from './support/ok-gaps.js';
import { exited, waitAllReady, waitMinersAccepted } from './support/pool-health.js';
import type { PoolUnderTest } from './support/pool-under-test.js';
import { seconds, table, writeScenario } from './support/results-summary.js';
import { settledAudit } from './support/share-audit.js';
import { fourMiners, startSteadyPool } from './support/steady-mining.js';

/** A block every minute or two at the miners' light-mode rate: blocks happen during the faults too. */
const BLOCK_DIFFICULTY = 1500;
const SHARE_DIFFICULTY = 10;
const MONEROD_DOWN_MS = 60_000;

interface FaultResult {
  fault: string;
  /** Fault → the part running again (process started). */
  downMs: number;
  /** Fault → every service ready. */
  readyMs: number;
  /** Fault → every miner had a share accepted that it sent after the part was back. */
  minersMs: number;
  /** Fault → every share told OK so far found in the database. */
  dbMs: number;
  /** Longest wait of any miner between two OKs, around the fault. */
  longestGapMs: number;
  reconnects: number;
  okDuring: number;
  /** Rejections the miners got meanwhile, by message. */
  rejected: Record<string, number>;
  missing: number;
  duplicated: number;
  /** When the fault began. */
  at: number;
  /** Rows stored from this fault until the next whose OK never reached a miner (counted at the end). */
  unconfirmed: number;
}

describe('faults during steady mining', () => {
  let dir: string;
  let postgres: PostgresInstance;
  let pool: PoolUnderTest;
  let miners: HonestMiner[] = [];
  const hashers = new RandomXHasherSource({ mode: 'light', threads: 2 });
  const results: FaultResult[] = [];
  const unexpectedExits: string[] = [];

  beforeAll(async () => {
    dir = makeTestDir('faults-postgres');
    // A private cluster: this suite kills it.
    postgres = await startPostgres({ dir, port: await freePort() });
    pool = await startSteadyPool({
      label: 'faults',
      blockDifficulty: BLOCK_DIFFICULTY,
      shareDifficulty: SHARE_DIFFICULTY,
      postgresUrl: postgres.url,
    });
    miners = fourMiners(pool, hashers);
    await waitMinersAccepted(miners, Date.now(), 300_000);
  });

  afterAll(async () => {
    await Promise.all(miners.map((m) => m.stop()));
    hashers.close();
    // Every reply is in now: rows without an OK are those whose answer was lost.
    const final = results.length > 0 ? await settledAudit(pool, miners, 120_000) : undefined;
    results.forEach((r, i) => {
      const until = results[i + 1]?.at ?? Number.POSITIVE_INFINITY;
      r.unconfirmed = final?.unconfirmedAt.filter((t) => t >= r.at && t < until).length ?? 0;
    });
    if (results.length > 0) {
      writeScenario(
        'faults',
        'Faults during steady mining: recovery',
        [
          'Pool: 2 gateways, 2 validators, job-manager, accounting, stats-web, nats-server, a private Postgres, regtest monerod; four test miners (two per gateway) hashing real RandomX (light mode). Each fault comes during steady mining; a killed service is started again at once, as a supervisor would; nats-server and Postgres restart on their data. Times count from the fault. "Part back": the process runs again (a service: reports ready). "Every miner OK again": each miner had a share accepted that it sent after the part was back. "Longest wait for an OK": the longest time any miner went without an accepted share, from the fault to then (a share every ~3 s per miner when all is well). "DB caught up": every share told OK so far is in the database, exactly once.',
          '',
          table(
            [
              'fault',
              'part back',
              'all services ready',
              'every miner OK again',
              'longest wait for an OK',
              'DB caught up',
              'reconnects',
              'OK during',
              'rejected during',
              'OK missing / duplicated',
              'rows without OK',
            ],
            results.map((r) => [
              r.fault,
              seconds(r.downMs),
              seconds(r.readyMs),
              seconds(r.minersMs),
              seconds(r.longestGapMs),
              seconds(r.dbMs),
              r.reconnects,
              r.okDuring,
              Object.entries(r.rejected)
                .map(([m, n]) => `${n} "${m}"`)
                .join(', ') || '0',
              `${r.missing} / ${r.duplicated}`,
              r.unconfirmed,
            ]),
          ),
          '',
          `Shares told OK over the whole suite: ${final?.okd}, in the database exactly once: ${final?.stored} (missing ${final?.missing.length}, duplicated ${final?.duplicated.length}); rows without an OK: ${final?.unconfirmedRows}. Unexpected service exits: ${unexpectedExits.length === 0 ? 'none' : unexpectedExits.join(', ')}.`,
          '"Rows without OK": shares stored from that fault until the next whose OK never reached the miner (the answer was lost with its gateway, or came after the 30 s the miner waits for it); stored once, credited once.',
        ].join('\n'),
      );
    }
    await pool?.stop();
    if (postgres) await postgres.stop();
  });

  /**
   * Runs one fault: `inject` breaks a part and brings it back, resolving when
   * it runs again. Then waits for the pool to be whole and audits the shares.
   */
  async function fault(name: string, inject: () => Promise<void>): Promise<FaultResult> {
    // Steady: every miner has just had a share accepted.
    await waitMinersAccepted(miners, Date.now() - 1_000, 180_000);
    const okBefore = miners.reduce((a, m) => a + m.ok.size, 0);
    const loginsBefore = miners.reduce((a, m) => a + m.logins.length, 0);
    const t0 = Date.now();
    await inject();
    const backAt = Date.now();
    const [readyAt, minersAt, dbAt] = await Promise.all([
      waitAllReady(pool, 300_000),
      waitMinersAccepted(miners, backAt, 300_000),
      settledAudit(pool, miners, 300_000).then((a) => (a.missing.length === 0 ? Date.now() : Number.NaN)),
    ]);
    // Once more now that every miner is back: all shares told OK so far.
    const audit = await settledAudit(pool, miners, 300_000);
    const during = miners.flatMap((m) =>
      m.records.filter((r) => r.repliedAt >= t0 && r.repliedAt <= minersAt),
    );
    const rejected: Record<string, number> = {};
    for (const r of during) if (!r.accepted) rejected[r.error ?? '?'] = (rejected[r.error ?? '?'] ?? 0) + 1;
    const result: FaultResult = {
      fault: name,
      downMs: backAt - t0,
      readyMs: readyAt - t0,
      minersMs: minersAt - t0,
      dbMs: dbAt - t0,
      longestGapMs: Math.max(...miners.map((m) => longestGap(m, t0, minersAt))),
      reconnects: miners.reduce((a, m) => a + m.logins.length, 0) - loginsBefore,
      rejected,
      okDuring: miners.reduce((a, m) => a + m.ok.size, 0) - okBefore,
      missing: audit.missing.length,
      duplicated: audit.duplicated.length,
      at: t0,
      unconfirmed: 0,
    };
    results.push(result);
    process.stdout.write(`fault ${name}: ${JSON.stringify(result)}\n`);
    unexpectedExits.push(...exited(pool).map((n) => `${n} after ${name}`));
    expect(audit.missing).toEqual([]);
    expect(audit.duplicated).toEqual([]);
    expect(exited(pool)).toEqual([]);
    return result;
  }

  const killAndRestart = (service: string) => async () => {
    await pool.pool.killService(service);
    await pool.pool.restartService(service, 300_000);
  };

  for (const service of [
    'job-manager',
    'accounting',
    'share-validator-1',
    'share-validator-2',
    'stratum-gateway-1',
    'stratum-gateway-2',
    'stats-web',
  ]) {
    it(`kill -9 ${service}`, async () => {
      const logins = miners.map((m) => m.logins.length);
      const r = await fault(`kill -9 ${service}`, killAndRestart(service));
      if (service.startsWith('stratum-gateway')) {
        // Its two miners lost their connection and logged in again.
        const i = service.endsWith('1') ? [0, 1] : [2, 3];
        for (const k of i) expect(miners[k]?.logins.length).toBeGreaterThan(logins[k] ?? 0);
        expect(r.reconnects).toBeGreaterThanOrEqual(2);
      }
    });
  }

  it('kill -9 nats-server', async () => {
    await fault('kill -9 nats-server', async () => {
      await pool.parts.nats.kill();
      await pool.parts.nats.restart();
    });
  });

  it('kill -9 Postgres', async () => {
    await fault('kill -9 Postgres', async () => {
      await postgres.kill();
      await postgres.restart();
    });
  });

  it(`monerod stopped for ${MONEROD_DOWN_MS / 1000} s`, async () => {
    let restartedAt = 0;
    await fault(`monerod stopped ${MONEROD_DOWN_MS / 1000} s`, async () => {
      await pool.monerod.stop();
      await sleep(MONEROD_DOWN_MS);
      await pool.monerod.restart();
      restartedAt = Date.now();
    });
    // The job-manager follows the chain again: every miner gets a new job.
    await waitFor(
      'a new job for every miner after monerod came back',
      async () => miners.every((m) => m.jobs.some((j) => j.at > restartedAt)),
      120_000,
      500,
    );
  });
});
