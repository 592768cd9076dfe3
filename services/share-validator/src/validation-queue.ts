import type { HashingContext } from './hashing-context.js';

export interface ValidationQueueOptions {
  /** Blobs waiting plus in flight; beyond this tryHash refuses at once. */
  queueMax: number;
  /** Blobs per native crossing. */
  batchMax: number;
  /** Blobs handed to the native threads and not yet back. */
  inFlightMax: number;
}

export interface QueueObserver {
  depthChanged(depth: number): void;
  /** One blob hashed: seconds waiting in the queue and seconds on the native threads. */
  hashed(waitSeconds: number, hashSeconds: number): void;
}

interface Waiting {
  context: HashingContext;
  blob: Uint8Array;
  enqueuedAt: number;
  resolve(hash: Buffer): void;
  reject(err: unknown): void;
}

/**
 * Bounded admission in front of the native hashing threads. Blobs go in
 * batches (one crossing each) while fewer than `inFlightMax` are in flight,
 * so every thread has its next blob queued; when waiting plus in flight
 * reaches `queueMax` the caller is told at once and answers "busy" instead
 * of piling up.
 */
export class ValidationQueue {
  private readonly waiting: Waiting[] = [];
  private head = 0;
  private inFlight = 0;
  private pumpScheduled = false;

  constructor(
    private readonly options: ValidationQueueOptions,
    private readonly observer?: QueueObserver,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Waiting plus in flight. */
  get depth(): number {
    return this.waiting.length - this.head + this.inFlight;
  }

  /** The blob's RandomX hash, or undefined when the queue is full. */
  tryHash(context: HashingContext, blob: Uint8Array): Promise<Buffer> | undefined {
    if (this.depth >= this.options.queueMax) return undefined;
    const result = new Promise<Buffer>((resolve, reject) => {
      this.waiting.push({ context, blob, enqueuedAt: this.now(), resolve, reject });
    });
    // Requests that arrive in one socket read are handled in one tick: they
    // leave together, as one batch, at the end of it.
    if (!this.pumpScheduled) {
      this.pumpScheduled = true;
      queueMicrotask(() => {
        this.pumpScheduled = false;
        this.pump();
      });
    }
    this.observer?.depthChanged(this.depth);
    return result;
  }

  private pump(): void {
    while (this.head < this.waiting.length && this.inFlight < this.options.inFlightMax) {
      const room = Math.min(this.options.batchMax, this.options.inFlightMax - this.inFlight);
      const context = (this.waiting[this.head] as Waiting).context;
      const batch: Waiting[] = [];
      // A run of blobs for the same context: a seed switch splits batches, never reorders them.
      while (batch.length < room && this.head < this.waiting.length) {
        const next = this.waiting[this.head] as Waiting;
        if (next.context !== context) break;
        batch.push(next);
        this.head++;
      }
      this.compact();
      this.inFlight += batch.length;
      void this.run(context, batch);
    }
  }

  private async run(context: HashingContext, batch: Waiting[]): Promise<void> {
    const started = this.now();
    try {
      const hashes = await context.hashBatch(batch.map((w) => w.blob));
      const finished = this.now();
      batch.forEach((w, i) => {
        this.observer?.hashed((started - w.enqueuedAt) / 1000, (finished - started) / 1000);
        w.resolve(hashes[i] as Buffer);
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      this.inFlight -= batch.length;
      this.pump();
      this.observer?.depthChanged(this.depth);
    }
  }

  /** Drops consumed entries now and then, so the array does not grow for ever. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.waiting.length) {
      this.waiting.splice(0, this.head);
      this.head = 0;
    }
  }
}
