import { spawn } from 'node:child_process';

export interface CommandRun {
  /** A compiled entry point, e.g. services/accounting/dist/migrate.js. */
  entry: string;
  args?: string[];
  env: Record<string, string>;
  /** Only PATH from this process's environment (see ServiceSpec.cleanEnv). */
  cleanEnv?: boolean;
  /** SIGKILL after this long (a service that should have exited by itself); none by default. */
  timeoutMs?: number;
}

export interface CommandResult {
  /** null: killed by a signal (the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a compiled entry point until it exits by itself: a one-shot command
 * (migrate) or a service that must refuse its configuration.
 */
export function runToExit(run: CommandRun): Promise<CommandResult> {
  const inherited = run.cleanEnv ? { PATH: process.env.PATH } : process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [run.entry, ...(run.args ?? [])], {
      env: { ...inherited, ...run.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer =
      run.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), run.timeoutMs);
    child.once('error', (err) => {
      clearTimeout(timer);
      resolve({ code: -1, stdout, stderr: stderr || err.message });
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
