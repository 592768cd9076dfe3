import type { DB } from '@rxpool/db';
import type { Logger } from '@rxpool/observability';
import { parseAmount } from '@rxpool/rewards';
import { type Kysely, sql } from 'kysely';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import type { BlockSplitter } from '../rewards/block-splitter.js';
import type { BlockRepository, OpenBlock } from './block.repository.js';
import type { ChainHeaderSource } from './chain-header-source.js';

export interface UnlockerOptions {
  /** Confirmations (depth) after which a block's credits are written; Monero's coinbase unlock is 60. */
  unlockDepth: number;
  intervalMs: number;
}

export interface TickResult {
  pending: number;
  unlocked: number;
  orphaned: number;
  waiting: number;
}

/**
 * Walks accepted and pending blocks against the main chain (asked through
 * a ChainHeaderSource): a different block at the height → orphaned; ours →
 * its split is computed and stored (pending), and once `unlockDepth` deep
 * the split is credited to the ledger (unlocked), all in one transaction.
 */
export class BlockUnlocker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickResult> | undefined;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly blocks: BlockRepository,
    private readonly chain: ChainHeaderSource,
    private readonly splitter: BlockSplitter,
    private readonly ledger: LedgerRepository,
    private readonly options: UnlockerOptions,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.tick().catch(() => undefined), this.options.intervalMs);
    this.timer.unref();
    void this.tick().catch(() => undefined);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One pass over the open blocks; concurrent calls share the running pass. */
  tick(): Promise<TickResult> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickResult> {
    const result: TickResult = { pending: 0, unlocked: 0, orphaned: 0, waiting: 0 };
    for (const block of await this.blocks.open()) {
      try {
        const outcome = await this.advance(block);
        result[outcome] += 1;
      } catch (err) {
        result.waiting += 1;
        this.log.warn(
          { err: (err as Error).message, height: block.height, block: block.candidateId },
          'block not advanced',
        );
      }
    }
    return result;
  }

  private async advance(block: OpenBlock): Promise<keyof TickResult> {
    if (!block.hash) return 'waiting';
    const header = await this.chain.byHeight(block.height);
    if (header.hash !== block.hash) {
      const reason = `main chain has ${header.hash} at height ${block.height}`;
      if (await this.blocks.markOrphaned(block.id, reason))
        this.log.warn({ height: block.height, hash: block.hash }, 'block orphaned');
      return 'orphaned';
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
        { height: block.height, reward: reward.toString(), digest: computed.digest },
        'block split stored',
      );
    }
    if (!ripe) {
      await this.blocks.setConfirmations(block.id, header.depth);
      return 'pending';
    }
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
}
