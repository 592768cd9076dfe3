import { type BlockSubmitted, decodeBlockSubmitted, decodeJson } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { ConsumerMessages, JsMsg } from 'nats';
import { AckPolicy, ensureDurableConsumer, type JetStreamAccess } from '../shares/share-consumer.js';
import type { BlockRepository } from './block.repository.js';

export interface BlockTrackerOptions {
  stream: string;
  durable: string;
  subject: string;
}

/** blocks.submitted.v1 → the block's status; acknowledged once stored. */
export class BlockTracker {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly nats: JetStreamAccess,
    private readonly blocks: BlockRepository,
    private readonly options: BlockTrackerOptions,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const o = this.options;
    await ensureDurableConsumer(await this.nats.jetstreamManager(), {
      stream: o.stream,
      durable: o.durable,
      filterSubject: o.subject,
      ackPolicy: AckPolicy.Explicit,
      ackWaitMs: 60_000,
      maxAckPending: 100,
    });
    const consumer = await this.nats.jetstream.consumers.get(o.stream, o.durable);
    this.messages = await consumer.consume({ max_messages: 50 });
    const messages = this.messages;
    this.loop = (async () => {
      for await (const msg of messages) await this.handle(msg);
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }

  private async handle(msg: JsMsg): Promise<void> {
    let event: BlockSubmitted;
    try {
      event = decodeJson(msg.data, decodeBlockSubmitted);
    } catch (err) {
      this.log.error({ err: (err as Error).message, seq: msg.seq }, 'undecodable block event dropped');
      msg.term();
      return;
    }
    try {
      await this.blocks.applySubmitted(event);
      msg.ack();
      this.log.info(
        { height: event.height, status: event.status, hash: event.blockHash },
        'block submission recorded',
      );
    } catch (err) {
      this.log.warn(
        { err: (err as Error).message, height: event.height },
        'block event not stored; redelivering',
      );
      msg.nak(2_000);
    }
  }
}
