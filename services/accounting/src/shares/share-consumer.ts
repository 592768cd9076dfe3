import {
  AckPolicy,
  type ConsumerConfig,
  DeliverPolicy,
  type JetStreamClient,
  type JetStreamManager,
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

/** Creates the durable pull consumer, or updates what may change on an existing one. */
export async function ensureDurableConsumer(jsm: JetStreamManager, spec: DurableConsumerSpec): Promise<void> {
  const mutable = { ack_wait: nanos(spec.ackWaitMs), max_ack_pending: spec.maxAckPending, max_deliver: -1 };
  try {
    await jsm.consumers.info(spec.stream, spec.durable);
    await jsm.consumers.update(spec.stream, spec.durable, mutable);
  } catch (err) {
    if (!/consumer not found/i.test((err as Error).message)) throw err;
    const config: Partial<ConsumerConfig> = {
      ...mutable,
      durable_name: spec.durable,
      filter_subject: spec.filterSubject,
      ack_policy: spec.ackPolicy,
      deliver_policy: DeliverPolicy.All,
    };
    await jsm.consumers.add(spec.stream, config);
  }
}

export { AckPolicy };
