import { performance } from 'node:perf_hooks';
import { meetsShareTarget } from '@rxpool/cryptonote';
import { StratumExtensions, type StratumJob } from '@rxpool/stratum';
import type { HasherSource } from './hasher.js';
import { JobWork, nonceHex } from './job-work.js';
import type { StratumClient, SubmitOutcome } from './stratum-client.js';
import { type SubmitCounts, SubmitTally } from './submit-tally.js';

export interface TestMinerOptions {
  /** A logged-in client. */
  client: StratumClient;
  hashers: HasherSource;
  /** Stop after this many shares were submitted (and answered); default: until stopped. */
  shares?: number;
  /** Stop after this many hashes. */
  maxHashes?: number;
  /** Blobs per native call; about twice the hashing threads keeps them busy. */
  batch?: number;
  /** First nonce of every job (default 0: each miner's blob differs already). */
  startNonce?: number;
  signal?: AbortSignal;
  onShare?: (share: MinedShare) => void;
}

export interface MinedShare {
  jobId: string;
  nonce: string;
  result: string;
  outcome: SubmitOutcome;
}

/** `sent` counts submitted shares; `latencyMs` is submit → reply. */
export interface MinerReport extends SubmitCounts {
  hashes: number;
  durationMs: number;
  hashesPerSecond: number;
}

/**
 * Mines real shares on the jobs a client receives: nonces from offset 39, RandomX
 * through the hasher source, XMRig's share test (hash bytes 24..31 LE < target64),
 * submits with the real result. Switches to each new job as it arrives.
 */
export class TestMiner {
  private stopped = false;
  private hashes = 0;
  private readonly tally = new SubmitTally();

  constructor(private readonly options: TestMinerOptions) {
    options.signal?.addEventListener('abort', () => this.stop(), { once: true });
    if (options.signal?.aborted) this.stop();
  }

  stop(): void {
    this.stopped = true;
  }

  /** Mines until the share count, the hash budget, stop() or the connection's end; then reports. */
  async run(): Promise<MinerReport> {
    const { client, hashers } = this.options;
    if (client.job === undefined) throw new Error('TestMiner: log the client in first');
    const started = performance.now();
    const batch = Math.max(1, this.options.batch ?? 2);
    let work: JobWork | undefined;
    while (this.wantsMore() && client.isOpen && client.job !== undefined) {
      const job: StratumJob = client.job;
      const w: JobWork = work?.job === job ? work : this.workFor(job);
      work = w;
      const budget = Math.min(batch, w.remaining, (this.options.maxHashes ?? Infinity) - this.hashes);
      if (budget <= 0) {
        if (w.remaining <= 0) await client.nextJob().catch(() => this.stop());
        continue;
      }
      const nonces = Array.from({ length: budget }, () => w.nextNonce());
      let hashes: Buffer[];
      try {
        const hasher = await hashers.forSeed(job.seed_hash);
        hashes = await hasher.hashBatch(nonces.map((n) => w.blobWithNonce(n)));
      } catch (err) {
        if (client.job !== job) continue; // seed or job changed under us: the context may be gone
        throw err;
      }
      this.hashes += hashes.length;
      hashes.forEach((hash, i) => {
        if (this.wantsMore() && meetsShareTarget(hash, w.target64)) {
          this.submit(job.job_id, nonceHex(nonces[i] ?? 0), hash.toString('hex'));
        }
      });
    }
    await this.tally.settle();
    const durationMs = performance.now() - started;
    return {
      ...this.tally.counts(),
      hashes: this.hashes,
      durationMs,
      hashesPerSecond: durationMs > 0 ? (this.hashes * 1000) / durationMs : 0,
    };
  }

  private workFor(job: StratumJob): JobWork {
    const nicehash = this.options.client.extensions.includes(StratumExtensions.Nicehash);
    return new JobWork(job, { nicehash, startNonce: this.options.startNonce ?? 0 });
  }

  private wantsMore(): boolean {
    const { shares, maxHashes } = this.options;
    return (
      !this.stopped &&
      (shares === undefined || this.tally.count < shares) &&
      (maxHashes === undefined || this.hashes < maxHashes)
    );
  }

  private submit(jobId: string, nonce: string, result: string): void {
    const { client, onShare } = this.options;
    this.tally.track(client.submit({ job_id: jobId, nonce, result }), (outcome) =>
      onShare?.({ jobId, nonce, result, outcome }),
    );
  }
}
