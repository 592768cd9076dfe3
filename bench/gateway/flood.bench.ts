/**
 * P10: one address opening 10,000 silent TLS connections must not stop an honest miner
 * from logging in and getting shares accepted. The figure is the honest miner's submit
 * p99 during that flood divided by its p99 without it (goal ≤ 2), beside the gateway's
 * open descriptors (/proc/<pid>/fd) during the flood.
 *
 * Run: npx tsx bench/gateway/flood.bench.ts      (from the repository root)
 * Env: P10_CONNECTIONS (10000), P10_RATE (10 shares/s), P10_SECONDS (15 per phase),
 * P10_ROUNDS (3), P10_RECONNECT_MS (1000, the churn phase).
 * Writes P10, P10-quiet-ms, P10-flood-ms, P10-churn, P10-churn-ms, P10-fds, P10-lag-ms,
 * P10-login-ms to bench/results/P10.json.
 *
 * Parts: nats-server, the compiled share-validator (fast mode) and gateway as processes,
 * the gateway with its default limits and one TLS port. The honest miner stays logged in
 * over TLS from 127.0.0.10 (difficulty 1, real shares precomputed with RandomX here) and
 * submits at a steady rate. Each round has three phases: quiet; the flood (a child process
 * at niceness 10, an attacker's CPU not being the pool's, opens 10,000 connections from
 * 127.0.0.99 to the TLS port as fast as it can, 500 at a time, and never sends a byte);
 * the churn (the same, but every connection the gateway closes is opened again
 * P10_RECONNECT_MS later: a connection-rate flood). In each flood a second honest miner
 * logs in over TLS (timed). The gateway's event-loop lag (prom-client's, reset by each
 * scrape) tells its own delay from the machine's.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { loadavg, setPriority } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@rxpool/cryptonote';
import { freePort, waitFor } from '@rxpool/devstack';
import { RandomXContext } from '@rxpool/randomx';
import { StratumClient, summarize } from '@rxpool/stratum-client';
import { templateEvent } from '../../services/stratum-gateway/src/testing/fixtures.js';
import { startServiceProcess } from '../../services/stratum-gateway/src/testing/service-process.js';
import { metricSum, scrapeMetrics } from '../../test/e2e/support/process-sampler.js';
import {
  buildServices,
  median,
  sleep,
  startBenchNats,
  startGateway,
  templateFrom,
  WALLET,
  writeFigures,
} from './bench-support.js';
import { paced, realShares } from './real-shares.js';

const CONNECTIONS = Number(process.env.P10_CONNECTIONS ?? 10_000);
const RATE = Number(process.env.P10_RATE ?? 10);
const SECONDS = Number(process.env.P10_SECONDS ?? 15);
const ROUNDS = Number(process.env.P10_ROUNDS ?? 3);
const RECONNECT_MS = Number(process.env.P10_RECONNECT_MS ?? 1_000);
/** The attacker opens each connection once. */
const ONCE = -1;
const NAMESPACE = 'benchp10';
const FLOODER = fileURLToPath(new URL('./flood-clients.ts', import.meta.url));
const TLS = { rejectUnauthorized: false };

/** Open descriptors of a process (0 once it is gone). */
function fdsOf(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return 0;
  }
}
const spread = (xs: number[], digits = 2) =>
  `${median(xs).toFixed(digits)} (${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)})`;

function reply<T>(
  child: ChildProcess,
  type: string,
  send?: { type: string; reconnectMs?: number },
): Promise<T> {
  return new Promise((resolve) => {
    const on = (m: unknown) => {
      if ((m as { type?: string } | null)?.type !== type) return;
      child.off('message', on);
      resolve(m as T);
    };
    child.on('message', on);
    if (send !== undefined) child.send(send);
  });
}

buildServices('share-validator', 'stratum-gateway');
const bench = await startBenchNats('bench-p10', NAMESPACE);
const base = templateEvent();
await bench.publishTemplate(templateFrom(base, 'p10', 3000));
const tlsPort = await freePort();
console.log(
  `P10: ${CONNECTIONS} silent TLS connections from one address, ${ROUNDS} rounds of ${SECONDS} s quiet + ${SECONDS} s flood`,
);
const validator = await startServiceProcess('share-validator', {
  dir: bench.dir,
  natsUrl: bench.url,
  namespace: NAMESPACE,
  env: { VALIDATOR_MODE: 'fast', VALIDATOR_THREADS: '2', LOG_LEVEL: 'warn' },
});
// The gateway's own limits, as deployed (the bench helper lifts them for the other figures).
const gateway = await startGateway({
  dir: bench.dir,
  natsUrl: bench.url,
  namespace: NAMESPACE,
  workers: 1,
  env: {
    STRATUM_TLS_PORTS: String(tlsPort),
    STRATUM_MAX_CONNECTIONS_PER_IP: '256',
    STRATUM_LOGIN_BURST: '20',
    STRATUM_LOGIN_PER_SECOND: '5',
    STRATUM_SUBMIT_BURST: '100',
    STRATUM_SUBMIT_PER_SECOND: '20',
    STRATUM_LOGIN_TIMEOUT_MS: '15000',
  },
});
const flooder = fork(FLOODER, [], {
  execArgv: ['--import', 'tsx', '--conditions=source'],
  env: {
    ...process.env,
    PORT: String(tlsPort),
    SOURCE: '127.0.0.99',
    COUNT: String(CONNECTIONS),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
await reply(flooder, 'ready');
if (flooder.pid !== undefined) setPriority(flooder.pid, 10);

const connectHonest = (localAddress: string) =>
  StratumClient.connect({ host: '127.0.0.1', port: tlsPort, tls: TLS, localAddress, replyTimeoutMs: 30_000 });

/** The gateway's event-loop lag since the last scrape (ms, max). */
const lagMs = async () =>
  1000 *
  metricSum(
    await scrapeMetrics(`http://127.0.0.1:${gateway.healthPort}/metrics`),
    'nodejs_eventloop_lag_max_seconds',
  );

interface FloodResult {
  p99: number;
  fds: number;
  loginMs: number;
  lagMs: number;
  connects: number;
}

const quietP99: number[] = [];
const quietFds: number[] = [];
const quietLag: number[] = [];
const flood: FloodResult[] = [];
const churn: FloodResult[] = [];
let sampler: NodeJS.Timeout | undefined;
try {
  const honest = await connectHonest('127.0.0.10');
  await honest.login({ login: `${WALLET}.p10+1` });
  const job = honest.job;
  if (job === undefined) throw new Error('no job');
  const perPhase = RATE * SECONDS;
  console.log(`precomputing ${perPhase * ROUNDS * 3} real shares (RandomX light mode, 2 threads)…`);
  const context = await RandomXContext.create({ seed: hexToBytes(base.seedHash), mode: 'light', threads: 2 });
  const shares = await realShares(context, job, perPhase * ROUNDS * 3);
  context.dispose();
  await validator.waitReady(900_000, { dependency: 'randomx' });
  let next = 0;
  const phase = async (): Promise<number> => {
    const latencies: number[] = [];
    const rejected: Record<string, number> = {};
    const batch = shares.slice(next, next + perPhase);
    next += perPhase;
    await paced(batch.length, RATE, async (i) => {
      const s = batch[i];
      if (s === undefined) return;
      const outcome = await honest.submit({ job_id: s.jobId, nonce: s.nonce, result: s.result });
      if (outcome.accepted) latencies.push(outcome.latencyMs);
      else rejected[outcome.error.message] = (rejected[outcome.error.message] ?? 0) + 1;
    });
    if (latencies.length < batch.length)
      throw new Error(`honest shares refused: ${JSON.stringify(rejected)}`);
    return summarize(latencies).p99;
  };
  /** A flood phase: the attacker starts, a second miner logs in, the first one submits. */
  const flooded = async (round: number, reconnectMs: number): Promise<FloodResult> => {
    const baseline = fdsOf(gateway.pid);
    await lagMs();
    const ramped = reply<{ ms: number }>(flooder, 'ramped', { type: 'start', reconnectMs });
    let fds = 0;
    sampler = setInterval(() => {
      fds = Math.max(fds, fdsOf(gateway.pid));
    }, 100);
    await ramped;
    const t0 = performance.now();
    const second = await connectHonest('127.0.0.11');
    await second.login({ login: `${WALLET}.p10r${round}` });
    const loginMs = performance.now() - t0;
    second.destroy();
    const p99 = await phase();
    clearInterval(sampler);
    const lag = await lagMs();
    const seen = await reply<{ attempts: number }>(flooder, 'stats', { type: 'stats' });
    await reply(flooder, 'stopped', { type: 'stop' });
    await waitFor('flood sockets gone', async () => fdsOf(gateway.pid) <= baseline + 16, 60_000, 200);
    await sleep(1_000);
    return { p99, fds, loginMs, lagMs: lag, connects: seen.attempts };
  };
  const show = (what: string, r: FloodResult) =>
    `${what} p99 ${r.p99.toFixed(2)} ms (login ${r.loginMs.toFixed(0)} ms, gateway lag ${r.lagMs.toFixed(0)} ms, fds ${r.fds}, ${r.connects} connects)`;

  for (let round = 1; round <= ROUNDS; round++) {
    quietFds.push(fdsOf(gateway.pid));
    await lagMs();
    quietP99.push(await phase());
    quietLag.push(await lagMs());
    flood.push(await flooded(round, ONCE));
    churn.push(await flooded(round, RECONNECT_MS));
    console.log(
      `round ${round}: quiet p99 ${quietP99.at(-1)?.toFixed(2)} ms (gateway lag ${quietLag.at(-1)?.toFixed(0)} ms, fds ${quietFds.at(-1)}); ` +
        `${show('flood', flood.at(-1) as FloodResult)}; ${show('churn', churn.at(-1) as FloodResult)}`,
    );
  }
  honest.destroy();
} finally {
  clearInterval(sampler);
  flooder.kill('SIGTERM');
  await gateway.stop();
  await validator.stop();
  await bench.close();
}

const of = (rs: FloodResult[], k: keyof FloodResult) => rs.map((r) => r[k]);
const ratios = flood.map((r, i) => r.p99 / (quietP99[i] ?? r.p99));
const churnRatios = churn.map((r, i) => r.p99 / (quietP99[i] ?? r.p99));
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join('/');
const churnRate = median(churn.map((r) => r.connects / (SECONDS + r.loginMs / 1000)));
const setup = `load average ${load} (1/5/15 min) at the end on this shared 2-core machine; one gateway process (default limits: 256 connections per address, TLS handshake timeout 5000 ms) with a fast-mode validator; an honest miner over TLS submitting ${RATE} real shares/s (difficulty 1); ${ROUNDS} rounds of ${SECONDS} s quiet, ${SECONDS} s flood, ${SECONDS} s churn`;
const floodIs = `one address (nice 10) opening ${CONNECTIONS} silent TCP connections to the TLS port, 500 at a time, never sending a byte`;
const churnIs = `${floodIs}, each reopened ${RECONNECT_MS} ms after the gateway closed it (about ${Math.round(churnRate)} connects/s)`;
console.log(
  `P10 ${spread(ratios, 3)} (churn ${spread(churnRatios, 3)}): p99 quiet ${spread(quietP99)} ms, flood ${spread(of(flood, 'p99'))} ms, churn ${spread(of(churn, 'p99'))} ms; fds ${spread([...of(flood, 'fds'), ...of(churn, 'fds')], 0)}`,
);
writeFigures(
  {
    P10: {
      value: Number(median(ratios).toFixed(3)),
      unit: 'ratio',
      how: `honest submit→reply p99 during the flood / without it, median of ${ROUNDS} rounds ${spread(ratios, 3)} (min–max); the flood: ${floodIs}; ${setup}; goal ≤ 2`,
    },
    'P10-quiet-ms': {
      value: Number(median(quietP99).toFixed(2)),
      unit: 'ms',
      how: `honest submit→reply p99 without a flood, median ${spread(quietP99)} ms over ${ROUNDS} rounds (gateway event-loop lag max ${spread(quietLag, 0)} ms); ${setup}`,
    },
    'P10-flood-ms': {
      value: Number(median(of(flood, 'p99')).toFixed(2)),
      unit: 'ms',
      how: `honest submit→reply p99 during the flood (${floodIs}), median ${spread(of(flood, 'p99'))} ms over ${ROUNDS} rounds; ${setup}`,
    },
    'P10-churn': {
      value: Number(median(churnRatios).toFixed(3)),
      unit: 'ratio',
      how: `honest submit→reply p99 during the churn / without a flood, median of ${ROUNDS} rounds ${spread(churnRatios, 3)}; the churn: ${churnIs}; the gateway's own event-loop lag max ${spread(of(churn, 'lagMs'), 0)} ms meanwhile; ${setup}`,
    },
    'P10-churn-ms': {
      value: Number(median(of(churn, 'p99')).toFixed(2)),
      unit: 'ms',
      how: `honest submit→reply p99 during the churn (${churnIs}), median ${spread(of(churn, 'p99'))} ms over ${ROUNDS} rounds; ${setup}`,
    },
    'P10-fds': {
      value: median([...of(flood, 'fds'), ...of(churn, 'fds')]),
      unit: 'descriptors',
      how: `most open descriptors of the gateway process (/proc/<pid>/fd, sampled every 100 ms) during each flood and churn, median ${spread([...of(flood, 'fds'), ...of(churn, 'fds')], 0)}, against ${spread(quietFds, 0)} before them (256 per address + 8 held to be told why + the process's own); ${setup}`,
    },
    'P10-lag-ms': {
      value: Number(median(of(churn, 'lagMs')).toFixed(1)),
      unit: 'ms',
      how: `the gateway's longest event-loop delay during each churn (prom-client nodejs_eventloop_lag_max_seconds, reset per scrape), median ${spread(of(churn, 'lagMs'), 0)} ms, against ${spread(of(flood, 'lagMs'), 0)} ms in the floods and ${spread(quietLag, 0)} ms quiet; ${setup}`,
    },
    'P10-login-ms': {
      value: Number(median(of(flood, 'loginMs')).toFixed(1)),
      unit: 'ms',
      how: `a second honest miner's TLS connect + login during each flood, median ${spread(of(flood, 'loginMs'), 1)} ms (during the churn ${spread(of(churn, 'loginMs'), 1)} ms) over ${ROUNDS} rounds; ${setup}`,
    },
  },
  'P10.json',
);
