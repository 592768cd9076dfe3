import { type AcceptedShare, decodeAcceptedShares, decodeJson } from '@rxpool/messages';
import { backoffDelay, type Logger, sleep } from '@rxpool/observability';
import type { ConsumerMessages, JsMsg } from 'nats';
import { AckPolicy, ensureDurableConsumer, type JetStreamAccess } from './share-consumer.js';
import type { ShareWriter, WriteResult } from './share-writer.js';

export interface ShareIngestOptions {
  stream: string;
  durable: string;
  subject: string;
  batchSize: number;
  batchWaitMs: number;
  /** Batches written at once, each on its own connection. */
  connections: number;
  ackWaitMs: number;
}

export interface IngestEvents {
  onBatch?(result: WriteResult, size: number, ms: number): void;
  onError?(err: unknown): void;
  onInvalid?(): void;
}

/** Bytes one pull asks for at most: well under nats-server's 64 MiB of pending data per connection. */
const PULL_MAX_BYTES = 8 * 1024 * 1024;

/** One message and the shares it carries (one, or a validator's batch). */
interface Held {
  msg: JsMsg;
  shares: AcceptedShare[];
}

/**
 * shares.accepted.v1 → Postgres. A durable pull consumer fills a buffer;
 * full batches (or whatever is there after batchWaitMs) go to one of
 * `connections` insert slots; a batch is retried until it commits and only
 * then are its messages acknowledged, each on its own. (An "ack all" would
 * also cover messages a crashed predecessor held but never stored, which
 * the server has not redelivered yet: they would be lost.)
 */
export class ShareIngestor {
  private held = 0;
  private buffer: Held[] = [];
  /** Shares in `buffer`. */
  private buffered = 0;
  private busy = 0;
  private messages: ConsumerMessages | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopping = false;
  private readonly idle: (() => void)[] = [];
  /** The receive loop, paused while too many shares are held. */
  private readonly space: (() => void)[] = [];
  private loop: Promise<void> | undefined;

  constructor(
    private readonly nats: JetStreamAccess,
    private readonly writer: ShareWriter,
    private readonly options: ShareIngestOptions,
    private readonly log: Logger,
    private readonly events: IngestEvents = {},
  ) {}

  async start(): Promise<void> {
    const o = this.options;
    const window = o.batchSize * o.connections;
    await ensureDurableConsumer(await this.nats.jetstreamManager(), {
      stream: o.stream,
      durable: o.durable,
      filterSubject: o.subject,
      ackPolicy: AckPolicy.Explicit,
      ackWaitMs: o.ackWaitMs,
      maxAckPending: Math.max(4 * window, 2_000),
    });
    const consumer = await this.nats.jetstream.consumers.get(o.stream, o.durable);
    // Pulls are bounded by bytes, not count: batched messages are large, and a pull of many can
    // ask the server for more than a connection may have pending (it then drops it as a slow
    // consumer). The loop stops taking messages while `holdLimit` shares are held, so the
    // client stops pulling too: memory stays bounded whatever the messages carry.
    const messages = await consumer.consume({ max_bytes: PULL_MAX_BYTES });
    this.messages = messages;
    const holdLimit = Math.max(2 * window, 2_000);
    this.loop = (async () => {
      for await (const m of messages) {
        this.receive(m);
        while (this.held >= holdLimit && !this.stopping) await new Promise<void>((r) => this.space.push(r));
      }
    })();
    this.timer = setInterval(() => this.flush(true), o.batchWaitMs);
    this.log.info(
      { stream: o.stream, durable: o.durable, batch: o.batchSize, connections: o.connections },
      'share ingest started',
    );
  }

  /** Stops pulling, writes what is buffered (bounded wait), acknowledges it. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.messages?.close().catch(() => undefined);
    const deadline = Date.now() + timeoutMs;
    this.flush(true);
    while ((this.busy > 0 || this.buffer.length > 0) && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.idle.push(resolve);
        setTimeout(resolve, 100);
      });
      this.flush(true);
    }
    this.stopping = true;
    for (const resolve of this.space.splice(0)) resolve();
    await this.loop?.catch(() => undefined);
  }

  /** Shares held (buffered or being written). */
  get backlog(): number {
    return this.held;
  }

  private receive(msg: JsMsg): void {
    let shares: AcceptedShare[];
    try {
      const decoded = decodeJson(msg.data, decodeAcceptedShares);
      shares = decoded.shares;
      for (const err of decoded.invalid) {
        this.log.error({ err: err.message, seq: msg.seq }, 'undecodable accepted share dropped');
        this.events.onInvalid?.();
      }
    } catch (err) {
      // Poison: it can never be stored, so it must not block the stream.
      this.log.error({ err: (err as Error).message, seq: msg.seq }, 'undecodable accepted share dropped');
      this.events.onInvalid?.();
      msg.term();
      return;
    }
    if (shares.length === 0) {
      msg.term();
      return;
    }
    this.held += shares.length;
    this.buffered += shares.length;
    this.buffer.push({ msg, shares });
    if (this.buffered >= this.options.batchSize) this.flush(false);
  }

  private flush(partial: boolean): void {
    const { batchSize, connections } = this.options;
    while (this.busy < connections && !this.stopping) {
      if (this.buffer.length === 0 || (!partial && this.buffered < batchSize)) return;
      // Whole messages, up to batchSize shares (at least one message): each is acknowledged as a unit.
      let take = 0;
      let size = 0;
      while (
        take < this.buffer.length &&
        (take === 0 || size + (this.buffer[take]?.shares.length ?? 0) <= batchSize)
      ) {
        size += this.buffer[take]?.shares.length ?? 0;
        take += 1;
      }
      const batch = this.buffer.slice(0, take);
      this.buffer = this.buffer.slice(take);
      this.buffered -= size;
      this.busy += 1;
      void this.write(batch).finally(() => {
        this.busy -= 1;
        for (const resolve of this.idle.splice(0)) resolve();
        for (const resolve of this.space.splice(0)) resolve();
        this.flush(false);
      });
    }
  }

  private async write(batch: Held[]): Promise<void> {
    const shares = batch.length === 1 ? (batch[0] as Held).shares : batch.flatMap((h) => h.shares);
    for (let attempt = 0; ; attempt++) {
      const started = performance.now();
      try {
        const result = await this.writer.write(shares);
        this.held -= shares.length;
        for (const h of batch) h.msg.ack();
        this.events.onBatch?.(result, shares.length, performance.now() - started);
        return;
      } catch (err) {
        this.events.onError?.(err);
        if (this.stopping) return; // unacknowledged: redelivered after a restart
        const delay = backoffDelay(attempt, 200, 5_000);
        this.log.warn(
          { err: (err as Error).message, attempt, delay, size: batch.length },
          'share batch not stored; retrying',
        );
        await sleep(delay);
      }
    }
  }
}
