/**
 * P4: at 100 real shares per second (validator in fast mode), the p99 of submit → reply
 * minus that share's own hashing time, divided by the p99 of a bare NATS request/reply
 * followed by a JetStream publish-with-ack at the same rate.
 *
 * Run: npx tsx bench/gateway/submit.bench.ts      (from the repository root; build first)
 * Env: P4_RATE (100 per second), P4_SECONDS (15 per round), P4_ROUNDS (2), P4_MINERS (50).
 * Writes P4, P4-ms (and P4-bare-ms) to bench/results/P2-P4.json.
 *
 * Parts: nats-server, the compiled share-validator (fast mode, 2 threads) and gateway as
 * processes; miners logged in with difficulty 1, each with shares precomputed here with
 * real RandomX (light mode) for its job, so every share is valid and the validator does
 * the full check, JetStream store included. A share's hashing time is the validator's
 * own (`hashMicros` of its reply, read from the reply subject). The bare baseline is a
 * child process answering NATS requests after a JetStream publish-with-ack of the
 * request, driven at the same rate with payloads of the same size. Rounds alternate.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { hexToBytes } from '@rxpool/cryptonote';
import { waitFor } from '@rxpool/devstack';
import { RandomXContext } from '@rxpool/randomx';
import { StratumClient as Client, type StratumClient, summarize } from '@rxpool/stratum-client';
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

const RATE = Number(process.env.P4_RATE ?? 100);
const SECONDS = Number(process.env.P4_SECONDS ?? 15);
const ROUNDS = Number(process.env.P4_ROUNDS ?? 2);
const MINERS = Number(process.env.P4_MINERS ?? 50);
const NAMESPACE = 'benchp4';
const BARE = fileURLToPath(new URL('./bare-responder.mjs', import.meta.url));

interface Share {
  client: StratumClient;
  jobId: string;
  nonce: string;
  result: string;
}

buildServices('share-validator', 'stratum-gateway');
const bench = await startBenchNats('bench-p4', NAMESPACE);
const { dir, nc } = bench;
const base = templateEvent();
await bench.publishTemplate(templateFrom(base, 'p4', 3000));
console.log(
  `P4: ${RATE} shares/s for ${SECONDS} s × ${ROUNDS} rounds, ${MINERS} miners; starting a fast-mode validator`,
);
const validator = await startServiceProcess('share-validator', {
  dir,
  natsUrl: bench.url,
  namespace: NAMESPACE,
  env: { VALIDATOR_MODE: process.env.P4_VALIDATOR_MODE ?? 'fast', VALIDATOR_THREADS: '2', LOG_LEVEL: 'warn' },
});
const gateway = await startGateway({ dir, natsUrl: bench.url, namespace: NAMESPACE, workers: 1 });
const bare = spawn(process.execPath, [BARE], {
  env: {
    ...process.env,
    NATS_URL: bench.url,
    BARE_SUBJECT: 'benchp4.bare.request',
    BARE_STREAM: 'BENCHP4_BARE',
    BARE_STORE_SUBJECT: 'benchp4.bare.stored',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise<void>((resolve) => bare.stdout?.once('data', () => resolve()));

// The validators' replies, read off the reply subjects: each share's own hashing time.
const hashMicros = new Map<string, number>();
const inbox = nc.subscribe('_INBOX.>');
void (async () => {
  for await (const m of inbox) {
    try {
      const r = JSON.parse(new TextDecoder().decode(m.data)) as { shareId?: string; hashMicros?: number };
      if (r.shareId !== undefined && r.hashMicros !== undefined) hashMicros.set(r.shareId, r.hashMicros);
    } catch {
      // not a validator reply
    }
  }
})();

const gatewayP99: number[] = [];
const bareP99: number[] = [];
try {
  const clients: StratumClient[] = [];
  for (let i = 0; i < MINERS; i++) {
    const client = await Client.connect({
      host: '127.0.0.1',
      port: gateway.port,
      localAddress: `127.0.0.${1 + (i % 250)}`,
      replyTimeoutMs: 30_000,
    });
    await client.login({ login: `${WALLET}.p4m${i}+1` });
    clients.push(client);
  }
  const perRound = RATE * SECONDS;
  const total = perRound * ROUNDS;
  console.log(`precomputing ${total} real shares (RandomX light mode, 2 threads)…`);
  const context = await RandomXContext.create({ seed: hexToBytes(base.seedHash), mode: 'light', threads: 2 });
  const shares: Share[] = [];
  const perMiner = Math.ceil(total / MINERS);
  for (const client of clients) {
    const job = client.job;
    if (job === undefined) throw new Error('miner without a job');
    for (const share of await realShares(context, job, perMiner)) shares.push({ client, ...share });
    process.stdout.write(`\r  ${shares.length}/${perMiner * MINERS}`);
  }
  process.stdout.write('\n');
  context.dispose();
  // Interleave miners so consecutive shares come from different connections.
  shares.sort((a, b) => Number.parseInt(a.nonce.slice(0, 2), 16) - Number.parseInt(b.nonce.slice(0, 2), 16));
  await validator.waitReady(900_000, { dependency: 'randomx' });
  console.log(`validator ready (${process.env.P4_VALIDATOR_MODE ?? 'fast'} mode)`);
  const sample = JSON.stringify({ id: 0, pad: 'x'.repeat(700) });

  let next = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    // Bare: request/reply + publish-with-ack at the same rate, same payload size as a validate request.
    const bareLatency: number[] = [];
    await paced(perRound, RATE, async (i) => {
      const t0 = performance.now();
      await nc.request(
        'benchp4.bare.request',
        new TextEncoder().encode(sample.replace('"id":0', `"id":${round * 1e6 + i}`)),
        { timeout: 10_000 },
      );
      bareLatency.push(performance.now() - t0);
    });
    const b = summarize(bareLatency);
    console.log(
      `round ${round} bare: ${b.count} requests, p50 ${b.p50.toFixed(2)} ms, p99 ${b.p99.toFixed(2)} ms`,
    );
    bareP99.push(b.p99);
    await sleep(1_000);

    // Gateway: real shares through the gateway, the validator (fast mode) and JetStream.
    const overhead: number[] = [];
    const raw: number[] = [];
    const rejected: Record<string, number> = {};
    const roundShares = shares.slice(next, next + perRound);
    next += perRound;
    await paced(roundShares.length, RATE, async (i) => {
      const s = roundShares[i] as Share;
      const outcome = await s.client.submit({ job_id: s.jobId, nonce: s.nonce, result: s.result });
      if (!outcome.accepted) {
        rejected[outcome.error.message] = (rejected[outcome.error.message] ?? 0) + 1;
        return;
      }
      const shareId = `${s.jobId}${s.nonce}`;
      await waitFor('hash time', async () => hashMicros.has(shareId), 2_000, 2);
      raw.push(outcome.latencyMs);
      overhead.push(outcome.latencyMs - (hashMicros.get(shareId) ?? 0) / 1000);
    });
    const g = summarize(overhead);
    const r = summarize(raw);
    console.log(
      `round ${round} gateway: ${g.count} accepted${Object.keys(rejected).length > 0 ? ` rejected ${JSON.stringify(rejected)}` : ''}, ` +
        `submit→reply p50 ${r.p50.toFixed(2)} p99 ${r.p99.toFixed(2)} ms; minus hashing p50 ${g.p50.toFixed(2)} p99 ${g.p99.toFixed(2)} ms`,
    );
    if (g.count < perRound * 0.99) throw new Error('too many shares rejected');
    gatewayP99.push(g.p99);
    await sleep(1_000);
  }
  await Promise.all(clients.map((c) => c.close()));
} finally {
  inbox.unsubscribe();
  bare.kill('SIGTERM');
  await gateway.stop();
  await validator.stop();
  await bench.close();
}

const g = median(gatewayP99);
const b = median(bareP99);
console.log(`P4: ${g.toFixed(2)} ms / ${b.toFixed(2)} ms = ${(g / b).toFixed(2)}`);
const how = `${RATE} real shares/s (difficulty 1, precomputed with RandomX) through gateway → validator (fast mode, 2 threads) → JetStream, p99 of submit→reply minus the share's own hashing time (validator's hashMicros), median of ${gatewayP99.length} rounds of ${SECONDS} s`;
writeFigures({
  P4: {
    value: Number((g / b).toFixed(3)),
    unit: 'ratio',
    how: `${how}, divided by the p99 of a bare NATS request/reply followed by a JetStream publish-with-ack at the same rate (child-process responder, alternating rounds)`,
  },
  'P4-ms': { value: Number(g.toFixed(2)), unit: 'ms', how },
  'P4-bare-ms': {
    value: Number(b.toFixed(2)),
    unit: 'ms',
    how: `bare baseline of P4: NATS request/reply + JetStream publish-with-ack at ${RATE}/s, p99`,
  },
});
