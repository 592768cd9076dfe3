/**
 * The whole pool (two gateways, two validators) on a three-node NATS cluster, every
 * stream and bucket at 3 replicas, four test miners hashing real RandomX: kill -9 of the
 * node leading the SHARES stream, in three rounds (the killed node is started again and
 * caught up before the next). Every share a miner was told OK is in the database exactly
 * once; the miners hear nothing but "Server busy, retry" meanwhile; the election and the
 * time until every miner has an OK again go to test/results/nats-cluster.md.
 * Long: `npm run test:full`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NatsCluster } from '@rxpool/devstack';
import { messageNames } from '@rxpool/messages';
import { RandomXHasherSource } from '@rxpool/stratum-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../tools/service-harness.js';
import type { HonestMiner } from './support/honest-miner.js';
import { longestGap } from './support/ok-gaps.js';
import { exited, waitMinersAccepted } from './support/pool-health.js';
import type { PoolUnderTest } from './support/pool-under-test.js';
import { seconds, table, writeScenario } from './support/results-summary.js';
import { settledAudit } from './support/share-audit.js';
import { fourMiners, startSteadyPool } from './support/steady-mining.js';

const ROUNDS = 3;
const NODES = 3;
const RESULTS = join(repoRoot, 'test', 'results', 'nats-cluster.md');
const BUSY = 'Server busy, retry';

interface Round {
  killed: string;
  elected: string;
  /** Kill → a running node leads the stream. */
  electionMs: number;
  /** Kill → every miner had an OK for a share it sent after the kill. */
  minersMs: number;
  longestGapMs: number;
  /** OKs and rejections the miners got from the kill until every miner had an OK again. */
  okDuring: number;
  rejected: Record<string, number>;
  /** Service processes whose NATS connection moved to another server. */
  moved: string[];
  missing: number;
  duplicated: number;
  /** Restart of the killed node → it holds current replicas again. */
  caughtUpMs: number;
}

describe('NATS cluster: kill -9 of the SHARES stream leader while miners mine', () => {
  let pool: PoolUnderTest;
  let miners: HonestMiner[] = [];
  const hashers = new RandomXHasherSource({ mode: 'light', threads: 2 });
  const rounds: Round[] = [];
  const stream = messageNames().streams.shares;

  beforeAll(async () => {
    pool = await startSteadyPool({
      label: 'nats-cluster',
      blockDifficulty: 1500,
      shareDifficulty: 10,
      natsCluster: NODES,
    });
    miners = fourMiners(pool, hashers);
    await waitMinersAccepted(miners, Date.now(), 300_000);
  });

  afterAll(async () => {
    await Promise.all(miners.map((m) => m.stop()));
    hashers.close();
    if (rounds.length > 0 && pool) await report(pool, miners, rounds);
    await pool?.stop();
  });

  const cluster = (): NatsCluster => {
    const c = pool.parts.natsCluster;
    if (!c) throw new Error('the pool runs no NATS cluster');
    return c;
  };

  for (let round = 1; round <= ROUNDS; round++) {
    it(`round ${round}: kill -9 of the leader, election, every miner OK again`, async () => {
      const c = cluster();
      await waitMinersAccepted(miners, Date.now() - 1_000, 180_000);
      const leader = await c.waitStreamLeader(stream);
      const t0 = Date.now();
      await c.kill(leader);
      const [elected, minersAt] = await Promise.all([
        c.waitStreamLeader(stream, 120_000).then((i) => ({ i, at: Date.now() })),
        waitMinersAccepted(miners, t0, 300_000),
      ]);
      const audit = await settledAudit(pool, miners, 300_000);
      const during = miners.flatMap((m) =>
        m.records.filter((r) => r.repliedAt >= t0 && r.repliedAt <= minersAt),
      );
      const rejected: Record<string, number> = {};
      for (const r of during) if (!r.accepted) rejected[r.error ?? '?'] = (rejected[r.error ?? '?'] ?? 0) + 1;
      const restartedAt = Date.now();
      await c.restart(leader);
      await c.waitHealthy(leader, 120_000);
      const result: Round = {
        killed: c.nodes[leader]?.name ?? '?',
        elected: c.nodes[elected.i]?.name ?? '?',
        electionMs: elected.at - t0,
        minersMs: minersAt - t0,
        longestGapMs: Math.max(...miners.map((m) => longestGap(m, t0, minersAt))),
        okDuring: during.filter((r) => r.accepted).length,
        rejected,
        moved: reconnectedSince(pool, t0),
        missing: audit.missing.length,
        duplicated: audit.duplicated.length,
        caughtUpMs: Date.now() - restartedAt,
      };
      rounds.push(result);
      process.stdout.write(`nats-cluster round ${round}: ${JSON.stringify(result)}\n`);
      expect(elected.i).not.toBe(leader);
      expect(audit.missing).toEqual([]);
      expect(audit.duplicated).toEqual([]);
      expect(Object.keys(rejected).filter((m) => !m.startsWith(BUSY))).toEqual([]);
      expect(exited(pool)).toEqual([]);
    });
  }
});

/** Service instances that logged "nats reconnected" since `t` (their server was the killed one). */
function reconnectedSince(pool: PoolUnderTest, t: number): string[] {
  return pool.pool.serviceNames.filter((name) => {
    const file = join(pool.logDir, `${name}.log`);
    if (!existsSync(file)) return false;
    return readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"nats reconnected"'))
      .some((line) => Date.parse((JSON.parse(line) as { time: string }).time) >= t);
  });
}

/** "nats-server v2.9.10", as the binary says. */
const natsVersion = () =>
  execFileSync('nats-server', ['--version'], { encoding: 'utf8' }).trim().replace(': ', ' ');

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
const spread = (xs: readonly number[]) => `${seconds(Math.min(...xs))}–${seconds(Math.max(...xs))}`;

async function report(pool: PoolUnderTest, miners: readonly HonestMiner[], rounds: readonly Round[]) {
  // Every reply is in now: rows without an OK are those whose answer the miner never got.
  const final = await settledAudit(pool, miners, 120_000);
  if (!existsSync(RESULTS)) {
    writeFileSync(
      RESULTS,
      '# A NATS cluster that loses nothing: measured figures\n\nWritten by `test/e2e/nats-cluster.full.e2e.test.ts` (`npm run test:full`); the date says when.\n',
    );
  }
  const okAgain = rounds.map((r) => r.minersMs);
  const elections = rounds.map((r) => r.electionMs);
  writeScenario(
    'nats-cluster',
    'kill -9 of the JetStream stream leader of a three-node cluster while miners mine',
    [
      `Pool: 2 gateways, 2 validators (light mode), job-manager, accounting, stats-web on three clustered nats-servers (${natsVersion()}, JetStream file store, every stream and KV bucket at 3 replicas, NATS_URL naming all three); four test miners (two per gateway) hashing real RandomX (light mode), a share every ~3 s each. Each round kills -9 the node leading the SHARES stream (found from the monitoring endpoint), waits until every miner has an OK again, then restarts the node and waits until it is caught up. Times count from the kill. "Election": a running node leads the stream. "Every miner OK again": each miner had a share accepted that it sent after the kill. "Longest wait for an OK": the longest any miner went without one. "Moved": services whose NATS connection was on the killed node and reconnected to another.`,
      '',
      table(
        [
          'round',
          'killed leader',
          'new leader',
          'election',
          'every miner OK again',
          'longest wait for an OK',
          'OK during',
          'rejected during',
          'services moved',
          'OK missing / duplicated',
          'node back and caught up',
        ],
        rounds.map((r, i) => [
          i + 1,
          r.killed,
          r.elected,
          seconds(r.electionMs),
          seconds(r.minersMs),
          seconds(r.longestGapMs),
          r.okDuring,
          Object.entries(r.rejected)
            .map(([m, n]) => `${n} "${m}"`)
            .join(', ') || '0',
          r.moved.join(', ') || 'none',
          `${r.missing} / ${r.duplicated}`,
          seconds(r.caughtUpMs),
        ]),
      ),
      '',
      `Every miner OK again: median ${seconds(median(okAgain))} (${spread(okAgain)}) over ${rounds.length} rounds; election: median ${seconds(median(elections))} (${spread(elections)}).`,
      `Shares told OK over the run: ${final.okd}, in the database exactly once: ${final.stored} (missing ${final.missing.length}, duplicated ${final.duplicated.length}); rows without an OK: ${final.unconfirmedRows} (a share stored whose answer the miner did not get as OK, e.g. answered busy after its publish timed out but was stored; stored once, credited once).`,
    ].join('\n'),
    RESULTS,
  );
}
