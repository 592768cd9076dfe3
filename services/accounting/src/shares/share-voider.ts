import { decodeJson, decodeSharesVoided, type SharesVoided } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { JsMsg } from 'nats';
import type { StreamIngestCutoff } from './ingest-cutoff.js';
import { type JetStreamAccess, SerialConsumer } from './share-consumer.js';
import type { ShareVoidRepository, VoidResult } from './share-void.repository.js';

export interface ShareVoiderOptions {
  stream: string;
  durable: string;
  subject: string;
  /** How long a void waits before it is looked at again, while shares before it are still on their way. */
  retryMs: number;
}

export interface VoidEvents {
  onVoided?(result: VoidResult, v: SharesVoided): void;
}

/**
 * shares.voided.v1 → the shares a validator accepted on trust and voided are
 * deleted (unless a split counted them). A void is applied only once every
 * share message before it in the stream is stored, so none of its shares can
 * arrive after it; until then it is handed back and looked at again.
 */
export class ShareVoider {
  private readonly consumer: SerialConsumer;

  constructor(
    nats: JetStreamAccess,
    private readonly ingest: Pick<StreamIngestCutoff, 'storedBefore'>,
    private readonly voids: ShareVoidRepository,
    private readonly options: ShareVoiderOptions,
    private readonly log: Logger,
    private readonly events: VoidEvents = {},
  ) {
    const { stream, durable, subject } = options;
    this.consumer = new SerialConsumer(nats, { stream, durable, subject, pull: 20 }, (msg) =>
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
    let v: SharesVoided;
    try {
      v = decodeJson(msg.data, decodeSharesVoided);
    } catch (err) {
      this.log.error({ err: (err as Error).message, seq: msg.seq }, 'undecodable void dropped');
      msg.term();
      return;
    }
    try {
      if (!(await this.ingest.storedBefore(msg.seq))) {
        msg.nak(this.options.retryMs);
        return;
      }
      // The validator's message id when it set one (a republished void is the same void), else the sequence.
      const id = msg.headers?.get('Nats-Msg-Id') || `seq-${msg.seq}`;
      const result = await this.voids.apply(id, v);
      msg.ack();
      this.events.onVoided?.(result, v);
      if (result.applied)
        this.log.warn(
          {
            miner: v.miner,
            reason: v.reason,
            listed: result.listed,
            voided: result.voided,
            kept: result.kept,
          },
          'shares accepted on trust voided',
        );
    } catch (err) {
      this.log.warn({ err: (err as Error).message, seq: msg.seq }, 'void not applied; redelivering');
      msg.nak(this.options.retryMs);
    }
  }
}
