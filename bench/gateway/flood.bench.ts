/**
 * P10: one address opening 10,000 silent TLS connections must not stop an honest miner
 * from logging in and getting shares accepted. The figure is the honest miner's submit
 * p99 during that flood divided by its p99 without it (goal ≤ 2), beside the gateway's
 * open descriptors (/proc/<pid>/fd) during the flood.
 *
 * Run: npx tsx bench/gateway/flood.bench.ts      (from the repository root)
 * Env: P10_CONNECTIONS (10000), P10_RATE (10 shares/s), P10_SECONDS (15 per phase),
 * P10_ROUNDS (3), P10_RECONNECT_MS (1000: the attacker reopens what the gateway closed).
 * Writes P10, P10-quiet-ms, P10-flood-ms, P10-fds, P10-login-ms to bench/results/P10.json.
 *
 * Parts: nats-server, the compiled share-validator (fast mode) and gateway as processes,
 * the gateway with its default limits and one TLS port. The honest miner stays logged in
 * over TLS from 127.0.0.10 (difficulty 1, real shares precomputed with RandomX here) and
 * submits at a steady rate; each round is a quiet phase, then a flood phase: a child
 * process at niceness 10 (an attacker's CPU is not the pool's) holds up to 10,000
 * connections from 127.0.0.99 to the TLS port, never sending a byte, while a second
 * honest miner logs in over TLS (timed) and the first keeps submitting.
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

function reply<T>(child: ChildProcess, type: string, send?: { type: string }): Promise<T> {
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
    RECONNECT_MS: String(RECONNECT_MS),
  },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
await reply(flooder, 'ready');
if (flooder.pid !== undefined) setPriority(flooder.pid, 10);

const connectHonest = (localAddress: string) =>
  StratumClient.connect({ host: '127.0.0.1', port: tlsPort, tls: TLS, localAddress, replyTimeoutMs: 30_000 });

const quietP99: number[] = [];
const floodP99: number[] = [];
const floodFds: number[] = [];
const quietFds: number[] = [];
const logins: number[] = [];
const held: number[] = [];
let sampler: NodeJS.Timeout | undefined;
try {
  const honest = await connectHonest('127.0.0.10');
  await honest.login({ login: `${WALLET}.p10+1` });
  const job = honest.job;
  if (job === undefined) throw new Error('no job');
  const perPhase = RATE * SECONDS;
  console.log(`precomputing ${perPhase * ROUNDS * 2} real shares (RandomX light mode, 2 threads)…`);
  const context = await RandomXContext.create({ seed: hexToBytes(base.seedHash), mode: 'light', threads: 2 });
  const shares = await realShares(context, job, perPhase * ROUNDS * 2);
  context.dispose();
  await validator.ready('randomx', 900_000);
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

  for (let round = 1; round <= ROUNDS; round++) {
    quietFds.push(fdsOf(gateway.pid));
    quietP99.push(await phase());
    const ramped = reply<{ ms: number }>(flooder, 'ramped', { type: 'start' });
    let peakFds = 0;
    sampler = setInterval(() => {
      peakFds = Math.max(peakFds, fdsOf(gateway.pid));
    }, 100);
    await ramped;
    const t0 = performance.now();
    const second = await connectHonest('127.0.0.11');
    await second.login({ login: `${WALLET}.p10b${round}` });
    logins.push(performance.now() - t0);
    second.destroy();
    floodP99.push(await phase());
    clearInterval(sampler);
    const flood = await reply<{ peak: number; attempts: number; closedByServer: number }>(flooder, 'stats', {
      type: 'stats',
    });
    await reply(flooder, 'stopped', { type: 'stop' });
    floodFds.push(peakFds);
    held.push(flood.peak);
    console.log(
      `round ${round}: honest p99 quiet ${quietP99.at(-1)?.toFixed(2)} ms, flood ${floodP99.at(-1)?.toFixed(2)} ms; ` +
        `login during the flood ${logins.at(-1)?.toFixed(0)} ms; attacker ${flood.attempts} connects, at most ${flood.peak} open at once; ` +
        `gateway fds ${quietFds.at(-1)} quiet → ${peakFds} at most`,
    );
    const baseline = quietFds.at(-1) ?? 0;
    await waitFor('flood sockets gone', async () => fdsOf(gateway.pid) <= baseline + 16, 60_000, 200);
    await sleep(1_000);
  }
  honest.destroy();
} finally {
  clearInterval(sampler);
  flooder.kill('SIGTERM');
  await gateway.stop();
  await validator.stop();
  await bench.close();
}

const ratios = floodP99.map((f, i) => f / (quietP99[i] ?? f));
const load = loadavg()
  .map((l) => l.toFixed(1))
  .join('/');
const setup = `load average ${load} (1/5/15 min) at the end on this shared 2-core machine; one gateway process (default limits: 256 connections per address, TLS handshake timeout 5000 ms) with a fast-mode validator; an honest miner over TLS submitting ${RATE} real shares/s (difficulty 1) while one address (nice 10) keeps ${CONNECTIONS} silent TCP connections to the TLS port open, reopening each ${RECONNECT_MS} ms after the gateway closes it; ${ROUNDS} rounds of ${SECONDS} s quiet then ${SECONDS} s flood`;
console.log(
  `P10 ${spread(ratios, 3)}: p99 quiet ${spread(quietP99)} ms, flood ${spread(floodP99)} ms; fds ${spread(floodFds, 0)}`,
);
writeFigures(
  {
    P10: {
      value: Number(median(ratios).toFixed(3)),
      unit: 'ratio',
      how: `honest submit→reply p99 during the flood / without it, median of ${ROUNDS} rounds ${spread(ratios, 3)} (min–max); ${setup}; goal ≤ 2`,
    },
    'P10-quiet-ms': {
      value: Number(median(quietP99).toFixed(2)),
      unit: 'ms',
      how: `honest submit→reply p99 without the flood, median ${spread(quietP99)} ms over ${ROUNDS} rounds; ${setup}`,
    },
    'P10-flood-ms': {
      value: Number(median(floodP99).toFixed(2)),
      unit: 'ms',
      how: `honest submit→reply p99 during the flood, median ${spread(floodP99)} ms over ${ROUNDS} rounds; ${setup}`,
    },
    'P10-fds': {
      value: median(floodFds),
      unit: 'descriptors',
      how: `most open descriptors of the gateway process (/proc/<pid>/fd, sampled every 100 ms) during each flood, median ${spread(floodFds, 0)} over ${ROUNDS} rounds, against ${spread(quietFds, 0)} before it; the attacker's own count of open sockets peaked at ${spread(held, 0)} of ${CONNECTIONS} (a close reaches it late); ${setup}`,
    },
    'P10-login-ms': {
      value: Number(median(logins).toFixed(1)),
      unit: 'ms',
      how: `a second honest miner's TLS connect + login during each flood, median ${spread(logins, 1)} ms over ${ROUNDS} rounds; ${setup}`,
    },
  },
  'P10.json',
);
