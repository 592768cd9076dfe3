import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, type ManagedProcess, readHealth, runToExit, ServiceProcess } from '@rxpool/devstack';

const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

function distFile(name: string): string {
  const file = join(distDir, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -b services/accounting)`);
  return file;
}

/** Runs the compiled migrate command; returns its output. */
export async function runMigrate(databaseUrl: string, command = 'up'): Promise<string> {
  const result = await runToExit({
    entry: distFile('migrate.js'),
    args: [command],
    env: { DATABASE_URL: databaseUrl },
  });
  if (result.code !== 0)
    throw new Error(`migrate ${command} failed (${result.code}): ${result.stderr.trim()}`);
  return result.stdout;
}

/**
 * The compiled accounting service as a child process (not started yet) we may
 * kill -9 and start again in place; its log is `<dir>/accounting.log`.
 */
export async function accountingProcess(
  dir: string,
  env: Record<string, string>,
): Promise<{ proc: ManagedProcess; healthPort: number }> {
  const healthPort = await freePort();
  const service = new ServiceProcess(
    {
      name: 'accounting',
      entry: distFile('main.js'),
      healthHost: '127.0.0.1',
      healthPort,
      env: { LOG_LEVEL: 'info', ...env },
    },
    dir,
  );
  return { proc: service.process, healthPort };
}

export async function isReady(healthPort: number): Promise<boolean> {
  return (await readHealth('127.0.0.1', healthPort))?.ready === true;
}
