import { type AcceptedShare, type BlockCandidate, encodeJson, type MessageNames } from '@rxpool/messages';
import type { JetStreamClient } from 'nats';
import type { SharePublisher } from './share-validator.js';

/**
 * Accepted shares to the SHARES stream, block candidates to BLOCKS, each
 * with its id as Nats-Msg-Id: a repeat inside the duplicate window is
 * dropped by the broker, and consumers are idempotent on the same id.
 */
export class JetStreamSharePublisher implements SharePublisher {
  constructor(
    private readonly js: JetStreamClient,
    private readonly names: MessageNames,
    private readonly timeoutMs: number,
  ) {}

  async publishAccepted(share: AcceptedShare): Promise<void> {
    await this.js.publish(this.names.subjects.sharesAccepted, encodeJson(share), {
      msgID: share.shareId,
      timeout: this.timeoutMs,
    });
  }

  async publishCandidate(candidate: BlockCandidate): Promise<void> {
    await this.js.publish(this.names.subjects.blocksCandidate, encodeJson(candidate), {
      msgID: `candidate-${candidate.candidateId}`,
      timeout: this.timeoutMs,
    });
  }
}
