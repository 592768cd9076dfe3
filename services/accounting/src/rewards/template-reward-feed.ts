import { decodeJson, decodeTemplateEvent } from '@rxpool/messages';
import { backoffDelay, type Logger, sleep } from '@rxpool/observability';
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
  private stopped = false;
  private readonly abort = new AbortController();

  constructor(
    private readonly nats: JetStreamAccess,
    private readonly stream: string,
    private readonly subject: string,
    private readonly book: TemplateRewardBook,
    private readonly log: Logger,
  ) {}

  /** Follows templates in the background: share ingest must not wait for the first one. */
  start(): void {
    this.loop = this.follow();
  }

  private async follow(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const consumer = await this.nats.jetstream.consumers.get(this.stream, {
          // One subject as a string: nats-server 2.9 has no multi-subject filters.
          filterSubjects: this.subject,
          deliver_policy: DeliverPolicy.LastPerSubject,
        });
        const messages = await consumer.consume();
        this.messages = messages;
        if (this.stopped) await messages.close();
        for await (const msg of messages) {
          try {
            const t = decodeJson(msg.data, decodeTemplateEvent);
            this.book.record(t.height, parseAmount(t.expectedReward, 'expectedReward'));
          } catch (err) {
            this.log.warn({ err: (err as Error).message }, 'template event ignored');
          }
        }
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'template feed failed; retrying');
      }
      if (!this.stopped) await sleep(backoffDelay(attempt, 500, 10_000), this.abort.signal);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }
}
