import { bytesToHex, CryptonoteError } from '@rxpool/cryptonote';
import type { BlockCandidate, BlockSubmitted } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { JobManagerMetrics } from '../metrics/job-manager-metrics.js';
import { MonerodRpcError } from '../monerod/monerod-errors.js';
import type { MonerodRpc } from '../monerod/monerod-rpc.js';
import type { HeldTemplate } from '../templates/template-mapping.js';
import type { TemplateStore } from '../templates/template-store.js';
import { type AssembledBlock, assembleBlock } from './block-assembly.js';

const REMEMBERED_BLOCKS = 1024;

/**
 * Rebuilds a block from a candidate (template id + reserved bytes + nonce),
 * submits it once and says what happened. The same block named twice is
 * submitted once: the second caller gets the first outcome. Throws only when
 * monerod could not be reached (the candidate must then be retried).
 */
export class BlockSubmitter {
  private readonly outcomes = new Map<string, Promise<BlockSubmitted>>();

  constructor(
    private readonly store: TemplateStore,
    private readonly rpc: MonerodRpc,
    private readonly metrics: JobManagerMetrics,
    private readonly log: Logger,
    private readonly onRejected: () => void,
    private readonly now: () => number = Date.now,
  ) {}

  async submit(candidate: BlockCandidate): Promise<BlockSubmitted> {
    const held = this.store.get(candidate.templateId);
    if (!held) {
      this.metrics.blocksSubmitted.inc({ status: 'unknown-template' });
      this.log.error(
        { candidateId: candidate.candidateId, templateId: candidate.templateId, height: candidate.height },
        'block candidate names a template we no longer hold',
      );
      return this.outcome(candidate, undefined, 'unknown-template', {
        reason: `template ${candidate.templateId} is not held by the job-manager`,
      });
    }
    let block: AssembledBlock;
    try {
      block = assembleBlock(held, candidate.reserved, candidate.nonce);
    } catch (err) {
      if (!(err instanceof CryptonoteError)) throw err;
      this.metrics.blocksSubmitted.inc({ status: 'rejected' });
      this.log.error({ err, candidateId: candidate.candidateId }, 'block candidate cannot be assembled');
      return this.outcome(candidate, held, 'rejected', {
        reason: `cannot assemble the block: ${err.message}`,
      });
    }
    const { blob, hash } = block;
    const known = this.outcomes.get(hash);
    if (known) {
      this.log.info({ candidateId: candidate.candidateId, blockHash: hash }, 'block already submitted');
      return known;
    }
    const pending = this.submitOnce(candidate, held, blob, hash);
    this.remember(hash, pending);
    try {
      return await pending;
    } catch (err) {
      // Not reached monerod: forget it so a redelivery submits again.
      this.outcomes.delete(hash);
      throw err;
    }
  }

  private async submitOnce(
    candidate: BlockCandidate,
    held: HeldTemplate,
    blob: Uint8Array,
    hash: string,
  ): Promise<BlockSubmitted> {
    try {
      const answer = await this.rpc.submitBlock(bytesToHex(blob));
      if (answer.block_id && answer.block_id !== hash) {
        this.log.warn({ ours: hash, monerod: answer.block_id }, 'monerod names the block differently');
      }
      return this.accepted(candidate, held, answer.block_id ?? hash);
    } catch (err) {
      if (!(err instanceof MonerodRpcError)) throw err;
      // A retried submit (timeout) or a block another instance already sent is refused as
      // "not accepted" although monerod has it: ask before calling it rejected.
      if (await this.chainHas(hash)) return this.accepted(candidate, held, hash);
      this.metrics.blocksSubmitted.inc({ status: 'rejected' });
      this.log.error(
        { candidateId: candidate.candidateId, blockHash: hash, code: err.code, reason: err.rpcMessage },
        'monerod rejected the block',
      );
      this.onRejected();
      return this.outcome(candidate, held, 'rejected', { reason: `${err.rpcMessage} (code ${err.code})` });
    }
  }

  private accepted(candidate: BlockCandidate, held: HeldTemplate, hash: string): BlockSubmitted {
    this.metrics.blocksSubmitted.inc({ status: 'accepted' });
    this.log.info(
      { candidateId: candidate.candidateId, blockHash: hash, height: held.event.height },
      'block accepted',
    );
    return this.outcome(candidate, held, 'accepted', { blockHash: hash });
  }

  private async chainHas(hash: string): Promise<boolean> {
    try {
      await this.rpc.headerByHash(hash);
      return true;
    } catch (err) {
      if (err instanceof MonerodRpcError) return false;
      throw err;
    }
  }

  private outcome(
    candidate: BlockCandidate,
    held: HeldTemplate | undefined,
    status: BlockSubmitted['status'],
    extra: { blockHash?: string; reason?: string },
  ): BlockSubmitted {
    const out: BlockSubmitted = {
      candidateId: candidate.candidateId,
      templateId: candidate.templateId,
      height: held?.event.height ?? candidate.height,
      status,
      reward: held?.event.expectedReward ?? '0',
      miner: candidate.miner,
      worker: candidate.worker,
      networkDifficulty: candidate.networkDifficulty,
      submittedAt: this.now(),
    };
    if (extra.blockHash !== undefined) out.blockHash = extra.blockHash;
    if (extra.reason !== undefined) out.reason = extra.reason;
    return out;
  }

  private remember(hash: string, outcome: Promise<BlockSubmitted>): void {
    this.outcomes.set(hash, outcome);
    while (this.outcomes.size > REMEMBERED_BLOCKS) {
      this.outcomes.delete(this.outcomes.keys().next().value as string);
    }
  }
}
