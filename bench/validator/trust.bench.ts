/**
 * P8: the validator's CPU per accepted share with sampled trust on (the README's default
 * sample rate) against trust off, on the same honest traffic.
 *
 * Run: npm run build && npx tsx bench/validator/trust.bench.ts   (from the repository root)
 * P8_MODES=light (or fast, or light,fast: the default) picks the RandomX modes.
 * Writes bench/results/P8.json: P8 (fast mode), P8-off, P8-light, P8-light-off.
 *
 * Two compiled validators (2 hashing threads each, own processes), one with VALIDATOR_TRUST=on
 * at its defaults and one with it off, are sent the same honest shares (real hashes, MINERS
 * miners in turn, 64 requests in flight over NATS, each accepted share published to JetStream
 * and acknowledged before the reply). The trusting one is warmed up until it trusts every
 * miner. Then rounds alternate: a raw librandomx window (tiny native loop, same seed, mode,
 * threads, niceness), a window on the validator without trust, one with trust. Per round,
 * accepted shares per CPU-second of the validator process (all its threads) ÷ raw hashes per
 * CPU-second: shares one validator core sustains ÷ hashes one core computes.
 */
import { loadavg } from 'node:os';
import { NatsBus } from '@rxpool/bus';
import { waitFor } from '@rxpool/devstack';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { RandomXContext } from '@rxpool/randomx';
import { publishTemplate, templateEvent } from '../../services/share-validator/src/testing/shares.js';
import {
  type BenchFigures,
  rawWindow,
  round2,
  runLoad,
  shareSource,
  startBench,
  startValidator,
  type ValidatorProcess,
  writeFigures,
} from './validator-harness.js';

const THREADS = 2;
const ROUNDS = 5;
const WINDOW_MS = 5_000;
const WARMUP_MS = 1_000;
const IN_FLIGHT = 64;
const MINERS = 8;
const HASH_NICE = 5;
const SAMPLE_RATE = 0.05; // VALIDATOR_TRUST_SAMPLE_RATE's default: the validator runs at its defaults

type Mode = 'light' | 'fast';
const modes = (process.env.P8_MODES ?? 'light,fast').split(',').map((m) => m.trim()) as Mode[];

interface Round {
  raw: number;
  off: number;
  on: number;
  hashedFraction: number;
}

const { dir, nats, seed, loadBefore } = await startBench('bench-trust');
const miners = Array.from({ length: MINERS }, (_, i) => `4${String.fromCharCode(65 + i).repeat(94)}`);

function counter(metrics: string, name: string, label: string): number {
  const re = new RegExp(`${name}\\{[^}]*${label}[^}]*\\} ([\\d.e+]+)`);
  return Number(re.exec(metrics)?.[1] ?? 0);
}

/** Shares the trusting validator hashed and took on trust, from its decision counters. */
async function decisions(v: ValidatorProcess): Promise<{ trusted: number; all: number }> {
  const text = await v.metrics();
  const lines = text.split('\n').filter((l) => l.startsWith('rxpool_validator_trust_decisions_total{'));
  const all = lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  return { trusted: counter(text, 'rxpool_validator_trust_decisions_total', 'decision="trusted"'), all };
}

async function measureMode(mode: Mode): Promise<Round[]> {
  console.log(`${mode} mode: RandomX context for the raw loop and the shares`);
  const ctx = await RandomXContext.create({
    seed: Buffer.from(seed, 'hex'),
    mode,
    threads: THREADS,
    initThreads: THREADS,
    nice: HASH_NICE,
    initNice: 0,
  });
  const shares = await shareSource(ctx, mode === 'fast' ? 512 : 128, miners);
  const buses: NatsBus[] = [];
  const validators: ValidatorProcess[] = [];
  const start = async (trust: 'on' | 'off') => {
    const namespace = `p8${mode}${trust}`;
    const bus = new NatsBus(
      { url: nats.url, namespace, name: 'bench' },
      new HealthRegistry(),
      createLogger('bench', 'warn'),
    );
    buses.push(bus);
    await bus.connect();
    await bus.ensureStreams();
    await publishTemplate(bus.jetstream, bus.names, templateEvent(seed));
    console.log(`${mode} mode: starting the validator with trust ${trust}`);
    const env = { VALIDATOR_TRUST: trust, VALIDATOR_PUBLISH_TIMEOUT_MS: '30000' };
    const v = await startValidator({ dir, natsUrl: nats.url, namespace, mode, threads: THREADS, env });
    validators.push(v);
    return { bus, v };
  };
  const rounds: Round[] = [];
  try {
    const off = await start('off');
    const on = await start('on');
    const load = (target: { bus: NatsBus; v: ValidatorProcess }, windowMs = WINDOW_MS) =>
      runLoad({
        nc: target.bus.connection,
        names: target.bus.names,
        shares,
        validator: target.v,
        inFlight: IN_FLIGHT,
        warmupMs: WARMUP_MS,
        windowMs,
      });
    console.log(`${mode} mode: earning trust for ${MINERS} miners`);
    await waitFor(
      `the validator to trust ${MINERS} miners`,
      async () => {
        await load(on, 1_000);
        return counter(await on.v.metrics(), 'rxpool_validator_trusted_miners', '') >= MINERS;
      },
      600_000,
      0,
    );
    for (let round = 1; round <= ROUNDS; round++) {
      const raw = await rawWindow(ctx, WINDOW_MS, THREADS);
      const a = await load(off);
      const before = await decisions(on.v);
      const b = await load(on);
      const after = await decisions(on.v);
      const rawPerCpu = raw.hashes / raw.cpuSeconds;
      const r: Round = {
        raw: rawPerCpu,
        off: a.accepted / a.cpuSeconds,
        on: b.accepted / b.cpuSeconds,
        hashedFraction: 1 - (after.trusted - before.trusted) / Math.max(1, after.all - before.all),
      };
      rounds.push(r);
      console.log(
        `  round ${round}/${ROUNDS}: raw ${rawPerCpu.toFixed(1)} hashes per CPU-s; trust off ${r.off.toFixed(1)}, ` +
          `on ${r.on.toFixed(1)} shares per CPU-s (${b.rate.toFixed(0)} shares/s, ${(r.hashedFraction * 100).toFixed(1)} % hashed, ` +
          `${a.rejected + b.rejected} rejected): P8 ${(r.on / r.raw).toFixed(2)}, off ${(r.off / r.raw).toFixed(2)}`,
      );
    }
  } finally {
    for (const v of validators) await v.stop();
    for (const b of buses) await b.close();
    ctx.dispose();
  }
  return rounds;
}

const results = new Map<Mode, Round[]>();
for (const mode of modes) results.set(mode, await measureMode(mode));
await nats.stop();

const loadAfter = loadavg()[0] ?? 0;
const machine = `2-vCPU machine shared with other work, 1-min load ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after`;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const spread = (xs: number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
const figures: BenchFigures = {};
for (const [mode, rounds] of results) {
  const on = rounds.map((r) => r.on / r.raw);
  const off = rounds.map((r) => r.off / r.raw);
  const raw = median(rounds.map((r) => r.raw));
  const hashed = median(rounds.map((r) => r.hashedFraction)) * 100;
  const common =
    `compiled share-validator (${mode} mode, ${THREADS} hashing threads, own process; ${MINERS} honest miners, ` +
    `${IN_FLIGHT} requests in flight over NATS, JetStream publish-ack before each reply): accepted shares per ` +
    `CPU-second of the validator process ÷ raw librandomx hashes per CPU-second (native loop, same seed, mode, threads, ` +
    `niceness +${HASH_NICE}; median ${raw.toFixed(1)}), ${ROUNDS} rounds of ${WINDOW_MS / 1000} s windows alternating raw, off, on`;
  const id = mode === 'fast' ? 'P8' : 'P8-light';
  figures[id] = {
    value: round2(median(on)),
    unit: 'ratio',
    how: `${common}; sampled trust on at its defaults (sample rate ${SAMPLE_RATE}, trust after 100 verified shares, warmed up until all ${MINERS} miners were trusted; ${hashed.toFixed(1)} % of shares hashed): median ${median(on).toFixed(2)}, spread ${spread(on)} over the rounds (goal ≥ 8); ${machine}`,
  };
  figures[`${id}-off`] = {
    value: round2(median(off)),
    unit: 'ratio',
    how: `baseline of ${id}, same traffic and rounds, VALIDATOR_TRUST=off (every share hashed): median ${median(off).toFixed(2)}, spread ${spread(off)}; ${common}; ${machine}`,
  };
}
// A run of one mode keeps the other mode's figures from before.
writeFigures('P8.json', figures, true);
