import { setTimeout as sleep } from 'node:timers/promises';
import { type HasherSource, type MinedShare, StratumClient, TestMiner } from '@rxpool/stratum-client';
import type { JobArrival } from './job-delays.js';

export interface HonestMinerOptions {
  /** Worker name, also the miner's name in reports. */
  worker: string;
  /** The miner: the payout address it logs in with. */
  miner: string;
  host: string;
  port: number;
  hashers: HasherSource;
  /** Fixed share difficulty (login suffix +N); default: the gateway's vardiff. */
  fixedDifficulty?: number;
  localAddress?: string;
}

/** One submit and its answer; times in ms since the epoch. */
export interface SubmitRecord {
  /** jobId ‖ nonce: the share id the pool stores (instance id, job counter, nonce). */
  shareId: string;
  sentAt: number;
  repliedAt: number;
  latencyMs: number;
  accepted: boolean;
  error?: string;
}

/**
 * A miner as XMRig behaves: mines real RandomX shares on the jobs it gets and,
 * when the connection ends or cannot be made, connects and logs in again
 * every second until stopped. Records every submit and which shares were
 * answered OK.
 */
export class HonestMiner {
  /** Share id → when the OK arrived. */
  readonly ok = new Map<string, number>();
  readonly records: SubmitRecord[] = [];
  /** Times of each successful login. */
  readonly logins: number[] = [];
  /** Times each logged-in connection ended. */
  readonly disconnects: number[] = [];
  /** Each job as it arrived (the login's included), with its height. */
  readonly jobs: JobArrival[] = [];
  lastError = '';
  private stopped = false;
  private current: TestMiner | undefined;
  private loop: Promise<void> | undefined;

  constructor(readonly o: HonestMinerOptions) {}

  get name(): string {
    return this.o.worker;
  }

  get login(): string {
    const fixed = this.o.fixedDifficulty === undefined ? '' : `+${this.o.fixedDifficulty}`;
    return `${this.o.miner}.${this.o.worker}${fixed}`;
  }

  get connected(): boolean {
    return this.current !== undefined;
  }

  start(): this {
    this.loop ??= this.run();
    return this;
  }

  /** Stops mining; resolves once every submit in flight has its answer. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.current?.stop();
    await this.loop;
  }

  /** Accepted shares whose submit left at or after `t`. */
  acceptedSince(t: number): SubmitRecord[] {
    return this.records.filter((r) => r.accepted && r.sentAt >= t);
  }

  /** Submit latencies (accepted shares) of submits sent in [from, to). */
  latencies(from: number, to: number): number[] {
    return this.records
      .filter((r) => r.accepted && r.sentAt >= from && r.sentAt < to)
      .map((r) => r.latencyMs);
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      let client: StratumClient | undefined;
      try {
        client = await StratumClient.connect({
          host: this.o.host,
          port: this.o.port,
          connectTimeoutMs: 5_000,
          replyTimeoutMs: 30_000,
          ...(this.o.localAddress === undefined ? {} : { localAddress: this.o.localAddress }),
        });
        client.on('job', (job) => this.jobs.push({ at: Date.now(), height: job.height }));
        await client.login({ login: this.login, agent: 'rxpool-e2e-miner/1.0' });
        this.logins.push(Date.now());
        const miner = new TestMiner({
          client,
          hashers: this.o.hashers,
          batch: 2,
          onShare: (s) => this.record(s),
        });
        this.current = miner;
        if (this.stopped) miner.stop();
        await miner.run();
      } catch (err) {
        this.lastError = (err as Error).message;
      } finally {
        if (this.current !== undefined) this.disconnects.push(Date.now());
        this.current = undefined;
        await client?.close().catch(() => undefined);
      }
      if (!this.stopped) await sleep(1_000);
    }
  }

  private record(share: MinedShare): void {
    const repliedAt = Date.now();
    const { outcome } = share;
    const record: SubmitRecord = {
      shareId: `${share.jobId}${share.nonce}`,
      sentAt: repliedAt - outcome.latencyMs,
      repliedAt,
      latencyMs: outcome.latencyMs,
      accepted: outcome.accepted,
      ...(outcome.accepted ? {} : { error: outcome.error.message }),
    };
    this.records.push(record);
    if (outcome.accepted) this.ok.set(record.shareId, repliedAt);
  }
}
