import {
  type AcceptedShare,
  type AcceptedShareBatch,
  type BlockCandidate,
  encodeJson,
  type MessageNames,
} from '@rxpool/messages';
import type { JetStreamClient } from 'nats';
import type { SharePublisher } from './share-validator.js';

export interface PublishBatching {
  /** Shares in one message at most. */
  maxShares: number;
  /** Publishes awaiting their acknowledgement at once. */
  maxInFlight: number;
}

export const DEFAULT_BATCHING: PublishBatching = { maxShares: 256, maxInFlight: 2 };

interface Waiting {
  share: AcceptedShare;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Accepted shares to the SHARES stream, block candidates to BLOCKS.
 *
 * Group commit: a share is published at once when fewer than `maxInFlight`
 * publishes await their acknowledgement; otherwise it waits for one to end and
 * goes out with the others that accumulated meanwhile, as one message
 * (`{ shares: [...] }`). An idle validator adds no delay; a busy one sends a
 * message per round trip instead of one per share, which is what the broker and
 * accounting pay for. Each share's promise settles with its message's publish
 * acknowledgement: a miner hears OK only once the share is durable.
 *
 * A single share keeps its id as Nats-Msg-Id (a repeat inside the duplicate
 * window is dropped by the broker); accounting is idempotent on share ids in any case.
 */
export class JetStreamSharePublisher implements SharePublisher {
  private waiting: Waiting[] = [];
  private inFlight = 0;

  constructor(
    private readonly js: JetStreamClient,
    private readonly names: MessageNames,
    private readonly timeoutMs: number,
    private readonly batching: PublishBatching = DEFAULT_BATCHING,
  ) {}

  publishAccepted(share: AcceptedShare): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ share, resolve, reject });
      this.pump();
    });
  }

  async publishCandidate(candidate: BlockCandidate): Promise<void> {
    await this.js.publish(this.names.subjects.blocksCandidate, encodeJson(candidate), {
      msgID: `candidate-${candidate.candidateId}`,
      timeout: this.timeoutMs,
    });
  }

  private pump(): void {
    while (this.inFlight < this.batching.maxInFlight && this.waiting.length > 0) {
      const batch =
        this.waiting.length <= this.batching.maxShares
          ? this.waiting
          : this.waiting.slice(0, this.batching.maxShares);
      this.waiting = batch === this.waiting ? [] : this.waiting.slice(batch.length);
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async send(batch: Waiting[]): Promise<void> {
    const first = batch[0] as Waiting;
    const single = batch.length === 1;
    const payload: AcceptedShare | AcceptedShareBatch = single
      ? first.share
      : { shares: batch.map((w) => w.share) };
    try {
      // A batch gets no Nats-Msg-Id: another batch could repeat any id made of its contents' ids
      // (a retried share first in both) and be dropped by the broker with its new shares.
      await this.js.publish(
        this.names.subjects.sharesAccepted,
        encodeJson(payload),
        single ? { msgID: first.share.shareId, timeout: this.timeoutMs } : { timeout: this.timeoutMs },
      );
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    for (const w of batch) w.resolve();
  }
}
