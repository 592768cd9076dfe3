import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface ProcessOptions {
  command: string;
  args: string[];
  logFile: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as another user (e.g. postgres) through runuser when we are root. */
  asUser?: string;
}

/**
 * A child process we started and therefore may stop: tracked by PID, its
 * output appended to a log file. Never used on processes we did not start.
 */
export class ManagedProcess {
  private child: ChildProcess | undefined;
  private exitPromise: Promise<number | null> = Promise.resolve(null);

  constructor(readonly options: ProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** The signal that ended the last process (null while it runs or when it exited by itself). */
  get signalCode(): NodeJS.Signals | null {
    return this.child?.signalCode ?? null;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  start(): this {
    const o = this.options;
    mkdirSync(dirname(o.logFile), { recursive: true });
    const log = createWriteStream(o.logFile, { flags: 'a' });
    const [command, args] =
      o.asUser && process.getuid?.() === 0
        ? ['runuser', ['-u', o.asUser, '--', o.command, ...o.args]]
        : [o.command, o.args];
    const child = spawn(command, args, {
      env: o.env ?? process.env,
      cwd: o.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.child = child;
    this.exitPromise = new Promise((resolve) => {
      child.once('exit', (code) => resolve(code));
      child.once('error', () => resolve(-1));
    });
    return this;
  }

  exited(): Promise<number | null> {
    return this.exitPromise;
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs = 10_000): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exitPromise;
    clearTimeout(timer);
  }

  /** kill -9: for crash tests. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || !this.running) return;
    child.kill('SIGKILL');
    await this.exitPromise;
  }
}
