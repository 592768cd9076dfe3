/**
 * P9: accepted shares per CPU-second of every pool process with 2 gateways + 2
 * validators ÷ the same with 1 + 1, same load, same run.
 *
 * Run: npm run build && npx tsx bench/pool/scale-out.bench.ts   (or npm run bench -- pool)
 * P9_RATE (shares/s, default 8), P9_ROUNDS (default 4), P9_WINDOW_S (default 30) override.
 * Writes bench/results/P9.json: P9, P9-rest (the same without the validators' CPU), P9-1x1, P9-2x2.
 *
 * Two whole pools run side by side, as `npm run pool` starts them (test/e2e/support's
 * PoolUnderTest: each its own nats-server, regtest monerod, wallet-rpc, job-manager,
 * accounting, stats-web, light-mode validators), each on its own private Postgres
 * cluster so every backend is its own. MINERS miners log in to each pool at fixed
 * difficulty 1 (in 2+2 half on each gateway); their shares are real RandomX hashes
 * computed in this process before each window (not counted), then submitted at the
 * same total rate to both pools. Windows alternate 1+1, 2+2, …; in each, CPU-seconds
 * are utime+stime of every process tree of the loaded pool (descendants included).
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { makeTestDir, type PostgresInstance, startPostgres } from '@rxpool/devstack';
import { RandomXHasherSource } from '@rxpool/stratum-client';
import { PoolUnderTest } from '../../test/e2e/support/pool-under-test.js';
import { PacedMiner, precompute, runPaced } from './paced-miners.js';
import { type CpuWindow, TreeCpuMeter } from './process-cpu.js';

const RATE = Number(process.env.P9_RATE ?? 8);
const ROUNDS = Number(process.env.P9_ROUNDS ?? 4);
const WINDOW_MS = Number(process.env.P9_WINDOW_S ?? 30) * 1000;
const WARMUP_MS = 5_000;
const MINERS = 8;
// No block during the bench: a difficulty-1 share meets it once in 10^9.
const BLOCK_DIFFICULTY = 1_000_000_000;
const ADDRESS =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';
const RESULTS = fileURLToPath(new URL('../results/P9.json', import.meta.url));

interface Setup {
  label: '1+1' | '2+2';
  gateways: number;
  validators: number;
  postgres: PostgresInstance;
  pool: PoolUnderTest;
  miners: PacedMiner[];
}

interface Window {
  label: Setup['label'];
  accepted: number;
  rejected: number;
  short: number;
  cpu: CpuWindow;
  idleOtherCpu: number;
  benchCpu: number;
  p50Ms: number;
  /** CPU ms per hash of the miners' light-mode hashing just before the window: the raw cost beside it. */
  rawHashMs: number;
  load1: number;
}

const say = (line: string) => process.stdout.write(`p9: ${line}\n`);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join('/');
const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] ?? 0) : ((s[m - 1] ?? 0) + (s[m] ?? 0)) / 2;
};
const group = (part: string) => part.replace(/-\d+$/, '');

/** Root PID of every process the pool runs, by part name; trees below them are counted too. */
function roots(s: Setup): Map<string, number> {
  const out = new Map<string, number>();
  const add = (name: string, pid: number | undefined) => {
    if (pid !== undefined) out.set(name, pid);
  };
  for (const name of s.pool.pool.serviceNames) add(name, s.pool.pool.service(name).process.pid);
  for (const [i, n] of s.pool.parts.natsNodes.entries()) add(`nats-server-${i + 1}`, n.process.pid);
  add('monerod', s.pool.parts.monerod.process.pid);
  add('monero-wallet-rpc', s.pool.parts.wallet.process.pid);
  add('postgres', s.postgres.process?.pid);
  return out;
}

async function startSetup(label: Setup['label'], n: number, delayMs: number): Promise<Setup> {
  await sleep(delayMs); // staggered: the two pools pick their port blocks one after the other
  const started = performance.now();
  const postgres = await startPostgres({ dir: makeTestDir(`p9-pg-${n}x${n}`) });
  try {
    const pool = await PoolUnderTest.start({
      label: `p9-${n}x${n}`,
      gateways: n,
      validators: n,
      blockDifficulty: BLOCK_DIFFICULTY,
      shareDifficulty: 1,
      postgresUrl: postgres.url,
    });
    const miners = Array.from(
      { length: MINERS },
      (_, i) =>
        new PacedMiner('127.0.0.1', pool.gatewayPort(i % n), `127.0.0.${10 + i}`, `${ADDRESS}.m${i}+1`),
    );
    say(`${label} pool ready in ${((performance.now() - started) / 1000).toFixed(0)} s (${pool.dir})`);
    return { label, gateways: n, validators: n, postgres, pool, miners };
  } catch (err) {
    await postgres.stop();
    throw err;
  }
}

async function measure(s: Setup, other: Setup | undefined, hashers: RandomXHasherSource): Promise<Window> {
  await Promise.all(s.miners.map((m) => m.ensureConnected()));
  const t0 = performance.now();
  const hashCpu0 = process.cpuUsage();
  const perMiner = Math.ceil((RATE * (WARMUP_MS + WINDOW_MS + 1_000)) / 1000 / MINERS) + 2;
  const hashed = await precompute(s.miners, perMiner, hashers);
  const hashCpu = process.cpuUsage(hashCpu0);
  say(`${s.label}: ${hashed} shares hashed ahead in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const run = runPaced(s.miners, RATE, WARMUP_MS + WINDOW_MS + 500);
  await sleep(WARMUP_MS);
  const meter = new TreeCpuMeter(() => roots(s)).start();
  const idle = other ? new TreeCpuMeter(() => roots(other)).start() : undefined;
  const bench0 = process.cpuUsage();
  const from = performance.now();
  await sleep(WINDOW_MS);
  const cpu = meter.stop();
  const idleOtherCpu = idle?.stop().seconds ?? 0;
  const bench = process.cpuUsage(bench0);
  const to = performance.now();
  const { submits, short } = await run;
  const inWindow = submits.filter((x) => x.repliedAt >= from && x.repliedAt < to);
  const ok = inWindow.filter((x) => x.accepted);
  const errors = [...new Set(inWindow.filter((x) => !x.accepted).map((x) => x.error))].slice(0, 3);
  if (errors.length > 0) say(`${s.label}: rejections: ${errors.join('; ')}`);
  return {
    label: s.label,
    accepted: ok.length,
    rejected: inWindow.length - ok.length,
    short,
    cpu,
    idleOtherCpu,
    benchCpu: (bench.user + bench.system) / 1e6,
    p50Ms: median(ok.map((x) => x.repliedAt - x.sentAt)),
    rawHashMs: (hashCpu.user + hashCpu.system) / 1000 / Math.max(1, hashed),
    load1: loadavg()[0] ?? 0,
  };
}

function describe(w: Window): string {
  const groups: Record<string, number> = {};
  for (const [part, secs] of Object.entries(w.cpu.byPart))
    groups[group(part)] = (groups[group(part)] ?? 0) + secs;
  const parts = Object.entries(groups)
    .sort((a, b) => b[1] - a[1])
    .map(([g, secs]) => `${g} ${secs.toFixed(1)}`)
    .join(', ');
  return (
    `${w.label}: ${w.accepted} accepted (${w.rejected} rejected, ${w.short} short) / ${w.cpu.seconds.toFixed(1)} CPU-s ` +
    `= ${(w.accepted / w.cpu.seconds).toFixed(2)} shares/CPU-s; p50 ${w.p50Ms.toFixed(0)} ms; ${w.cpu.processes} processes [${parts}]; ` +
    `validators ${((1000 * validatorCpu(w)) / w.accepted).toFixed(1)} CPU-ms/share, raw light hash ${w.rawHashMs.toFixed(1)} ms; ` +
    `idle other pool ${w.idleOtherCpu.toFixed(1)} CPU-s, miners (this process) ${w.benchCpu.toFixed(1)} CPU-s; load ${w.load1.toFixed(1)}`
  );
}

const validators = (w: Window) =>
  Object.entries(w.cpu.byPart).filter(([p]) => group(p) === 'share-validator');
const validatorCpu = (w: Window) => validators(w).reduce((a, [, secs]) => a + secs, 0);

/** Validator CPU of a window's split over its validators, e.g. "48/52". */
function validatorSplit(w: Window): string {
  return validators(w)
    .map(([, secs]) => ((100 * secs) / validatorCpu(w)).toFixed(0))
    .join('/');
}

/** Validator CPU-ms per accepted share ÷ the miners' CPU-ms per light hash measured just before. */
const validatorCost = (w: Window) => (1000 * validatorCpu(w)) / w.accepted / w.rawHashMs;

const startedAt = performance.now();
const loadBefore = load();
say(
  `rate ${RATE} shares/s, ${MINERS} miners, ${ROUNDS} rounds of ${WINDOW_MS / 1000} s windows; load ${loadBefore}`,
);
const hashers = new RandomXHasherSource({ mode: 'light', threads: 2, nice: 5 });
const setups: Setup[] = [];
const stopAll = async () => {
  hashers.close();
  await Promise.all(setups.map((s) => Promise.all(s.miners.map((m) => m.close()))));
  await Promise.all(setups.map((s) => s.pool.stop().catch(() => undefined)));
  await Promise.all(setups.map((s) => s.postgres.stop().catch(() => undefined)));
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

const windows: Window[] = [];
try {
  const started = await Promise.allSettled([startSetup('1+1', 1, 0), startSetup('2+2', 2, 3_000)]);
  for (const r of started) if (r.status === 'fulfilled') setups.push(r.value);
  for (const r of started) if (r.status === 'rejected') throw r.reason;
  const [one, two] = setups as [Setup, Setup];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [s, other] of [
      [one, two],
      [two, one],
    ] as const) {
      const w = await measure(s, other, hashers);
      windows.push(w);
      say(`round ${round}/${ROUNDS} ${describe(w)}`);
    }
  }
} finally {
  await stopAll();
}

const per = (label: string, cpu: (w: Window) => number) =>
  windows.filter((w) => w.label === label).map((w) => w.accepted / cpu(w));
const a = per('1+1', (w) => w.cpu.seconds);
const b = per('2+2', (w) => w.cpu.seconds);
const ratios = a.map((x, i) => (b[i] ?? 0) / x);
// Without the validators, whose light-mode hashing is most of the CPU and varies most with the machine's load.
const restA = per('1+1', (w) => w.cpu.seconds - validatorCpu(w));
const restB = per('2+2', (w) => w.cpu.seconds - validatorCpu(w));
const restRatios = restA.map((x, i) => (restB[i] ?? 0) / x);
const fmt = (xs: readonly number[], d: number) => xs.map((x) => x.toFixed(d)).join(', ');
const spread = (xs: readonly number[], d: number) =>
  `median ${median(xs).toFixed(d)}, spread ${Math.min(...xs).toFixed(d)}–${Math.max(...xs).toFixed(d)}`;
const loadAfter = load();
const twoByTwo = windows.filter((w) => w.label === '2+2');
const costs = (label: string) => fmt(windows.filter((w) => w.label === label).map(validatorCost), 2);
const context =
  `shared 2-vCPU machine busy with other engineers' tests: load average ${loadBefore} before, ${loadAfter} after (1/5/15 min), ` +
  `1-min load in the windows ${fmt(
    windows.map((w) => w.load1),
    1,
  )}; the lead re-runs it on a quieter machine`;
const setupText =
  `two whole pools side by side, as npm run pool starts them (each its own nats-server, private Postgres cluster, regtest monerod, ` +
  `monero-wallet-rpc, job-manager, accounting, stats-web; light-mode validators, 2 hashing threads each); ${MINERS} miners at ${RATE} ` +
  `shares/s in total at fixed difficulty 1 (in 2+2 half on each gateway), real RandomX shares hashed ahead in the bench process ` +
  `(not counted); CPU = utime+stime from /proc of every process tree of the loaded pool (gateways, validators, job-manager, ` +
  `accounting, stats-web, nats-server, postmaster and every Postgres backend, monerod, wallet-rpc); accepted = OKs received in the window; ` +
  `${ROUNDS} rounds of alternating ${WINDOW_MS / 1000} s windows (1+1 then 2+2) after ${WARMUP_MS / 1000} s of load each`;
const figures = {
  P9: {
    value: Number(median(ratios).toFixed(3)),
    unit: 'ratio',
    how:
      `accepted shares per CPU-second of all pool processes, 2 gateways + 2 validators ÷ 1 + 1, per round ${fmt(ratios, 3)} ` +
      `(${spread(ratios, 3)}); validator CPU split in 2+2 ${twoByTwo.map(validatorSplit).join(', ')} %; ` +
      `validator CPU per share ÷ CPU per raw light hash (the miners', just before each window) ${costs('1+1')} in 1+1, ` +
      `${costs('2+2')} in 2+2; ${setupText}; ${context}`,
  },
  'P9-rest': {
    value: Number(median(restRatios).toFixed(3)),
    unit: 'ratio',
    how:
      `P9 without the validators' CPU (every other pool process): per round ${fmt(restRatios, 3)} (${spread(restRatios, 3)}); ` +
      `1+1 ${fmt(restA, 1)}, 2+2 ${fmt(restB, 1)} shares/CPU-s; the P9 windows; ${context}`,
  },
  'P9-1x1': {
    value: Number(median(a).toFixed(2)),
    unit: 'shares/CPU-s',
    how: `1 gateway + 1 validator: ${fmt(a, 2)} (${spread(a, 2)}); the P9 windows; ${context}`,
  },
  'P9-2x2': {
    value: Number(median(b).toFixed(2)),
    unit: 'shares/CPU-s',
    how: `2 gateways + 2 validators: ${fmt(b, 2)} (${spread(b, 2)}); the P9 windows; ${context}`,
  },
};
writeFileSync(RESULTS, `${JSON.stringify(figures, null, 2)}\n`);
say(
  `P9 ${figures.P9.value} (${spread(ratios, 3)}) in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`,
);
say(`wrote ${join('bench', 'results', 'P9.json')}`);
process.exit(0);
