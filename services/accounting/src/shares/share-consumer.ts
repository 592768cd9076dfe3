import type { Logger } from '@rxpool/observability';
import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
  type ConsumerMessages,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
  type JsMsg,
  nanos,
} from 'nats';

/** What the consumers need of NATS; NatsBus provides it. */
export interface JetStreamAccess {
  readonly jetstream: JetStreamClient;
  jetstreamManager(): Promise<JetStreamManager>;
}

export interface DurableConsumerSpec {
  stream: string;
  durable: string;
  filterSubject: string;
  ackPolicy: AckPolicy;
  ackWaitMs: number;
  maxAckPending: number;
}

/**
 * Creates the durable pull consumer, or updates what may change on an existing one.
 * An existing consumer with another ack policy (the policy cannot be updated) is
 * replaced by one starting just after its ack floor: nothing acknowledged is
 * delivered again, nothing unacknowledged is skipped.
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const mutable = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending, max_deliver: -1 };
  const create: Partial<ConsumerConfig> = {
    ...mutable,
    durable_name: spec.durable,
    filter_subject: spec.filterSubject,
    ack_policy: spec.ackPolicy,
    deliver_policy: DeliverPolicy.All,
  };
  let info: ConsumerInfo;
  try {
    info = await jsm.consumers.info(spec.stream, spec.durable);
  } catch (err) {
    if (!/consumer not found/i.test((err as Error).message)) throw err;
    await jsm.consumers.add(spec.stream, create);
    return;
  }
  if (info.config.ack_policy === spec.ackPolicy) {
    await jsm.consumers.update(spec.stream, spec.durable, mutable);
    return;
  }
  await jsm.consumers.delete(spec.stream, spec.durable);
  await jsm.consumers.add(spec.stream, {
    ...create,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: info.ack_floor.stream_seq + 1,
  });
}

/** What a SerialConsumer does with each message. */
export interface SerialHandler<T> {
  /** What a message is, for the logs (e.g. "block event"). */
  what: string;
  decode(data: Uint8Array): T;
  /** Applies it: 'done' acknowledges it, 'later' (or a throw) hands it back for `retryMs`. */
  apply(value: T, msg: JsMsg): Promise<'done' | 'later'>;
  retryMs: number;
}

/**
 * A durable pull consumer whose messages are handled one at a time, in
 * order (block events, voids: few, and each must finish before the next).
 * An undecodable message is terminated (it can never be applied); a failed
 * one is delivered again.
 */
export class SerialConsumer<T> {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly nats: JetStreamAccess,
    private readonly spec: { stream: string; durable: string; subject: string; pull: number },
    private readonly handler: SerialHandler<T>,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const { pull, subject, ...names } = this.spec;
    const spec = {
      ...names,
      filterSubject: subject,
      ackPolicy: AckPolicy.Explicit,
      ackWaitMs: 60_000,
      maxAckPending: 100,
    };
    await ensureDurableConsumer(await this.nats.jetstreamManager(), spec);
    const consumer = await this.nats.jetstream.consumers.get(spec.stream, spec.durable);
    const messages = await consumer.consume({ max_messages: pull });
    this.messages = messages;
    this.loop = (async () => {
      for await (const msg of messages) await this.handle(msg);
    })();
  }

  /** Stops pulling and waits for the message in hand. */
  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }

  private async handle(msg: JsMsg): Promise<void> {
    const h = this.handler;
    let value: T;
    try {
      value = h.decode(msg.data);
    } catch (err) {
      this.log.error({ err: (err as Error).message, seq: msg.seq }, `undecodable ${h.what} dropped`);
      msg.term();
      return;
    }
    try {
      if ((await h.apply(value, msg)) === 'done') msg.ack();
      else msg.nak(h.retryMs);
    } catch (err) {
      this.log.warn({ err: (err as Error).message, seq: msg.seq }, `${h.what} not applied; redelivering`);
      msg.nak(h.retryMs);
    }
  }
}

export { AckPolicy };
