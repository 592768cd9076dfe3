import { decodeJson, decodeTemplateEvent, type MessageNames } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { backoffDelay, sleep } from '@rxpool/observability';
import { type ConsumerMessages, DeliverPolicy, type JetStreamClient } from 'nats';

/**
 * Follows pool.template.v1 from its last message on, and tells the seed
 * manager which seed is current and which comes next.
 */
export class TemplateSeedWatcher {
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: MessageNames,
    private readonly onSeeds: (seedHex: string, nextSeedHex: string) => void,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.running;
  }

  private async run(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      try {
        const consumer = await this.js.consumers.get(this.names.streams.template, {
          filterSubjects: this.names.subjects.template,
          deliver_policy: DeliverPolicy.LastPerSubject,
        });
        this.messages = await consumer.consume();
        attempt = 0;
        for await (const msg of this.messages) {
          try {
            const template = decodeJson(msg.data, decodeTemplateEvent);
            this.onSeeds(template.seedHash, template.nextSeedHash);
          } catch (err) {
            this.log.warn({ err }, 'ignored a template event that does not decode');
          }
        }
      } catch (err) {
        if (this.stopped) break;
        this.log.warn({ err, attempt }, 'template consumer failed, retrying');
      }
      if (!this.stopped) await sleep(backoffDelay(attempt));
    }
  }
}
