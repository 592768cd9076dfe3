/**
 * Running the compiled services (services/<name>/dist) in tests, each with
 * its own health port and environment, as the local pool runs them. Build
 * first (`npm test` does).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CommandResult, freePort, runToExit, ServiceProcess } from '@rxpool/devstack';
import { type ServiceContext, type ServiceName, serviceEntry, serviceEnv } from '@rxpool/local-pool';

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

/** Runs a service until it exits by itself (bad configuration), with nothing but `env`; kills it after `timeoutMs`. */
export function runUntilExit(
  entry: string,
  env: Record<string, string>,
  timeoutMs: number,
): Promise<CommandResult> {
  return runToExit({ entry, env, cleanEnv: true, timeoutMs });
}

/** Starts `service` with the pool's environment for `context`; logs under `dir`/logs. */
export async function startService(
  service: ServiceName,
  context: ServiceContext,
  dir: string,
  extraEnv: Record<string, string> = {},
): Promise<ServiceProcess> {
  const entry = requireBuilt(service);
  const { env, healthPort } = await testServiceEnv(service, context, dir);
  return new ServiceProcess(
    { name: service, entry, healthHost: '127.0.0.1', healthPort, env: { ...env, ...extraEnv } },
    join(dir, 'logs'),
  ).start();
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
