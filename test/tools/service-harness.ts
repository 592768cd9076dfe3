/**
 * Running the compiled services (services/<name>/dist) in tests, each with
 * its own health port and environment, as the local pool runs them. Build
 * first (`npm test` does).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { freePort } from '@rxpool/devstack';
import {
  type ServiceContext,
  ServiceExitedError,
  type ServiceName,
  ServiceProcess,
  serviceEntry,
  serviceEnv,
} from '@rxpool/local-pool';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function requireBuilt(service: ServiceName, file = 'main.js'): string {
  const entry = serviceEntry(repoRoot, service, file);
  if (!existsSync(entry)) throw new Error(`${entry} is missing: build the service first (npm run build)`);
  return entry;
}

/** A service context whose parts need not exist: for tests that stop before connecting anything. */
export function offlineContext(over: Partial<ServiceContext> = {}): ServiceContext {
  return {
    repoRoot,
    natsUrl: 'nats://127.0.0.1:1',
    databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
    monerodRpcUrl: 'http://127.0.0.1:1',
    monerodZmqUrl: 'tcp://127.0.0.1:1',
    walletRpcUrl: 'http://127.0.0.1:1',
    walletAddress:
      '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm',
    adminToken: 'test-admin-token',
    tlsCertFile: '',
    tlsKeyFile: '',
    ...over,
  };
}

/** The environment the pool would give `service`, on free ports, under `dir`. */
export async function testServiceEnv(
  service: ServiceName,
  context: ServiceContext,
  dir: string,
): Promise<{ env: Record<string, string>; healthPort: number }> {
  const healthPort = await freePort();
  const env = serviceEnv(
    service,
    {
      name: service,
      host: '127.0.0.1',
      healthPort,
      logLevel: 'info',
      stateDir: join(dir, service),
      gatewayPorts: { stratum: await freePort(), tls: await freePort() },
      shareDifficulty: 100,
      adminGrpcPort: await freePort(),
    },
    context,
  );
  return { env, healthPort };
}

export interface ExitResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a service until it exits by itself (bad configuration); kills it after `timeoutMs`. */
export function runUntilExit(
  entry: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<ExitResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [entry], { env: { PATH: process.env.PATH, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export interface HealthBody {
  status: string;
  ready: boolean;
  dependencies: Record<string, { ok: boolean; detail?: string }>;
}

/** A started service with health helpers. */
export class TestService {
  constructor(
    readonly process: ServiceProcess,
    readonly healthPort: number,
  ) {}

  async health(): Promise<{ status: number; body: HealthBody } | undefined> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.healthPort}/health`, {
        signal: AbortSignal.timeout(2_000),
      });
      return { status: res.status, body: (await res.json()) as HealthBody };
    } catch {
      return undefined;
    }
  }

  waitReady(timeoutMs = 90_000): Promise<void> {
    return this.process.waitReady(timeoutMs);
  }

  /** Waits until /health answers 503 with `dependency` not ok; returns that body. */
  async waitNotReady(dependency: string, timeoutMs = 60_000): Promise<HealthBody> {
    const name = this.process.spec.name;
    const deadline = Date.now() + timeoutMs;
    let last: HealthBody | undefined;
    for (;;) {
      // A crash is the failure to report, at once: the service must survive losing a dependency.
      if (!this.process.process.running) {
        throw new ServiceExitedError(
          `${name} exited with code ${await this.process.process.exited()} instead of reporting ${dependency} not ready: ${this.process.lastLogLine()}`,
        );
      }
      const h = await this.health();
      last = h?.body;
      if (h !== undefined && h.status === 503 && h.body.dependencies[dependency]?.ok === false) return h.body;
      if (Date.now() > deadline) {
        throw new Error(
          `${name} did not report ${dependency} not ready within ${timeoutMs} ms: ${JSON.stringify(last)}`,
        );
      }
      await sleep(200);
    }
  }

  get running(): boolean {
    return this.process.process.running;
  }

  stop(): Promise<void> {
    return this.process.stop();
  }
}

/** Starts `service` with the pool's environment for `context`; logs under `dir`/logs. */
export async function startService(
  service: ServiceName,
  context: ServiceContext,
  dir: string,
  extraEnv: Record<string, string> = {},
): Promise<TestService> {
  const entry = requireBuilt(service);
  const { env, healthPort } = await testServiceEnv(service, context, dir);
  const proc = new ServiceProcess(
    { name: service, service, entry, healthHost: '127.0.0.1', healthPort, env: { ...env, ...extraEnv } },
    join(dir, 'logs'),
  ).start();
  return new TestService(proc, healthPort);
}

/** accounting's migrate command on `databaseUrl`. */
export async function migrate(databaseUrl: string): Promise<void> {
  const result = await runUntilExit(
    requireBuilt('accounting', 'migrate.js'),
    { DATABASE_URL: databaseUrl },
    60_000,
  );
  if (result.code !== 0) throw new Error(`migrate failed (${result.code}): ${result.stderr.trim()}`);
}
