/**
 * Shared parts of the gateway benches: the compiled gateway as a real process, the
 * bare baseline server, RSS of a process tree, template events, the results file.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NatsBus } from '@rxpool/bus';
import { childrenByParent, freePort, makeTestDir, rssOf, startNats } from '@rxpool/devstack';
import { encodeJson, messageNames, type TemplateEvent } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import { connect, type NatsConnection } from 'nats';
import {
  gatewayEnv,
  startServiceProcess,
} from '../../services/stratum-gateway/src/testing/service-process.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BARE_SERVER = fileURLToPath(new URL('./bare-server.mjs', import.meta.url));
const RESULTS = 'P2-P4.json';

export const WALLET =
  '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm';

export interface Figure {
  value: number;
  unit: string;
  how: string;
}

/** Merges figures into bench/results/<file> (P2-P4.json unless told). */
export function writeFigures(figures: Record<string, Figure>, file = RESULTS): void {
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  const path = join(ROOT, 'bench/results', file);
  const current = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Record<string, Figure>) : {};
  writeFileSync(path, `${JSON.stringify({ ...current, ...figures }, null, 2)}\n`);
  console.log(`wrote ${Object.keys(figures).join(', ')} to bench/results/${file}`);
}

/** Compiles the services (and what they import) so the bench runs what production runs. */
export function buildServices(...services: string[]): void {
  const projects = services.map((s) => `services/${s}`);
  execFileSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-b', ...projects], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Template events from the mainnet vector (16 bytes of reserved space are enough). */
export function templateFrom(base: TemplateEvent, id: string, height: number): TemplateEvent {
  return { ...base, templateId: id, height, createdAt: Date.now() };
}

export interface BenchNats {
  dir: string;
  url: string;
  /** A plain connection for publishing and requests. */
  nc: NatsConnection;
  publishTemplate(event: TemplateEvent): Promise<void>;
  close(): Promise<void>;
}

/** A private nats-server with the pool's streams declared on `namespace`. */
export async function startBenchNats(label: string, namespace: string): Promise<BenchNats> {
  const dir = makeTestDir(label);
  const nats = await startNats({ dir });
  const bus = new NatsBus(
    { url: nats.url, namespace, name: 'bench' },
    new HealthRegistry(),
    createLogger('bench', 'warn'),
  );
  await bus.connect();
  await bus.ensureStreams();
  const nc = await connect({ servers: nats.url, name: 'bench' });
  return {
    dir,
    url: nats.url,
    nc,
    publishTemplate: async (event) => {
      await nc.jetstream().publish(messageNames(namespace).subjects.template, encodeJson(event));
    },
    close: async () => {
      await nc.close();
      await bus.close();
      await nats.stop();
    },
  };
}

export async function publishTemplate(
  nc: NatsConnection,
  namespace: string,
  event: TemplateEvent,
): Promise<void> {
  await nc.jetstream().publish(messageNames(namespace).subjects.template, encodeJson(event));
}

export interface GatewayProcess {
  port: number;
  pid: number;
  /** Its /health and /metrics. */
  healthPort: number;
  rssBytes(): number;
  stop(): Promise<void>;
}

/** Starts dist/main.js and waits until every worker is ready (a template must be published). */
export async function startGateway(options: {
  dir: string;
  natsUrl: string;
  namespace: string;
  workers: number;
  env?: Record<string, string>;
}): Promise<GatewayProcess> {
  const port = await freePort();
  const service = await startServiceProcess('stratum-gateway', {
    dir: options.dir,
    natsUrl: options.natsUrl,
    namespace: options.namespace,
    env: gatewayEnv(port, options.dir, {
      GATEWAY_WORKERS: String(options.workers),
      STRATUM_MAX_CONNECTIONS_PER_IP: '1000000',
      STRATUM_LOGIN_BURST: '1000000',
      STRATUM_LOGIN_PER_SECOND: '1000000',
      STRATUM_SUBMIT_BURST: '1000000',
      STRATUM_SUBMIT_PER_SECOND: '1000000',
      STRATUM_LOGIN_TIMEOUT_MS: '600000',
      LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL ?? 'warn',
      ...options.env,
    }),
  });
  await service.waitReady(120_000, { dependency: options.workers > 1 ? undefined : 'stratum' });
  const pid = service.process.pid ?? 0;
  return {
    port,
    pid,
    healthPort: service.spec.healthPort,
    rssBytes: () => treeRssBytes(pid),
    stop: () => service.stop(),
  };
}

/** The bare baseline server (bare-server.mjs) as a child with an IPC channel. */
export interface BareServer {
  port: number;
  pid: number;
  rssBytes(): number;
  /** Writes `line` to every socket; resolves when the loop is done. */
  writeAll(line: string): Promise<{ sockets: number; ms: number }>;
  /** Sends the write order without waiting (the caller times arrivals). */
  orderWrite(line: string): void;
  stop(): Promise<void>;
}

export async function startBare(workers: number): Promise<BareServer> {
  const port = await freePort();
  const child: ChildProcess = fork(BARE_SERVER, [], {
    env: { ...process.env, BARE_PORT: String(port), BARE_WORKERS: String(workers) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.on('message', function onReady(m: { type?: string }) {
      if (m?.type === 'ready') {
        child.off('message', onReady);
        resolve();
      }
    });
  });
  const pid = child.pid ?? 0;
  return {
    port,
    pid,
    rssBytes: () => treeRssBytes(pid),
    writeAll: (line) =>
      new Promise((resolve) => {
        child.on('message', function onWritten(m: { type?: string; sockets: number; ms: number }) {
          if (m?.type === 'written') {
            child.off('message', onWritten);
            resolve({ sockets: m.sockets, ms: m.ms });
          }
        });
        child.send({ type: 'write', line });
      }),
    orderWrite: (line) => {
      child.send({ type: 'write', line });
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Resident memory of a process and all its descendants (from /proc). */
export function treeRssBytes(root: number): number {
  const children = childrenByParent();
  let total = 0;
  const stack = [root];
  while (stack.length > 0) {
    const pid = stack.pop() as number;
    const rss = rssOf(pid);
    if (rss === undefined) continue;
    total += rss;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Median of a few numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
