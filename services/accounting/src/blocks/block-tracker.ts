import { type BlockSubmitted, decodeBlockSubmitted, decodeJson } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { type JetStreamAccess, SerialConsumer } from '../shares/share-consumer.js';
import type { BlockRepository } from './block.repository.js';

export interface BlockTrackerOptions {
  stream: string;
  durable: string;
  subject: string;
}

/** blocks.submitted.v1 → the block's status; acknowledged once stored. */
export class BlockTracker {
  private readonly consumer: SerialConsumer<BlockSubmitted>;

  constructor(nats: JetStreamAccess, blocks: BlockRepository, options: BlockTrackerOptions, log: Logger) {
    const { stream, durable, subject } = options;
    this.consumer = new SerialConsumer(
      nats,
      { stream, durable, subject, pull: 50 },
      {
        what: 'block event',
        retryMs: 2_000,
        decode: (data) => decodeJson(data, decodeBlockSubmitted),
        apply: async (event) => {
          await blocks.applySubmitted(event);
          log.info(
            { height: event.height, status: event.status, hash: event.blockHash },
            'block submission recorded',
          );
          return 'done';
        },
      },
      log,
    );
  }

  start(): Promise<void> {
    return this.consumer.start();
  }

  stop(): Promise<void> {
    return this.consumer.stop();
  }
}
