import type { JetStreamAccess } from './share-consumer.js';

/** How far share ingest has provably got: every message of the share stream up to `seq` is stored. */
export interface IngestCutoff {
  /** Stream sequence of the consumer's acknowledged floor (0: nothing stored yet). */
  seq: bigint;
  /** The stream's time (ms) of that message, or the time the check ran when nothing is outstanding. */
  at: bigint;
}

/** What the splitter asks before it reads a window. */
export interface IngestCutoffSource {
  /**
   * The cutoff when it proves that every share accepted at or before
   * `acceptedAt` is stored, else undefined (the split must wait).
   */
  coveredThrough(acceptedAt: bigint): Promise<IngestCutoff | undefined>;
}

export interface StreamCutoffOptions {
  stream: string;
  durable: string;
  /**
   * How much later than its accepted_at (validator clock) a share may reach
   * the stream: the validator's publish timeout plus the clock skew between
   * validators and the NATS server. A share told OK was in the stream by then.
   */
  graceMs: number;
}

/**
 * Reads the durable share consumer's state on the NATS server. Its ack
 * floor is global (every accounting replica shares the durable) and only
 * moves past a message once it was acknowledged, i.e. committed to
 * Postgres, or terminated as undecodable. So if the message at the floor
 * entered the stream later than `acceptedAt + grace`, every share accepted
 * by then is stored, whatever waits for redelivery or a retry above it. With
 * nothing pending or unacknowledged, the wall clock past `acceptedAt + grace` proves the same.
 */
export class StreamIngestCutoff implements IngestCutoffSource {
  constructor(
    private readonly nats: JetStreamAccess,
    private readonly options: StreamCutoffOptions,
    private readonly now: () => number = Date.now,
  ) {}

  async coveredThrough(acceptedAt: bigint): Promise<IngestCutoff | undefined> {
    const { stream, durable, graceMs } = this.options;
    const needed = acceptedAt + BigInt(graceMs);
    const jsm = await this.nats.jetstreamManager();
    const info = await jsm.consumers.info(stream, durable);
    const seq = BigInt(info.ack_floor.stream_seq);
    const drained = info.num_pending === 0 && info.num_ack_pending === 0;
    if (drained) {
      const now = BigInt(this.now());
      return now > needed ? { seq, at: now } : undefined;
    }
    if (seq === 0n) return undefined;
    const floor = await jsm.streams.getMessage(stream, { seq: Number(seq) });
    const at = BigInt(floor.time.getTime());
    return at > needed ? { seq, at } : undefined;
  }

  /** Whether every share message that entered the stream before stream sequence `seq` is stored. */
  async storedBefore(seq: number): Promise<boolean> {
    const { stream, durable } = this.options;
    const info = await (await this.nats.jetstreamManager()).consumers.info(stream, durable);
    if (info.num_pending === 0 && info.num_ack_pending === 0) return true;
    return info.ack_floor.stream_seq > seq;
  }
}
