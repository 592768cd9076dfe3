import { randomBytes } from 'node:crypto';
import type { Database } from '@rxpool/db';
import { sql } from 'kysely';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import { BlockSplitter } from '../rewards/block-splitter.js';
import { PplnsWindowRepository } from '../rewards/pplns-window.repository.js';

/**
 * For tests and the local pool: credits `amount` to `account` the way a real
 * block does: a SOLO block row, its stored split and the ledger credit, in
 * one transaction. Returns the block id.
 */
export async function creditThroughSoloBlock(
  database: Database,
  ledger: LedgerRepository,
  account: string,
  amount: bigint,
  height: number,
): Promise<bigint> {
  const splitter = new BlockSplitter(new PplnsWindowRepository(database.db), {
    pplnsK: { num: 2n, den: 1n },
    feeBasisPoints: 0,
    feeRecipients: [],
  });
  const hash = randomBytes(32).toString('hex');
  return database.db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('blocks')
      .values({
        candidate_id: randomBytes(12).toString('hex'),
        height,
        status: 'pending',
        scheme: 'solo',
        miner: account,
        worker: 'test',
        hash,
        reward: amount,
        network_difficulty: '1',
        pending_at: sql`now()`,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const block = {
      id: row.id,
      candidateId: '',
      height,
      status: 'pending' as const,
      rivalHash: null,
      scheme: 'solo' as const,
      miner: account,
      hash,
      networkDifficulty: 1n,
      foundShareId: null,
      foundAt: null,
    };
    await splitter.store(trx, block, hash, await splitter.compute(block, hash, amount));
    await trx
      .updateTable('blocks')
      .set({ status: 'unlocked', unlocked_at: sql`now()` })
      .where('id', '=', row.id)
      .execute();
    await ledger.creditBlock(trx, row.id);
    return row.id;
  });
}
