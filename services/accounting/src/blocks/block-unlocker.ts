import type { DB } from '@rxpool/db';
import type { ChainHeader } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { parseAmount, RewardError } from '@rxpool/rewards';
import { PeriodicTask, type PeriodicTimer } from '@rxpool/service-kit';
import { type Kysely, sql } from 'kysely';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import {
  type BlockSplitter,
  IngestIncompleteError,
  WindowEndUnknownError,
} from '../rewards/block-splitter.js';
import { WindowRowsMissingError } from '../rewards/pplns-window.repository.js';
import type { BlockRepository, OpenBlock } from './block.repository.js';
import { ChainHeaderError, type ChainHeaderSource } from './chain-header-source.js';

export interface UnlockerOptions {
  /** Confirmations (depth) after which a block's credits are written; Monero's coinbase unlock is 60. */
  unlockDepth: number;
  /** Depth the main chain's block at a height must reach before a block of ours there is orphaned. */
  orphanDepth: number;
  intervalMs: number;
}

/** Why a block did not move this tick (a metric label each). */
export const WAIT_REASONS = [
  'chain-unavailable',
  'finding-share-missing',
  'ingest-incomplete',
  'window-rows-missing',
  'pps-unfunded',
  'error',
] as const;
export type WaitReason = (typeof WAIT_REASONS)[number];

export type BlockOutcome = 'pending' | 'unlocked' | 'orphaned' | 'contested' | 'waiting';

export interface TickResult {
  pending: number;
  unlocked: number;
  orphaned: number;
  /** Open blocks whose height a rival holds, not yet ORPHAN_DEPTH deep. */
  contested: number;
  waiting: number;
  waitingFor: Record<WaitReason, number>;
}

export interface UnlockerEvents {
  onTick?(result: TickResult): void;
}

/**
 * Walks accepted and pending blocks against the main chain (asked through a
 * ChainHeaderSource). Ours at its height → its split is computed and stored
 * (pending) once its window is provably complete, and once `unlockDepth`
 * deep the split is credited to the ledger (unlocked), in one transaction.
 * Another block at its height → the block stays open and is looked at every
 * tick (a rival can lose the tip again), orphaned only once that rival is
 * `orphanDepth` deep.
 */
export class BlockUnlocker {
  private readonly task: PeriodicTask<TickResult>;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly blocks: BlockRepository,
    private readonly chain: ChainHeaderSource,
    private readonly splitter: BlockSplitter,
    private readonly ledger: LedgerRepository,
    private readonly options: UnlockerOptions,
    private readonly log: Logger,
    private readonly events: UnlockerEvents = {},
    timer?: PeriodicTimer,
  ) {
    this.task = new PeriodicTask({
      name: 'block-unlocker',
      intervalMs: options.intervalMs,
      pass: () => this.pass(),
      log,
      runAtStart: true,
      timer,
    });
  }

  start(): void {
    this.task.start();
  }

  stop(): Promise<void> {
    return this.task.stop();
  }

  /** One pass over the open blocks; concurrent calls share the running pass. */
  tick(): Promise<TickResult> {
    return this.task.runOnce();
  }

  /**
   * Looks at one block now (the admin's re-check), after any running pass.
   * An orphaned block found in the main chain after all is opened again.
   */
  async recheck(id: bigint): Promise<{ outcome: BlockOutcome; reason?: WaitReason } | undefined> {
    await this.task.idle();
    const block = await this.blocks.byId(id);
    if (!block) return undefined;
    if (block.status === 'orphaned' && block.hash) {
      const header = await this.chain.byHeight(block.height);
      if (header.hash !== block.hash) return { outcome: 'orphaned' };
      await this.blocks.reopen(id, `re-checked: in the main chain again at depth ${header.depth}`);
      this.log.warn({ height: block.height, hash: block.hash }, 'orphaned block is in the main chain again');
    } else if (block.status !== 'accepted' && block.status !== 'pending') {
      return { outcome: block.status === 'unlocked' ? 'unlocked' : 'waiting' };
    }
    const open = await this.blocks.byId(id);
    if (!open || (open.status !== 'accepted' && open.status !== 'pending')) return { outcome: 'waiting' };
    return this.attempt({ ...open, status: open.status });
  }

  private async pass(): Promise<TickResult> {
    const result: TickResult = {
      pending: 0,
      unlocked: 0,
      orphaned: 0,
      contested: 0,
      waiting: 0,
      waitingFor: Object.fromEntries(WAIT_REASONS.map((r) => [r, 0])) as Record<WaitReason, number>,
    };
    for (const block of await this.blocks.open()) {
      const { outcome, reason } = await this.attempt(block);
      result[outcome] += 1;
      if (reason) result.waitingFor[reason] += 1;
    }
    this.events.onTick?.(result);
    return result;
  }

  private async attempt(block: OpenBlock): Promise<{ outcome: BlockOutcome; reason?: WaitReason }> {
    try {
      return { outcome: await this.advance(block) };
    } catch (err) {
      const reason = waitReason(err);
      const level = reason === 'window-rows-missing' || reason === 'pps-unfunded' ? 'error' : 'warn';
      this.log[level](
        { err: (err as Error).message, reason, height: block.height, block: block.candidateId },
        'block not advanced; waiting',
      );
      return { outcome: 'waiting', reason };
    }
  }

  private async advance(block: OpenBlock): Promise<BlockOutcome> {
    if (!block.hash) return 'waiting';
    const header = await this.chain.byHeight(block.height);
    if (header.hash !== block.hash) return this.contest(block, header);
    if (block.rivalHash) {
      this.log.info({ height: block.height, hash: block.hash }, 'block holds its height again');
    }
    const hash = block.hash;
    const ripe = header.depth >= this.options.unlockDepth;
    if (block.status === 'accepted') {
      const reward = parseAmount(header.reward, 'chain reward');
      const computed = await this.splitter.compute(block, hash, reward);
      await this.db.transaction().execute(async (trx) => {
        await this.splitter.store(trx, block, hash, computed);
        await trx
          .updateTable('blocks')
          .set({
            status: 'pending',
            reward,
            confirmations: header.depth,
            pending_at: sql`now()`,
            updated_at: sql`now()`,
          })
          .where('id', '=', block.id)
          .where('status', '=', 'accepted')
          .execute();
      });
      this.log.info(
        {
          height: block.height,
          reward: reward.toString(),
          digest: computed.digest,
          cutoff: computed.cutoff?.seq.toString(),
        },
        'block split stored',
      );
    }
    await this.blocks.setConfirmations(block.id, header.depth);
    if (!ripe) return 'pending';
    const credited = await this.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('blocks')
        .set({
          status: 'unlocked',
          confirmations: header.depth,
          unlocked_at: sql`now()`,
          updated_at: sql`now()`,
        })
        .where('id', '=', block.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) return 0n;
      return this.ledger.creditBlock(trx, block.id);
    });
    this.log.info({ height: block.height, credited: credited.toString() }, 'block unlocked');
    return 'unlocked';
  }

  /** Another block holds the height: final only once it is buried `orphanDepth` deep. */
  private async contest(block: OpenBlock, rival: ChainHeader): Promise<BlockOutcome> {
    if (rival.depth >= this.options.orphanDepth) {
      const reason = `main chain has ${rival.hash} at height ${block.height}, ${rival.depth} deep`;
      if (await this.blocks.markOrphaned(block.id, reason, rival.hash, rival.depth))
        this.log.warn({ height: block.height, hash: block.hash, rival: rival.hash }, 'block orphaned');
      return 'orphaned';
    }
    await this.blocks.setRival(block.id, rival.hash, rival.depth);
    if (block.rivalHash !== rival.hash)
      this.log.warn(
        { height: block.height, hash: block.hash, rival: rival.hash, depth: rival.depth },
        'a rival holds the block’s height; re-checked until it is final',
      );
    return 'contested';
  }
}

function waitReason(err: unknown): WaitReason {
  if (err instanceof ChainHeaderError) return 'chain-unavailable';
  if (err instanceof WindowEndUnknownError) return 'finding-share-missing';
  if (err instanceof IngestIncompleteError) return 'ingest-incomplete';
  if (err instanceof WindowRowsMissingError) return 'window-rows-missing';
  if (err instanceof RewardError && err.code === 'no-recipients') return 'pps-unfunded';
  return 'error';
}
