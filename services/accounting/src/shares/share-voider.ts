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
  private readonly consumer: SerialConsumer<SharesVoided>;

  constructor(
    nats: JetStreamAccess,
    private readonly ingest: Pick<StreamIngestCutoff, 'storedBefore'>,
    private readonly voids: ShareVoidRepository,
    options: ShareVoiderOptions,
    private readonly log: Logger,
    private readonly events: VoidEvents = {},
  ) {
    const { stream, durable, subject } = options;
    this.consumer = new SerialConsumer(
      nats,
      { stream, durable, subject, pull: 20 },
      {
        what: 'void',
        retryMs: options.retryMs,
        decode: (data) => decodeJson(data, decodeSharesVoided),
        apply: (v, msg) => this.apply(v, msg),
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

  private async apply(v: SharesVoided, msg: JsMsg): Promise<'done' | 'later'> {
    if (!(await this.ingest.storedBefore(msg.seq))) return 'later';
    // The validator's message id when it set one (a republished void is the same void), else the sequence.
    const id = msg.headers?.get('Nats-Msg-Id') || `seq-${msg.seq}`;
    const result = await this.voids.apply(id, v);
    this.events.onVoided?.(result, v);
    if (result.applied)
      this.log.warn(
        { miner: v.miner, reason: v.reason, listed: result.listed, voided: result.voided, kept: result.kept },
        'shares accepted on trust voided',
      );
    return 'done';
  }
}
