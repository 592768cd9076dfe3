/** Test-only: a compiled service (services/<name>/dist/main.js) as its own process. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ManagedProcess, waitFor } from '@rxpool/devstack';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export type ServiceName = 'job-manager' | 'share-validator' | 'stratum-gateway';

export function serviceMain(name: ServiceName): string {
  const main = join(ROOT, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  return main;
}

export interface ServiceProcess {
  process: ManagedProcess;
  healthPort: number;
  /** Waits until /health is 200 with `dependency` (a check the service registers late) ok. */
  ready(dependency?: string, timeoutMs?: number): Promise<void>;
  stop(graceMs?: number): Promise<void>;
}

export async function startServiceProcess(
  name: ServiceName,
  options: { dir: string; natsUrl: string; namespace: string; env?: Record<string, string> },
): Promise<ServiceProcess> {
  const healthPort = await freePort();
  const proc = new ManagedProcess({
    command: process.execPath,
    args: [serviceMain(name)],
    logFile: join(options.dir, `${name}-${healthPort}.log`),
    env: {
      PATH: process.env.PATH,
      NATS_URL: options.natsUrl,
      NATS_NAMESPACE: options.namespace,
      MONERO_NETWORK: 'mainnet',
      HEALTH_HOST: '127.0.0.1',
      HEALTH_PORT: String(healthPort),
      LOG_LEVEL: 'info',
      ...options.env,
    },
  }).start();
  return {
    process: proc,
    healthPort,
    ready: (dependency, timeoutMs = 120_000) =>
      waitFor(
        `${name} ready`,
        async () => {
          if (!proc.running) throw new Error(`${name} exited; see ${proc.options.logFile}`);
          const res = await fetch(`http://127.0.0.1:${healthPort}/health`);
          if (res.status !== 200) return false;
          const body = (await res.json()) as { dependencies: Record<string, { ok: boolean }> };
          return dependency === undefined || body.dependencies[dependency]?.ok === true;
        },
        timeoutMs,
        200,
      ),
    stop: (graceMs = 30_000) => proc.stop(graceMs),
  };
}

/** A gateway on one plain port, no TLS port, test-friendly difficulty. */
export function gatewayEnv(
  port: number,
  stateDir: string,
  env: Record<string, string> = {},
): Record<string, string> {
  return {
    STRATUM_HOST: '127.0.0.1',
    STRATUM_PORTS: String(port),
    STRATUM_TLS_PORTS: 'none',
    GATEWAY_STATE_DIR: stateDir,
    STRATUM_MIN_DIFFICULTY: '1',
    ...env,
  };
}
