import type { NatsBus } from '@rxpool/bus';
import { decodeJson, decodeTemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { ConsumerMessages } from 'nats';
import { holdTemplate } from './template-mapping.js';
import type { TemplateStore } from './template-store.js';

/**
 * Reads the template stream (every instance, leader or standby) into the local
 * store, so a new leader can rebuild blocks from templates its predecessor
 * published. An ordered consumer: it replays what the stream keeps, then follows.
 */
export class TemplateStreamFollower {
  private messages: ConsumerMessages | undefined;
  private stopped = false;
  private markCaughtUp: () => void = () => {};
  /** Resolves once everything stored when we started has been read. */
  readonly caughtUp: Promise<void>;

  constructor(
    private readonly bus: NatsBus,
    private readonly store: TemplateStore,
    private readonly log: Logger,
  ) {
    this.caughtUp = new Promise((resolve) => {
      this.markCaughtUp = resolve;
    });
  }

  async start(): Promise<void> {
    const { names } = this.bus;
    const jsm = await this.bus.jetstreamManager();
    const info = await jsm.streams.info(names.streams.template);
    const lastSeq = info.state.last_seq;
    if (info.state.messages === 0) this.markCaughtUp();
    // A single subject as a string: nats-server 2.9 knows filter_subject, not filter_subjects.
    const consumer = await this.bus.jetstream.consumers.get(names.streams.template, {
      filterSubjects: names.subjects.template,
    });
    const messages = await consumer.consume({ max_messages: 256 });
    this.messages = messages;
    void (async () => {
      for await (const m of messages) {
        try {
          this.store.add(holdTemplate(decodeJson(m.data, decodeTemplateEvent)));
        } catch (err) {
          this.log.warn({ err, seq: m.seq }, 'unreadable template in the stream');
        }
        if (m.seq >= lastSeq || m.info.pending === 0) this.markCaughtUp();
      }
      if (!this.stopped) this.log.warn('template stream follower ended');
    })();
  }

  stop(): void {
    this.stopped = true;
    this.markCaughtUp();
    void this.messages?.close();
  }
}
