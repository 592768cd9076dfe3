/**
 * Test harness: a private regtest monerod and nats-server per test file, a
 * NATS client on the test's namespace, and the job-manager in-process or as
 * a child process from dist/. Test code only (excluded from the build).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NatsBus } from '@rxpool/bus';
import { loadConfig } from '@rxpool/config';
import {
  freePort,
  type MonerodInstance,
  type MonerodOptions,
  makeTestDir,
  type NatsInstance,
  ServiceProcess,
  startMonerod,
  startNats,
  TEST_WALLET,
} from '@rxpool/devstack';
import {
  type BlockSubmitted,
  decodeBlockSubmitted,
  decodeJson,
  decodeTemplateEvent,
  type MessageNames,
  type TemplateEvent,
} from '@rxpool/messages';
import { createLogger, HealthRegistry, type Registry } from '@rxpool/observability';
import { METRICS, ServiceKitModule, startServiceContext } from '@rxpool/service-kit';
import { type JobManagerConfig, readJobManagerConfig } from '../config.js';
import { JobManager } from '../job-manager.js';
import { JobManagerModule } from '../job-manager.module.js';

export interface Stack {
  dir: string;
  monerod: MonerodInstance;
  nats: NatsInstance;
  namespace: string;
  bus: NatsBus;
  names: MessageNames;
  env(overrides?: Record<string, string>): Record<string, string>;
  close(): Promise<void>;
}

export async function startStack(label: string, monerod: Partial<MonerodOptions> = {}): Promise<Stack> {
  const dir = makeTestDir(label);
  const [m, nats] = await Promise.all([
    startMonerod({ dir: join(dir, 'monerod'), ...monerod }),
    startNats({ dir: join(dir, 'nats') }),
  ]);
  const namespace = `jm${randomBytes(3).toString('hex')}`;
  const health = new HealthRegistry();
  const bus = new NatsBus({ url: nats.url, namespace, name: 'test' }, health, createLogger('test', 'silent'));
  await bus.connect();
  await bus.ensureStreams();
  return {
    dir,
    monerod: m,
    nats,
    namespace,
    bus,
    names: bus.names,
    env: (overrides = {}) => ({
      NATS_URL: nats.url,
      NATS_NAMESPACE: namespace,
      MONEROD_URLS: m.rpcUrl,
      ...(m.zmqUrl ? { MONEROD_ZMQ_URL: m.zmqUrl } : {}),
      POOL_WALLET_ADDRESS: TEST_WALLET.address,
      MONERO_NETWORK: 'mainnet',
      POLL_INTERVAL_MS: '250',
      LEADER_LEASE_TTL_MS: '3000',
      MONEROD_RPC_TIMEOUT_MS: '3000',
      LOG_LEVEL: process.env.JM_TEST_LOG_LEVEL ?? 'warn',
      ...overrides,
    }),
    async close() {
      await bus.close();
      await Promise.all([m.stop(), nats.stop()]);
    },
  };
}

export interface InProcessJobManager {
  jm: JobManager;
  health: HealthRegistry;
  registry: Registry;
  config: JobManagerConfig;
  stop(): Promise<void>;
}

/** The job-manager's module booted in this process as main.ts boots it, on its own bus connection. */
export async function startInProcess(
  stack: Stack,
  overrides: Record<string, string> = {},
): Promise<InProcessJobManager> {
  const config = loadConfig(readJobManagerConfig, stack.env(overrides));
  const health = new HealthRegistry();
  const log = createLogger('job-manager', config.common.logLevel);
  const bus = new NatsBus(
    { url: stack.nats.url, namespace: stack.namespace, name: 'job-manager' },
    health,
    log,
  );
  await bus.connect();
  await bus.ensureStreams();
  const kit = ServiceKitModule.forRoot({
    common: config.common,
    logger: log,
    bus,
    health,
    serveHealth: false,
  });
  const app = await startServiceContext(JobManagerModule.forRoot(kit, config), log);
  return {
    jm: app.get(JobManager),
    health,
    registry: app.get(METRICS),
    config,
    async stop() {
      await app.close();
      await bus.close();
    },
  };
}

const serviceDir = fileURLToPath(new URL('../../', import.meta.url));

/** Compiles the service (and what it imports) and the devstack into dist/ for child processes and the bench. */
export function buildService(): void {
  const root = join(serviceDir, '../..');
  execFileSync('npx', ['tsc', '-b', join(root, 'packages/devstack'), serviceDir], {
    cwd: root,
    stdio: 'inherit',
  });
}

/** `node dist/main.js` with the stack's environment, once its health server answers; logs `<test dir>/<name>.log`. */
export async function startChild(
  stack: Stack,
  name: string,
  overrides: Record<string, string> = {},
): Promise<ServiceProcess> {
  const child = new ServiceProcess(
    {
      name,
      entry: join(serviceDir, 'dist/main.js'),
      healthHost: '127.0.0.1',
      healthPort: await freePort(),
      env: stack.env(overrides),
    },
    stack.dir,
  ).start();
  await child.waitUp();
  return child;
}

/** Collects events from a subject (JetStream publishes reach core subscribers too). */
export class EventCollector<T> {
  readonly events: Array<{ event: T; at: number }> = [];
  private readonly sub;
  private waiters: Array<() => void> = [];

  constructor(bus: NatsBus, subject: string, decode: (value: unknown) => T) {
    this.sub = bus.connection.subscribe(subject, {
      callback: (_err, msg) => {
        this.events.push({ event: decodeJson(msg.data, decode), at: performance.now() });
        for (const w of this.waiters) w();
      },
    });
  }

  /** The first event (from index `from`) matching `match`, waiting up to `timeoutMs`. */
  async next(match: (e: T) => boolean, timeoutMs = 15_000, from = 0): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.slice(from).find((e) => match(e.event));
      if (found) return found.event;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching event within ${timeoutMs} ms (${this.events.length} seen)`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
      this.waiters = [];
    }
  }

  close(): void {
    this.sub.unsubscribe();
  }
}

export const templates = (bus: NatsBus) =>
  new EventCollector<TemplateEvent>(bus, bus.names.subjects.template, decodeTemplateEvent);
export const outcomes = (bus: NatsBus) =>
  new EventCollector<BlockSubmitted>(bus, bus.names.subjects.blocksSubmitted, decodeBlockSubmitted);
