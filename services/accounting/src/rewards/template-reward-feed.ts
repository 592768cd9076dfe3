import { decodeJson, decodeTemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { parseAmount } from '@rxpool/rewards';
import { type ConsumerMessages, DeliverPolicy } from 'nats';
import type { JetStreamAccess } from '../shares/share-consumer.js';
import type { TemplateRewardBook } from './network-reward-source.js';

/**
 * Feeds the reward book from pool.template.v1: an ordered consumer that
 * starts at the newest template and follows new ones. PPS needs it.
 */
export class TemplateRewardFeed {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly nats: JetStreamAccess,
    private readonly stream: string,
    private readonly subject: string,
    private readonly book: TemplateRewardBook,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.nats.jetstream.consumers.get(this.stream, {
      // One subject as a string: nats-server 2.9 has no multi-subject filters.
      filterSubjects: this.subject,
      deliver_policy: DeliverPolicy.LastPerSubject,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        try {
          const t = decodeJson(msg.data, decodeTemplateEvent);
          this.book.record(t.height, parseAmount(t.expectedReward, 'expectedReward'));
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'template event ignored');
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }
}
