import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, ManagedProcess } from '@rxpool/devstack';

const run = promisify(execFile);
const distDir = fileURLToPath(new URL('../../dist/', import.meta.url));

function distFile(name: string): string {
  const file = join(distDir, name);
  if (!existsSync(file)) throw new Error(`${file} is missing: build first (npx tsc -b services/accounting)`);
  return file;
}

/** Runs the compiled migrate command; returns its output. */
export async function runMigrate(databaseUrl: string, command = 'up'): Promise<string> {
  const { stdout } = await run(process.execPath, [distFile('migrate.js'), command], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  return stdout;
}

/** The compiled accounting service as a child process we may kill -9. */
export async function accountingProcess(
  dir: string,
  env: Record<string, string>,
): Promise<{ proc: ManagedProcess; healthPort: number }> {
  const healthPort = await freePort();
  const proc = new ManagedProcess({
    command: process.execPath,
    args: [distFile('main.js')],
    logFile: join(dir, 'accounting.log'),
    env: {
      ...process.env,
      HEALTH_PORT: String(healthPort),
      HEALTH_HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  return { proc, healthPort };
}

export async function isReady(healthPort: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${healthPort}/health`);
    return res.status === 200;
  } catch {
    return false;
  }
}
