/**
 * The one way to run a compiled service (services/<name>/dist/main.js) as a
 * child process: the local pool's services and every test that starts one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ManagedProcess } from './managed-process.js';
import { fetchHealth, type HealthAnswer, type HealthBody, snapshotOf } from './service-launcher-health.js';

/** One service instance to run: which entry point, which health port, which environment. */
export interface ServiceSpec {
  /** Instance name, e.g. stratum-gateway-2; its output goes to `<logDir>/<name>.log`. */
  name: string;
  /** The compiled entry point. */
  entry: string;
  healthHost: string;
  healthPort: number;
  /** The service's settings; HEALTH_HOST and HEALTH_PORT are set from the two fields above. */
  env: Record<string, string>;
  /** Node's own flags, before the entry point (e.g. --enable-source-maps). */
  nodeArgs?: string[];
  /** Only PATH from this process's environment: the service sees `env` and nothing the runner happens to have. */
  cleanEnv?: boolean;
}

export interface WaitReadyOptions {
  /** A check the service registers late that must be ok too, e.g. randomx or stratum. */
  dependency?: string;
  /** Hears what it still waits for whenever that changes. */
  progress?: (waitingFor: string) => void;
}

export class ServiceExitedError extends Error {
  override name = 'ServiceExitedError';
}

const POLL_MS = 250;
/** Ready must hold this long: the parts of a service register their checks as they start. */
const CONFIRM_MS = 1_000;

type Probe<T> = () => Promise<{ done: T } | { waiting: string }>;

/** A compiled service run as a child process, its output (JSON logs) appended to its log file. */
export class ServiceProcess<S extends ServiceSpec = ServiceSpec> {
  /** The process itself: pid, running, exited(), and kill() (kill -9) for fault tests. */
  readonly process: ManagedProcess;
  readonly logFile: string;

  constructor(
    readonly spec: S,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${spec.name}.log`);
    const inherited = spec.cleanEnv ? { PATH: process.env.PATH } : process.env;
    this.process = new ManagedProcess({
      command: process.execPath,
      args: [...(spec.nodeArgs ?? []), spec.entry],
      logFile: this.logFile,
      env: { ...inherited, ...spec.env, HEALTH_HOST: spec.healthHost, HEALTH_PORT: String(spec.healthPort) },
    });
  }

  /** Starts it; after an exit, starts it again in place (same settings, output appended to the same log). */
  start(): this {
    this.process.start();
    return this;
  }

  /** SIGTERM, then SIGKILL after `graceMs`: a service drains what it holds before it exits. */
  stop(graceMs = 15_000): Promise<void> {
    return this.process.stop(graceMs);
  }

  /** Stops it (if it runs) and starts it again in place. */
  async restart(graceMs?: number): Promise<void> {
    await this.stop(graceMs);
    this.start();
  }

  /** An address on its health server (/health, /metrics). */
  url(path: string): string {
    return `http://${this.spec.healthHost}:${this.spec.healthPort}${path}`;
  }

  /** GET /health once; undefined when the server does not answer. */
  health(): Promise<HealthAnswer | undefined> {
    return fetchHealth(this.spec.healthHost, this.spec.healthPort);
  }

  /** Ready now: 200 with at least one check registered. */
  async isReady(): Promise<boolean> {
    const answer = await this.health();
    return answer !== undefined && snapshotOf(answer).ready;
  }

  async metrics(): Promise<string> {
    return (await fetch(this.url('/metrics'), { signal: AbortSignal.timeout(5_000) })).text();
  }

  /** The value of an unlabelled (or its first) sample of `name` on /metrics. */
  async metric(name: string): Promise<number | undefined> {
    const line = (await this.metrics())
      .split('\n')
      .find((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `));
    return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
  }

  /** Until its health server answers at all (ready or not). */
  waitUp(timeoutMs = 30_000): Promise<void> {
    return this.poll('up', timeoutMs, async () => {
      const res = await fetch(this.url('/health/live'), { signal: AbortSignal.timeout(2_000) }).catch(
        () => undefined,
      );
      return res?.ok ? { done: undefined } : { waiting: 'health server not up yet' };
    });
  }

  /**
   * Until /health answers ready (and `dependency` ok) twice, a second apart.
   * Fails when the process exits first (with the end of its log) or when
   * `timeoutMs` passes.
   */
  waitReady(timeoutMs = 120_000, options: WaitReadyOptions = {}): Promise<void> {
    const { dependency, progress } = options;
    let readySince: number | undefined;
    let last = '';
    return this.poll('ready', timeoutMs, async () => {
      const answer = await this.health();
      const snapshot = answer && snapshotOf(answer);
      const ready =
        snapshot?.ready === true &&
        (dependency === undefined || answer?.body.dependencies[dependency]?.ok === true);
      if (ready) {
        readySince ??= Date.now();
        if (Date.now() - readySince >= CONFIRM_MS) return { done: undefined };
        last = 'ready, confirming';
        return { waiting: last };
      }
      readySince = undefined;
      const waiting = !snapshot
        ? 'health server not up yet'
        : snapshot.waitingFor.join(', ') || (snapshot.ready ? (dependency ?? 'starting') : 'starting');
      if (waiting !== last) progress?.(waiting);
      last = waiting;
      return { waiting };
    });
  }

  /** Until /health answers 503 with `dependency` not ok; that body. The process must not exit meanwhile. */
  waitNotReady(dependency: string, timeoutMs = 60_000): Promise<HealthBody> {
    return this.poll<HealthBody>(`reporting ${dependency} down`, timeoutMs, async () => {
      const answer = await this.health();
      if (answer?.status === 503 && answer.body.dependencies[dependency]?.ok === false) {
        return { done: answer.body };
      }
      return { waiting: answer ? JSON.stringify(answer.body) : 'health server not answering' };
    });
  }

  /** The last line the process wrote, its `msg` (and error) when it is a JSON log line. */
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

  /** Polls `probe`; an exit of the process ends the wait at once, as the failure it is. */
  private async poll<T>(what: string, timeoutMs: number, probe: Probe<T>): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.process.running) {
        const code = await this.process.exited();
        throw new ServiceExitedError(
          `${this.spec.name} exited with code ${code} before it was ${what}: ${this.lastLogLine()}`,
        );
      }
      const result = await probe();
      if ('done' in result) return result.done;
      if (Date.now() > deadline) {
        throw new Error(
          `${this.spec.name} not ${what} after ${timeoutMs / 1000} s: waiting for ${result.waiting}`,
        );
      }
      await sleep(POLL_MS);
    }
  }
}
