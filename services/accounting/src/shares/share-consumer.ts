import {
  AckPolicy,
  type ConsumerConfig,
  type ConsumerInfo,
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

export { AckPolicy };
