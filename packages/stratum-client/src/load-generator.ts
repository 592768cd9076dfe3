import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type tls from 'node:tls';
import type { StratumJob } from '@rxpool/stratum';
import { nonceHex } from './job-work.js';
import { LatencyRecorder, type LatencySummary } from './latency.js';
import { type LoginParams, StratumClient } from './stratum-client.js';
import { type SubmitCounts, SubmitTally } from './submit-tally.js';

export interface LoadGeneratorOptions {
  host: string;
  port: number;
  tls?: tls.ConnectionOptions;
  connections: number;
  /**
   * Source addresses, used round-robin. Default when the host is 127.x.x.x:
   * 127.0.0.1 … 127.0.0.N (N = min(connections, 250)), so per-IP limits and the
   * ephemeral port range of one address do not cap the test.
   */
  sourceAddresses?: string[];
  /** The login of connection `index`. */
  login: (index: number) => LoginParams;
  /** Connections being opened and logged in at once (default 100). */
  openConcurrency?: number;
  connectTimeoutMs?: number;
  replyTimeoutMs?: number;
}

export interface OpenReport {
  opened: number;
  failed: number;
  /** Failures by message. */
  failures: Record<string, number>;
  /** Connect + login, per connection. */
  loginMs: LatencySummary;
  durationMs: number;
}

export interface JobWaveReport {
  connections: number;
  received: number;
  missing: number;
  /** From the wave's start to each connection's next job. */
  latencyMs: LatencySummary;
}

export interface SubmitReport extends SubmitCounts {
  durationMs: number;
  sentPerSecond: number;
}

/** Makes the share a connection submits; by default a fresh nonce and a random result. */
export type ShareMaker = (
  client: StratumClient,
  job: StratumJob,
  sequence: number,
) => { nonce: string; result: string };

const TICK_MS = 10;

/** Many logged-in stratum connections from one process (≤ ~19,990 here: the open-files limit). */
export class LoadGenerator {
  readonly clients: StratumClient[] = [];

  constructor(private readonly options: LoadGeneratorOptions) {
    if (!Number.isSafeInteger(options.connections) || options.connections < 1) {
      throw new RangeError('connections must be a positive integer');
    }
  }

  /** Opens and logs in every connection. */
  async open(): Promise<OpenReport> {
    const { connections } = this.options;
    const sources = this.options.sourceAddresses ?? defaultSources(this.options.host, connections);
    const latency = new LatencyRecorder();
    const failures: Record<string, number> = {};
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < connections) {
        const index = next++;
        const t0 = performance.now();
        let client: StratumClient | undefined;
        try {
          client = await StratumClient.connect({
            host: this.options.host,
            port: this.options.port,
            ...(this.options.tls === undefined ? {} : { tls: this.options.tls }),
            ...(sources.length === 0 ? {} : { localAddress: sources[index % sources.length] }),
            ...(this.options.connectTimeoutMs === undefined
              ? {}
              : { connectTimeoutMs: this.options.connectTimeoutMs }),
            ...(this.options.replyTimeoutMs === undefined
              ? {}
              : { replyTimeoutMs: this.options.replyTimeoutMs }),
          });
          await client.login(this.options.login(index));
          latency.record(performance.now() - t0);
          this.clients.push(client);
        } catch (err) {
          client?.destroy();
          const message = (err as Error).message.slice(0, 200);
          failures[message] = (failures[message] ?? 0) + 1;
        }
      }
    };
    const concurrency = Math.min(connections, Math.max(1, this.options.openConcurrency ?? 100));
    await Promise.all(Array.from({ length: concurrency }, worker));
    return {
      opened: this.clients.length,
      failed: connections - this.clients.length,
      failures,
      loginMs: latency.summary(),
      durationMs: performance.now() - started,
    };
  }

  /** Starts timing now: call just before whatever should push a new job to everyone. */
  jobWave(): JobWave {
    return new JobWave(this.clients.filter((c) => c.isOpen));
  }

  private submitting: SubmitLoop | undefined;

  /** Submits at a total rate spread round-robin over the connections that have a job. */
  startSubmitting(options: { ratePerSecond: number; share?: ShareMaker }): void {
    if (this.submitting) throw new Error('already submitting');
    this.submitting = new SubmitLoop(this.clients, options.ratePerSecond, options.share ?? randomShare());
  }

  /** Stops sending, waits for the outstanding replies and reports. */
  async stopSubmitting(): Promise<SubmitReport> {
    const loop = this.submitting;
    if (!loop) throw new Error('not submitting');
    this.submitting = undefined;
    return loop.stop();
  }

  async close(): Promise<void> {
    if (this.submitting) await this.stopSubmitting();
    await Promise.all(this.clients.map((c) => c.close()));
  }
}

export class JobWave {
  readonly startedAt = performance.now();
  private readonly latency = new LatencyRecorder();
  private readonly done: Promise<void>;
  private readonly cleanups: (() => void)[] = [];
  private finish!: () => void;

  constructor(private readonly clients: readonly StratumClient[]) {
    this.done = new Promise((resolve) => {
      this.finish = resolve;
    });
    for (const client of clients) {
      const onJob = () => {
        this.latency.record(performance.now() - this.startedAt);
        if (this.latency.count === clients.length) this.finish();
      };
      client.once('job', onJob);
      this.cleanups.push(() => client.off('job', onJob));
    }
    if (clients.length === 0) this.finish();
  }

  /** Waits until every connection has its job, or the timeout; then reports. */
  async wait(timeoutMs: number): Promise<JobWaveReport> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.done, new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
    clearTimeout(timer);
    for (const cleanup of this.cleanups) cleanup();
    const received = this.latency.count;
    return {
      connections: this.clients.length,
      received,
      missing: this.clients.length - received,
      latencyMs: this.latency.summary(),
    };
  }
}

class SubmitLoop {
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly tally = new SubmitTally();
  private readonly sequences = new Map<StratumClient, number>();
  private cursor = 0;

  constructor(
    private readonly clients: readonly StratumClient[],
    private readonly ratePerSecond: number,
    private readonly share: ShareMaker,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be positive');
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  async stop(): Promise<SubmitReport> {
    clearInterval(this.timer);
    const durationMs = performance.now() - this.startedAt;
    await this.tally.settle();
    return { ...this.tally.counts(), durationMs, sentPerSecond: (this.tally.count * 1000) / durationMs };
  }

  private tick(): void {
    const due =
      Math.floor((this.ratePerSecond * (performance.now() - this.startedAt)) / 1000) - this.tally.count;
    for (let i = 0; i < due; i++) {
      const client = this.nextClient();
      if (!client) return;
      this.send(client);
    }
  }

  private nextClient(): StratumClient | undefined {
    for (let tried = 0; tried < this.clients.length; tried++) {
      const client = this.clients[this.cursor++ % this.clients.length];
      if (client?.isOpen && client.job) return client;
    }
    return undefined;
  }

  private send(client: StratumClient): void {
    const job = client.job as StratumJob;
    const sequence = this.sequences.get(client) ?? 0;
    this.sequences.set(client, sequence + 1);
    const { nonce, result } = this.share(client, job, sequence);
    this.tally.track(client.submit({ job_id: job.job_id, nonce, result }));
  }
}

/** Distinct nonces per connection and job sequence; results are random (they will not verify). */
function randomShare(): ShareMaker {
  return (_client, _job, sequence) => ({
    nonce: nonceHex(sequence),
    result: randomBytes(32).toString('hex'),
  });
}

function defaultSources(host: string, connections: number): string[] {
  // Only for an IPv4 loopback target: 'localhost' may resolve to ::1.
  if (!host.startsWith('127.')) return [];
  return Array.from({ length: Math.min(connections, 250) }, (_, i) => `127.0.0.${i + 1}`);
}
