import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagedProcess } from '@rxpool/devstack';

/** One service process to run: which entry point, which health port, which environment. */
export interface ServiceSpec {
  /** Instance name, e.g. stratum-gateway-2. */
  name: string;
  /** Folder under services/, e.g. stratum-gateway. */
  service: string;
  entry: string;
  healthHost: string;
  healthPort: number;
  env: Record<string, string>;
}

export interface HealthSnapshot {
  /** 200, and at least one dependency check registered (an empty registry means "still starting"). */
  ready: boolean;
  /** Not-ready dependencies with their detail, e.g. "nats (connecting)". */
  waitingFor: string[];
}

/** GET /health once; undefined when the server does not answer. */
export async function readHealth(host: string, port: number): Promise<HealthSnapshot | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as { dependencies?: Record<string, { ok: boolean; detail?: string }> };
    const waitingFor = Object.entries(body.dependencies ?? {})
      .filter(([, d]) => !d.ok)
      .map(([name, d]) => (d.detail ? `${name} (${d.detail})` : name));
    const registered = Object.keys(body.dependencies ?? {}).length;
    return { ready: res.status === 200 && registered > 0, waitingFor };
  } catch {
    return undefined;
  }
}

export class ServiceExitedError extends Error {
  override name = 'ServiceExitedError';
}

/** A service process started by the pool, its output (JSON logs) appended to `<logDir>/<name>.log`. */
export class ServiceProcess {
  readonly process: ManagedProcess;
  readonly logFile: string;

  constructor(
    readonly spec: ServiceSpec,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${spec.name}.log`);
    this.process = new ManagedProcess({
      command: process.execPath,
      args: ['--enable-source-maps', spec.entry],
      logFile: this.logFile,
      env: { ...process.env, ...spec.env },
    });
  }

  start(): this {
    this.process.start();
    return this;
  }

  /**
   * Polls /health until it answers ready twice, a second apart (parts of a
   * service register their checks as they start). Fails when the process exits first
   * (with the end of its log) or when `timeoutMs` passes; `progress` hears
   * what it still waits for whenever that changes.
   */
  async waitReady(timeoutMs: number, progress?: (waitingFor: string) => void): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    let readySince: number | undefined;
    for (;;) {
      if (!this.process.running) {
        const code = await this.process.exited();
        throw new ServiceExitedError(
          `${this.spec.name} exited with code ${code} before it was ready: ${this.lastLogLine()}`,
        );
      }
      const health = await readHealth(this.spec.healthHost, this.spec.healthPort);
      if (health?.ready) {
        readySince ??= Date.now();
        if (Date.now() - readySince >= 1_000) return;
      } else {
        readySince = undefined;
      }
      const now = !health
        ? 'health server not up yet'
        : health.ready
          ? 'ready, confirming'
          : health.waitingFor.join(', ') || 'starting';
      if (now !== last && !health?.ready) progress?.(now);
      last = now;
      if (Date.now() > deadline) {
        throw new Error(`${this.spec.name} not ready after ${timeoutMs / 1000} s: waiting for ${now}`);
      }
      await sleep(250);
    }
  }

  stop(): Promise<void> {
    return this.process.stop(15_000);
  }

  /** The last line the process wrote, its `msg` when it is a JSON log line. */
  lastLogLine(): string {
    if (!existsSync(this.logFile)) return '(no output)';
    const lines = readFileSync(this.logFile, 'utf8').trimEnd().split('\n');
    const line = lines[lines.length - 1] ?? '';
    try {
      const parsed = JSON.parse(line) as { msg?: string; err?: { message?: string } };
      return [parsed.msg, parsed.err?.message].filter(Boolean).join(': ') || line;
    } catch {
      return line || '(no output)';
    }
  }
}
