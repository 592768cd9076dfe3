import { decodeJson, decodeTemplateEvent, type TemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { type ConsumerMessages, DeliverPolicy, type JetStreamClient } from 'nats';

/**
 * Follows pool.template.v1: an ordered consumer that starts at the last template kept
 * in the stream (last per subject) and then delivers each new one in order. The ordered
 * consumer recreates itself after a NATS outage and resumes after the last one seen.
 */
export class TemplateFollower {
  private messages: ConsumerMessages | undefined;
  private done: Promise<void> | undefined;

  constructor(
    private readonly js: JetStreamClient,
    private readonly stream: string,
    private readonly subject: string,
    private readonly onTemplate: (event: TemplateEvent) => void,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    const consumer = await this.js.consumers.get(this.stream, {
      filterSubjects: this.subject,
      deliver_policy: DeliverPolicy.LastPerSubject,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.log.info({ stream: this.stream, subject: this.subject }, 'following templates');
    this.done = (async () => {
      for await (const msg of messages) {
        let event: TemplateEvent;
        this.log.debug({ seq: msg.seq }, 'template message');
        try {
          event = decodeJson(msg.data, decodeTemplateEvent);
        } catch (err) {
          this.log.error({ err: (err as Error).message, seq: msg.seq }, 'unreadable template event skipped');
          continue;
        }
        try {
          this.onTemplate(event);
        } catch (err) {
          this.log.error({ err, templateId: event.templateId }, 'template handling failed');
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close();
    await this.done;
  }
}
