import { type BlockSubmitted, decodeBlockSubmitted, decodeJson } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { JsMsg } from 'nats';
import { type JetStreamAccess, SerialConsumer } from '../shares/share-consumer.js';
import type { BlockRepository } from './block.repository.js';

export interface BlockTrackerOptions {
  stream: string;
  durable: string;
  subject: string;
}

/** blocks.submitted.v1 → the block's status; acknowledged once stored. */
export class BlockTracker {
  private readonly consumer: SerialConsumer;

  constructor(
    nats: JetStreamAccess,
    private readonly blocks: BlockRepository,
    options: BlockTrackerOptions,
    private readonly log: Logger,
  ) {
    const { stream, durable, subject } = options;
    this.consumer = new SerialConsumer(nats, { stream, durable, subject, pull: 50 }, (msg) =>
      this.handle(msg),
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
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
