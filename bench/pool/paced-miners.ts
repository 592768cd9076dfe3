/**
 * Test miners whose shares are hashed ahead of time: before a measured window
 * each miner hashes (real RandomX, light mode) enough valid shares on its
 * current job, then submits them at a fixed total rate, so the miners' own
 * hashing neither happens during the window nor sets the share rate.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { meetsShareTarget } from '@rxpool/cryptonote';
import { type HasherSource, JobWork, nonceHex, StratumClient } from '@rxpool/stratum-client';

interface ReadyShare {
  jobId: string;
  nonce: string;
  result: string;
}

/** One submit of a paced run; times from performance.now(). */
export interface PacedSubmit {
  sentAt: number;
  repliedAt: number;
  accepted: boolean;
  error?: string;
}

export interface PacedRun {
  submits: PacedSubmit[];
  /** Submits that were due but found no precomputed share (a job changed under it). */
  short: number;
}

export class PacedMiner {
  private client: StratumClient | undefined;
  private work: JobWork | undefined;
  private ready: ReadyShare[] = [];
  /** Shares thrown away because their job was replaced. */
  discarded = 0;

  constructor(
    readonly host: string,
    readonly port: number,
    readonly localAddress: string,
    readonly login: string,
  ) {}

  get buffered(): number {
    this.dropStale();
    return this.ready.length;
  }

  /** Connects and logs in when not connected (first use, or a connection that ended). */
  async ensureConnected(): Promise<void> {
    if (this.client?.isOpen) return;
    const client = await StratumClient.connect({
      host: this.host,
      port: this.port,
      localAddress: this.localAddress,
      connectTimeoutMs: 10_000,
      replyTimeoutMs: 30_000,
    });
    await client.login({ login: this.login, agent: 'rxpool-bench-p9/1.0' });
    this.client = client;
  }

  /** Up to `n` fresh blobs to hash for the current job, with their nonces. */
  nextBlobs(n: number): Array<{ nonce: number; blob: Buffer; work: JobWork }> {
    this.dropStale();
    const job = this.client?.job;
    if (!job) return [];
    if (this.work?.job !== job) this.work = new JobWork(job);
    const work = this.work;
    return Array.from({ length: Math.min(n, work.remaining) }, () => {
      const nonce = work.nextNonce();
      return { nonce, blob: work.blobWithNonce(nonce), work };
    });
  }

  /** Keeps a hash when it meets the share target of the job it was made for. */
  offer(work: JobWork, nonce: number, hash: Buffer): void {
    if (work !== this.work || !meetsShareTarget(hash, work.target64)) return;
    this.ready.push({ jobId: work.job.job_id, nonce: nonceHex(nonce), result: hash.toString('hex') });
  }

  /** Submits the next ready share; false when there is none for the current job. */
  submitNext(record: (s: PacedSubmit) => void): boolean {
    this.dropStale();
    const share = this.ready.shift();
    const client = this.client;
    if (!share || !client?.isOpen) return false;
    const sentAt = performance.now();
    client.submit({ job_id: share.jobId, nonce: share.nonce, result: share.result }).then(
      (o) =>
        record({
          sentAt,
          repliedAt: performance.now(),
          accepted: o.accepted,
          ...(o.accepted ? {} : { error: o.error.message }),
        }),
      (err: Error) => record({ sentAt, repliedAt: performance.now(), accepted: false, error: err.message }),
    );
    return true;
  }

  async close(): Promise<void> {
    await this.client?.close().catch(() => undefined);
    this.client = undefined;
  }

  private dropStale(): void {
    const current = this.client?.job?.job_id;
    const keep = this.ready.filter((s) => s.jobId === current);
    this.discarded += this.ready.length - keep.length;
    this.ready = keep;
  }
}

/** Hashes until every miner holds at least `perMiner` ready shares; blobs of all miners share each native call. */
export async function precompute(
  miners: readonly PacedMiner[],
  perMiner: number,
  hashers: HasherSource,
  batch = 8,
): Promise<number> {
  let hashed = 0;
  for (;;) {
    const wanting = miners.filter((m) => m.buffered < perMiner);
    if (wanting.length === 0) return hashed;
    const each = Math.max(1, Math.ceil(batch / wanting.length));
    const items = wanting.flatMap((m) => m.nextBlobs(each).map((b) => ({ ...b, miner: m })));
    const seed = items[0]?.work.job.seed_hash;
    if (seed === undefined) throw new Error('precompute: no miner has a job');
    const same = items.filter((i) => i.work.job.seed_hash === seed);
    const hashes = await (await hashers.forSeed(seed)).hashBatch(same.map((i) => i.blob));
    same.forEach((item, k) => {
      const hash = hashes[k];
      if (hash) item.miner.offer(item.work, item.nonce, hash);
    });
    hashed += same.length;
  }
}

/**
 * Submits at `ratePerSecond` in total for `durationMs`, round-robin over the
 * miners, then waits (at most 30 s) for the replies still outstanding.
 */
export async function runPaced(
  miners: readonly PacedMiner[],
  ratePerSecond: number,
  durationMs: number,
): Promise<PacedRun> {
  const submits: PacedSubmit[] = [];
  let due = 0;
  let sent = 0;
  let short = 0;
  let cursor = 0;
  const started = performance.now();
  const timer = setInterval(() => {
    const elapsed = Math.min(performance.now() - started, durationMs);
    for (due = Math.floor((ratePerSecond * elapsed) / 1000); sent + short < due; ) {
      const miner = miners[cursor++ % miners.length];
      if (miner?.submitNext((s) => submits.push(s))) sent++;
      else short++;
    }
  }, 10);
  await sleep(durationMs);
  clearInterval(timer);
  const deadline = performance.now() + 30_000;
  while (submits.length < sent && performance.now() < deadline) await sleep(50);
  return { submits, short };
}
