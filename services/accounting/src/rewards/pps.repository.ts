import type { DB } from '@rxpool/db';
import type { PpsCredit } from '@rxpool/rewards';
import { sql, type Transaction } from 'kysely';

/** Serialises PPS credit writers so each account's carry is read and written in order. */
const PPS_LOCK_KEY = 0x7278_7070; // 'rxpp'

/** One ingest batch's PPS shares, as pps_batches records it. */
export interface PpsBatch {
  shares: number;
  difficulty: bigint;
  feeBasisPoints: number;
}

/**
 * pps_batches and pps_batch_credits: each ingest batch that held PPS shares,
 * its per-account credits with their carry, and the ledger rows it caused.
 * Everything inside the caller's (the ingest's) transaction.
 */
export class PpsRepository {
  /** Taken before the carries are read; held until the caller's transaction ends. */
  async lockCredits(trx: Transaction<DB>): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(${PPS_LOCK_KEY})`.execute(trx);
  }

  /** Each account's carry after its newest batch (accounts without one are missing). */
  async carries(trx: Transaction<DB>, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const rows = await trx
      .selectFrom('pps_batch_credits')
      .distinctOn('account')
      .select(['account', 'carry_after'])
      .where(sql<boolean>`account = ANY(${accounts}::text[])`)
      .orderBy('account')
      .orderBy('batch_id', 'desc')
      .execute();
    return new Map(rows.map((r) => [r.account, BigInt(r.carry_after)]));
  }

  /** Stores the batch, its credits and a 'pps_credit' ledger row per account with a whole-unit amount. */
  async record(trx: Transaction<DB>, batch: PpsBatch, credits: readonly PpsCredit[]): Promise<bigint> {
    const { id: batchId } = await trx
      .insertInto('pps_batches')
      .values({ shares: batch.shares, difficulty: batch.difficulty, fee_bps: batch.feeBasisPoints })
      .returning('id')
      .executeTakeFirstOrThrow();
    // unnest: one parameter per column whatever the number of accounts (a VALUES list has a cap).
    const col = <T>(f: (c: PpsCredit) => T) => credits.map(f);
    await sql`
      INSERT INTO pps_batch_credits (batch_id, account, shares, difficulty, value_sub, carry_before, amount, carry_after)
      SELECT ${batchId.toString()}, * FROM unnest(${col((c) => c.account)}::text[], ${col((c) => c.shares)}::int4[],
        ${col((c) => c.difficulty.toString())}::numeric[], ${col((c) => c.valueSub.toString())}::numeric[],
        ${col((c) => c.carryBefore.toString())}::int8[], ${col((c) => c.amount.toString())}::int8[],
        ${col((c) => c.carryAfter.toString())}::int8[])`.execute(trx);
    const paid = credits.filter((c) => c.amount > 0n);
    if (paid.length > 0) {
      await sql`
        INSERT INTO ledger_entries (account, amount, kind, pps_batch_id)
        SELECT account, amount, 'pps_credit', ${batchId.toString()}
        FROM unnest(${paid.map((c) => c.account)}::text[], ${paid.map((c) => c.amount.toString())}::int8[]) AS t(account, amount)`.execute(
        trx,
      );
    }
    return batchId;
  }
}
