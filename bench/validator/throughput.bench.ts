/**
 * P1: share-validator throughput against raw librandomx, event-loop delay
 * under saturation, and dataset initialisation time.
 *
 * Run: npm run build && npx tsx bench/validator/throughput.bench.ts   (from the repository root)
 * Writes bench/results/P1.json (P1, P1-light, P1-lag, P1-lag-idle, P1-init-1, P1-init-2).
 * Takes 5–10 minutes and about 4.5 GB of memory (two fast-mode datasets).
 *
 * - P1-init-1 / P1-init-2: dataset build (2080 MiB, after the 256 MiB cache) with 1 and 2 threads
 *   at normal priority.
 * - P1 (fast) and P1-light: the compiled validator, its own process with 2 hashing threads, is sent
 *   real shares over NATS request/reply (64 in flight; each accepted share is published to JetStream
 *   and acknowledged before the reply). Its accepted shares/s is divided by raw hashes/s of a tiny
 *   native loop on the same seed, mode, thread count and thread priority in this process. Raw and
 *   validator windows alternate (6 × 4 s each), so both see the same background load.
 * - P1-lag: the validator's event-loop delay p99 (1 ms sampling, resolution subtracted) inside the
 *   fast-mode windows; the worst window counts. P1-lag-idle: the same while the validator is idle,
 *   the machine's own noise floor.
 */
import { loadavg } from 'node:os';
import { NatsBus } from '@rxpool/bus';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { RandomXContext, randomxMemoryInUse } from '@rxpool/randomx';
import { publishTemplate, templateEvent } from '../../services/share-validator/src/testing/shares.js';
import {
  loopDelayP99Ms,
  rawWindow,
  round2,
  runLoad,
  shareSource,
  sleep,
  startBench,
  startValidator,
  writeFigures,
} from './validator-harness.js';

const THREADS = 2;
const ROUNDS = 6;
const WINDOW_MS = 4_000;
const WARMUP_MS = 1_000;
const IN_FLIGHT = 64;
/** The validator's default VALIDATOR_HASH_NICE: the raw loop runs at the same priority. */
const HASH_NICE = 5;

type Mode = 'light' | 'fast';

interface ModeResult {
  ratio: number;
  /** Validator shares per CPU-second of its process ÷ raw hashes per CPU-second. */
  cpuRatio: number;
  rawHps: number;
  validatorHps: number;
  loopP99Ms: number[];
  idleLoopP99Ms: number;
  rejected: number;
}

const { dir, nats, seed, loadBefore } = await startBench('bench-validator');

async function createFast(initThreads: number): Promise<RandomXContext> {
  let shown = -1;
  const ctx = await RandomXContext.create({
    seed: Buffer.from(seed, 'hex'),
    mode: 'fast',
    threads: THREADS,
    initThreads,
    nice: HASH_NICE,
    initNice: 0,
    onProgress: (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent > shown) {
        shown = percent;
        process.stdout.write(`\r  dataset on ${initThreads} thread(s): ${percent}%`);
      }
    },
  });
  process.stdout.write('\n');
  return ctx;
}

async function measureMode(mode: Mode, ctx: RandomXContext): Promise<ModeResult> {
  console.log(`${mode} mode: hashing the shares to send`);
  const shares = await shareSource(ctx, mode === 'fast' ? 512 : 128);

  const namespace = `p1${mode}`;
  const bus = new NatsBus(
    { url: nats.url, namespace, name: 'bench' },
    new HealthRegistry(),
    createLogger('bench', 'warn'),
  );
  const nc = await bus.connect();
  await bus.ensureStreams();
  await publishTemplate(bus.jetstream, bus.names, templateEvent(seed));
  console.log(`${mode} mode: starting the validator`);
  const validator = await startValidator({ dir, natsUrl: nats.url, namespace, mode, threads: THREADS });

  // The same machine's noise floor: the idle validator's loop delay.
  await validator.metrics();
  await sleep(WINDOW_MS);
  const idleLoopP99Ms = loopDelayP99Ms(await validator.metrics());
  console.log(`  idle validator loop p99 ${idleLoopP99Ms.toFixed(2)} ms`);
  let rawHashes = 0;
  let rawSeconds = 0;
  let rawCpu = 0;
  let validatorCpu = 0;
  let accepted = 0;
  let validatorSeconds = 0;
  let rejected = 0;
  const loopP99Ms: number[] = [];
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      const raw = await rawWindow(ctx, WINDOW_MS, THREADS);
      rawHashes += raw.hashes;
      rawSeconds += raw.seconds;
      rawCpu += raw.cpuSeconds;
      const load = await runLoad({
        nc,
        names: bus.names,
        shares,
        validator,
        inFlight: IN_FLIGHT,
        warmupMs: WARMUP_MS,
        windowMs: WINDOW_MS,
      });
      accepted += load.accepted;
      validatorSeconds += load.accepted / load.rate;
      validatorCpu += load.cpuSeconds;
      rejected += load.rejected;
      loopP99Ms.push(load.loopP99Ms);
      console.log(
        `  round ${round}/${ROUNDS}: raw ${raw.hashesPerSecond.toFixed(1)} H/s ` +
          `(${(raw.hashes / raw.cpuSeconds).toFixed(1)} per CPU-s), validator ${load.rate.toFixed(1)} shares/s ` +
          `(${(load.accepted / load.cpuSeconds).toFixed(1)} per CPU-s, ${load.rejected} rejected), ` +
          `loop p99 ${load.loopP99Ms.toFixed(2)} ms`,
      );
    }
  } finally {
    await validator.stop();
    await bus.close();
  }
  const rawHps = rawHashes / rawSeconds;
  const validatorHps = accepted / validatorSeconds;
  const cpuRatio = accepted / validatorCpu / (rawHashes / rawCpu);
  return { ratio: validatorHps / rawHps, cpuRatio, rawHps, validatorHps, loopP99Ms, idleLoopP99Ms, rejected };
}

console.log('P1-init-1: fast-mode dataset on 1 thread');
const one = await createFast(1);
const init1 = one.initTimings;
one.dispose();
while (randomxMemoryInUse() > 0) await sleep(50);
console.log(`  ${(init1.datasetMs / 1000).toFixed(1)} s (cache ${(init1.cacheMs / 1000).toFixed(1)} s)`);

console.log('P1-init-2: fast-mode dataset on 2 threads');
const fastCtx = await createFast(2);
const init2 = fastCtx.initTimings;
console.log(`  ${(init2.datasetMs / 1000).toFixed(1)} s (cache ${(init2.cacheMs / 1000).toFixed(1)} s)`);

const fast = await measureMode('fast', fastCtx);
fastCtx.dispose();
const lightCtx = await RandomXContext.create({
  seed: Buffer.from(seed, 'hex'),
  mode: 'light',
  threads: THREADS,
});
const light = await measureMode('light', lightCtx);
lightCtx.dispose();
await nats.stop();

const loadAfter = loadavg()[0] ?? 0;
const machine = `2-vCPU machine, 1-min load ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`;
const ratioHow = (mode: Mode, r: ModeResult) =>
  `compiled share-validator (${mode} mode, ${THREADS} hashing threads, own process; NATS request/reply, ` +
  `JetStream publish-ack per share, ${IN_FLIGHT} in flight) accepted shares/s ÷ raw librandomx hashes/s ` +
  `(tiny native loop, same seed, mode, ${THREADS} threads and thread niceness +${HASH_NICE}): ${r.validatorHps.toFixed(1)} / ${r.rawHps.toFixed(1)}, ` +
  `${ROUNDS} alternating ${WINDOW_MS / 1000} s windows, ${r.rejected} rejected; ${machine}`;
const worstLag = Math.max(...fast.loopP99Ms);
const median = [...fast.loopP99Ms].sort((a, b) => a - b)[Math.floor(fast.loopP99Ms.length / 2)] ?? 0;
const initHow = (threads: number, t: { cacheMs: number }) =>
  `fast-mode dataset (2080 MiB) built on ${threads} thread(s) after the 256 MiB cache (${(t.cacheMs / 1000).toFixed(1)} s, not counted); ${machine}`;
const figures = {
  P1: { value: round2(fast.ratio), unit: 'ratio', how: ratioHow('fast', fast) },
  'P1-cpu': {
    value: round2(fast.cpuRatio),
    unit: 'ratio',
    how: `load-independent companion of P1: accepted shares per CPU-second of the validator process (all its threads) ÷ raw hashes per CPU-second of the native loop, fast mode, same windows as P1 (light mode: ${light.cpuRatio.toFixed(2)}); ${machine}`,
  },
  'P1-light': { value: round2(light.ratio), unit: 'ratio', how: ratioHow('light', light) },
  'P1-lag': {
    value: round2(worstLag),
    unit: 'ms',
    how: `event-loop delay p99 of the saturated validator (fast mode, monitorEventLoopDelay at 1 ms, resolution subtracted), worst of ${ROUNDS} ${WINDOW_MS / 1000} s windows (median ${median.toFixed(2)} ms); ${machine}`,
  },
  'P1-lag-idle': {
    value: round2(fast.idleLoopP99Ms),
    unit: 'ms',
    how: `baseline for P1-lag: the same validator's event-loop delay p99 while idle (no requests), one ${WINDOW_MS / 1000} s window just before the saturated ones; ${machine}`,
  },
  'P1-init-1': { value: round2(init1.datasetMs / 1000), unit: 's', how: initHow(1, init1) },
  'P1-init-2': { value: round2(init2.datasetMs / 1000), unit: 's', how: initHow(2, init2) },
};
writeFigures('P1.json', figures);
