/** Test-only: a compiled service (services/<name>/dist/main.js) as its own process. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, ServiceProcess } from '@rxpool/devstack';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export type ServiceName = 'job-manager' | 'share-validator' | 'stratum-gateway';

export function serviceMain(name: ServiceName): string {
  const main = join(ROOT, 'services', name, 'dist', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
  return main;
}

/**
 * Starts `name` on the test's NATS namespace, seeing nothing of the runner's
 * environment but PATH; its log is `<dir>/<name>-<health port>.log`.
 */
export async function startServiceProcess(
  name: ServiceName,
  options: { dir: string; natsUrl: string; namespace: string; env?: Record<string, string> },
): Promise<ServiceProcess> {
  const healthPort = await freePort();
  return new ServiceProcess(
    {
      name: `${name}-${healthPort}`,
      entry: serviceMain(name),
      healthHost: '127.0.0.1',
      healthPort,
      cleanEnv: true,
      env: {
        NATS_URL: options.natsUrl,
        NATS_NAMESPACE: options.namespace,
        MONERO_NETWORK: 'mainnet',
        LOG_LEVEL: 'info',
        ...options.env,
      },
    },
    options.dir,
  ).start();
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
