/**
 * P2: idle miners held by one gateway instance (goal 100,000), and P2-mem: the gateway's
 * RSS per connection divided by a bare Node `net` server's RSS per connection at the
 * same count (goal ≤ 2.0).
 *
 * Run: npx tsx bench/gateway/idle.bench.ts      (from the repository root)
 * Env: P2_MINERS (100000), P2_WORKERS (7: processes of the gateway and of the bare
 * server; each must stay under the 20,000 open files of this machine), P2_PER_CLIENT
 * (14000 connections per client process).
 * Writes P2, P2-mem, P2-rss-bytes (and P2-bare-rss-bytes) to bench/results/P2-P4.json.
 *
 * Both servers run as node:cluster with the same number of workers; RSS is summed over
 * the primary and its workers from /proc, before the connections and after they are
 * all open and have sat idle a while; the difference divided by the connections held
 * is the RSS per connection. Gateway connections are logged-in miners (session, job,
 * vardiff state); bare connections are plain sockets.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { templateEvent } from '../../services/stratum-gateway/src/testing/fixtures.js';
import {
  buildServices,
  sleep,
  startBare,
  startBenchNats,
  startGateway,
  templateFrom,
  WALLET,
  writeFigures,
} from './bench-support.js';

const MINERS = Number(process.env.P2_MINERS ?? 100_000);
const WORKERS = Number(process.env.P2_WORKERS ?? 7);
const PER_CLIENT = Number(process.env.P2_PER_CLIENT ?? 14_000);
const SETTLE_MS = Number(process.env.P2_SETTLE_MS ?? 15_000);
const NAMESPACE = 'benchp2';
const CLIENT = fileURLToPath(new URL('./idle-clients.ts', import.meta.url));

interface Opened {
  opened: number;
  failed: number;
  failures: Record<string, number>;
  ms: number;
}

function once<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: { type?: string }) => {
      if (m?.type === type) {
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m as T);
      }
    };
    const onExit = (code: number | null) =>
      reject(new Error(`client process exited (${code}) before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Opens `total` connections from child processes; resolves with them and what they opened. */
async function openClients(port: number, total: number, mode: 'login' | 'raw') {
  const n = Math.ceil(total / PER_CLIENT);
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    const count = Math.min(PER_CLIENT, total - i * PER_CLIENT);
    children.push(
      fork(CLIENT, [], {
        execArgv: ['--import', 'tsx', '--conditions=source'],
        env: {
          ...process.env,
          PORT: String(port),
          COUNT: String(count),
          MODE: mode,
          SUBNET: String(i + 10),
          WALLET,
        },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
  }
  const reports = await Promise.all(children.map((c) => once<Opened>(c, 'opened')));
  const opened = reports.reduce((a, r) => a + r.opened, 0);
  const failures = Object.assign({}, ...reports.map((r) => r.failures)) as Record<string, number>;
  const seconds = Math.max(...reports.map((r) => r.ms)) / 1000;
  console.log(
    `  ${opened}/${total} ${mode} connections open in ${seconds.toFixed(1)} s${opened < total ? ` failures ${JSON.stringify(failures)}` : ''}`,
  );
  const stillOpen = async () => {
    const counts = await Promise.all(
      children.map((c) => {
        const p = once<{ open: number }>(c, 'count');
        c.send({ type: 'count' });
        return p;
      }),
    );
    return counts.reduce((a, r) => a + r.open, 0);
  };
  const close = async () => {
    await Promise.all(
      children.map((c) => {
        const exited = new Promise((resolve) => c.once('exit', resolve));
        c.send({ type: 'close' });
        return exited;
      }),
    );
  };
  return { opened, stillOpen, close };
}

async function measure(
  what: string,
  rss: () => number,
  port: number,
  mode: 'login' | 'raw',
): Promise<{ held: number; perConnection: number; rssBytes: number }> {
  await sleep(3_000);
  const before = rss();
  const clients = await openClients(port, MINERS, mode);
  await sleep(SETTLE_MS);
  const held = await clients.stillOpen();
  const after = rss();
  const perConnection = (after - before) / held;
  console.log(
    `  ${what}: ${held} held; RSS ${(before / 2 ** 20).toFixed(0)} → ${(after / 2 ** 20).toFixed(0)} MiB, ` +
      `${perConnection.toFixed(0)} bytes per connection`,
  );
  await clients.close();
  return { held, perConnection, rssBytes: after - before };
}

buildServices('stratum-gateway');
const bench = await startBenchNats('bench-p2', NAMESPACE);
const { dir } = bench;
await bench.publishTemplate(templateFrom(templateEvent(), 'p2', 2000));
console.log(
  `P2: ${MINERS} idle miners on a gateway of ${WORKERS} worker processes, beside a bare net server of as many`,
);

let gw: Awaited<ReturnType<typeof measure>>;
let bare: Awaited<ReturnType<typeof measure>>;
const gateway = await startGateway({ dir, natsUrl: bench.url, namespace: NAMESPACE, workers: WORKERS });
try {
  gw = await measure('gateway', () => gateway.rssBytes(), gateway.port, 'login');
} finally {
  await gateway.stop();
}
const server = await startBare(WORKERS);
try {
  bare = await measure('bare net server', () => server.rssBytes(), server.port, 'raw');
} finally {
  await server.stop();
}
await bench.close();

const ratio = gw.perConnection / bare.perConnection;
console.log(
  `P2 ${gw.held} held; P2-mem ${ratio.toFixed(2)} (${gw.perConnection.toFixed(0)} / ${bare.perConnection.toFixed(0)} bytes)`,
);
writeFigures({
  P2: {
    value: gw.held,
    unit: 'connections',
    how: `logged-in idle miners held by one gateway (${WORKERS} worker processes, one NATS lease each), counted open after ${SETTLE_MS / 1000} s idle; clients in ${Math.ceil(MINERS / PER_CLIENT)} processes from 127.0.x.y`,
  },
  'P2-mem': {
    value: Number(ratio.toFixed(3)),
    unit: 'ratio',
    how: `gateway RSS per logged-in connection divided by a bare Node net server's RSS per connection (same ${WORKERS}-worker cluster, same count), RSS of primary+workers from /proc after ${SETTLE_MS / 1000} s idle minus before`,
  },
  'P2-rss-bytes': {
    value: Math.round(gw.perConnection),
    unit: 'bytes/connection',
    how: `gateway RSS growth / ${gw.held} logged-in idle connections`,
  },
  'P2-bare-rss-bytes': {
    value: Math.round(bare.perConnection),
    unit: 'bytes/connection',
    how: `bare Node net server RSS growth / ${bare.held} idle connections`,
  },
});
