/**
 * P3: a new template reaching all of 10,000 logged-in miners as a new job (p99 of the
 * arrival times), divided by the p99 of a bare loop writing one line to 10,000 sockets.
 *
 * Run: npx tsx bench/gateway/broadcast.bench.ts      (from the repository root)
 * Env: P3_MINERS (10000), P3_WAVES (5 per round), P3_ROUNDS (2), P3_WORKERS (1: the
 * gateway's worker processes; the bare loop is one process).
 * Writes P3, P3-ms (and P3-bare-ms) to bench/results/P2-P4.json.
 *
 * The gateway is the compiled service as a process; the clock starts in this process
 * just before the new template is published to JetStream, so NATS delivery, template
 * preparation and each miner's own job are all inside the figure. The bare run uses the
 * same 10,000 client sockets of this process and a child process that loops
 * `socket.write(line)` over its 10,000 sockets when told (IPC), with a job line of the
 * same size. Rounds alternate gateway and bare so drifting machine load hits both.
 */
import { jobLine, type StratumJob } from '@rxpool/stratum';
import { JobWave, LoadGenerator, StratumClient } from '@rxpool/stratum-client';
import { templateEvent } from '../../services/stratum-gateway/src/testing/fixtures.js';
import {
  buildServices,
  median,
  sleep,
  startBare,
  startBenchNats,
  startGateway,
  templateFrom,
  WALLET,
  writeFigures,
} from './bench-support.js';

const MINERS = Number(process.env.P3_MINERS ?? 10_000);
const WAVES = Number(process.env.P3_WAVES ?? 5);
const ROUNDS = Number(process.env.P3_ROUNDS ?? 2);
const WORKERS = Number(process.env.P3_WORKERS ?? 1);
const NAMESPACE = 'benchp3';

function sources(n: number): string[] {
  return Array.from({ length: Math.min(n, 250) }, (_, i) => `127.0.0.${i + 1}`);
}

async function connectBare(port: number, count: number): Promise<StratumClient[]> {
  const clients: StratumClient[] = [];
  const from = sources(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      clients.push(
        await StratumClient.connect({ host: '127.0.0.1', port, localAddress: from[i % from.length] }),
      );
    }
  };
  await Promise.all(Array.from({ length: 100 }, worker));
  return clients;
}

function report(
  what: string,
  r: { received: number; missing: number; latencyMs: { p50: number; p99: number; max: number } },
) {
  console.log(
    `  ${what}: ${r.received} jobs, ${r.missing} missing, p50 ${r.latencyMs.p50.toFixed(1)} ms, ` +
      `p99 ${r.latencyMs.p99.toFixed(1)} ms, max ${r.latencyMs.max.toFixed(1)} ms`,
  );
}

buildServices('stratum-gateway');
const bench = await startBenchNats('bench-p3', NAMESPACE);
const { dir } = bench;
const base = templateEvent();
let height = 1000;
await bench.publishTemplate(templateFrom(base, `p3-start`, height++));
const gateway = await startGateway({ dir, natsUrl: bench.url, namespace: NAMESPACE, workers: WORKERS });
const bare = await startBare(1);
console.log(
  `P3: ${MINERS} miners, ${WAVES} waves × ${ROUNDS} rounds; gateway workers ${WORKERS}, bare loop 1 process`,
);

const gatewayP99: number[] = [];
const bareP99: number[] = [];
let sample: StratumJob | undefined;
try {
  for (let round = 1; round <= ROUNDS; round++) {
    const gen = new LoadGenerator({
      host: '127.0.0.1',
      port: gateway.port,
      connections: MINERS,
      login: (i) => ({ login: `${WALLET}.m${i}` }),
      replyTimeoutMs: 60_000,
    });
    const opened = await gen.open();
    console.log(
      `round ${round}: ${opened.opened} miners logged in to the gateway (${opened.failed} failed) in ${(opened.durationMs / 1000).toFixed(1)} s`,
    );
    if (opened.failed > 0) throw new Error(`logins failed: ${JSON.stringify(opened.failures)}`);
    sample = gen.clients[0]?.job;
    await sleep(2_000);
    for (let w = 1; w <= WAVES; w++) {
      const wave = gen.jobWave();
      await bench.publishTemplate(templateFrom(base, `p3-${round}-${w}`, height++));
      const r = await wave.wait(60_000);
      report(`gateway wave ${w}`, r);
      if (r.missing > 0) throw new Error(`${r.missing} miners got no job`);
      gatewayP99.push(r.latencyMs.p99);
      await sleep(1_000);
    }
    await gen.close();

    const clients = await connectBare(bare.port, MINERS);
    console.log(`round ${round}: ${clients.length} sockets connected to the bare server`);
    await sleep(2_000);
    for (let w = 1; w <= WAVES; w++) {
      if (sample === undefined) throw new Error('no sample job');
      const line = jobLine({ ...sample, job_id: `b${round}${w}`.padStart(16, '0') });
      const wave = new JobWave(clients);
      bare.orderWrite(line);
      const r = await wave.wait(60_000);
      report(`bare wave ${w} (${line.length} bytes)`, r);
      bareP99.push(r.latencyMs.p99);
      await sleep(1_000);
    }
    await Promise.all(clients.map((c) => c.close()));
  }
} finally {
  await gateway.stop();
  await bare.stop();
  await bench.close();
}

const g = median(gatewayP99);
const b = median(bareP99);
console.log(`P3: gateway p99 ${g.toFixed(1)} ms / bare p99 ${b.toFixed(1)} ms = ${(g / b).toFixed(2)}`);
const how = `${MINERS} logged-in miners, new template published to JetStream → each miner's new job line, p99 of arrival, median of ${gatewayP99.length} waves; gateway ${WORKERS} process(es)`;
writeFigures({
  P3: {
    value: Number((g / b).toFixed(3)),
    unit: 'ratio',
    how: `${how}, divided by the p99 of a bare one-process loop writing one job-sized line to ${MINERS} sockets (median of ${bareP99.length} waves, same client sockets, alternating rounds)`,
  },
  'P3-ms': { value: Number(g.toFixed(1)), unit: 'ms', how },
  'P3-bare-ms': {
    value: Number(b.toFixed(1)),
    unit: 'ms',
    how: `bare baseline of P3: one process writing one line to ${MINERS} sockets, p99 arrival`,
  },
});
