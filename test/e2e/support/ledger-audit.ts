import type { PoolUnderTest } from './pool-under-test.js';

export interface BlockRow {
  id: string;
  height: number;
  hash: string | null;
  status: string;
  miner: string;
  worker: string;
  reward: string | null;
  network_difficulty: string;
  found_share: string | null;
  found_at: string | null;
  /** ms since the epoch, as text (found_at's unit). */
  submitted_at: string | null;
  created_at: Date;
  unlocked_at: Date | null;
}

export interface PaymentRow {
  id: string;
  batch_id: string;
  account: string;
  address: string;
  /** Sent (once signed), else the amount planned. */
  amount: string | null;
  fee: string | null;
  status: string;
  tx_hash: string | null;
  submitted_at: Date | null;
  confirmed_at: Date | null;
}

/** Batch states whose payments count as paid (a transaction was signed and debited). */
export const PAID_STATES = ['signed', 'submitting', 'submitted', 'confirmed', 'needs_review'];
/** Batch states still on their way. */
export const OPEN_STATES = ['planned', 'signed', 'submitting', 'submitted'];

export function blocks(pool: PoolUnderTest): Promise<BlockRow[]> {
  return pool.query<BlockRow>(
    `SELECT id::text, height, hash, status::text, miner, worker, reward::text, network_difficulty::text,
            encode(found_share_id, 'hex') AS found_share, found_at::text,
            (extract(epoch FROM submitted_at) * 1000)::int8::text AS submitted_at, created_at, unlocked_at
       FROM blocks ORDER BY height`,
  );
}

export function payments(pool: PoolUnderTest): Promise<PaymentRow[]> {
  return pool.query<PaymentRow>(
    `SELECT p.id::text, p.batch_id::text, p.account, p.address,
            coalesce(p.amount, p.planned_amount)::text AS amount, p.fee::text,
            b.status::text, b.tx_hash, b.submitted_at, b.confirmed_at
       FROM payout_payments p JOIN payout_batches b ON b.id = p.batch_id ORDER BY p.id`,
  );
}

/** account → balance (sum of its ledger rows), in atomic units. */
export async function balances(pool: PoolUnderTest): Promise<Map<string, bigint>> {
  const rows = await pool.query<{ account: string; balance: string }>(
    'SELECT account, sum(amount)::text AS balance FROM ledger_entries GROUP BY account',
  );
  return new Map(rows.map((r) => [r.account, BigInt(r.balance)]));
}

/** account → sum of ledger rows of one kind. */
export async function ledgerSums(pool: PoolUnderTest, kind: string): Promise<Map<string, bigint>> {
  const rows = await pool.query<{ account: string; total: string }>(
    'SELECT account, sum(amount)::text AS total FROM ledger_entries WHERE kind = $1 GROUP BY account',
    [kind],
  );
  return new Map(rows.map((r) => [r.account, BigInt(r.total)]));
}

export interface SplitEntry {
  role: string;
  account: string;
  weight: bigint;
  amount: bigint;
}

export interface BlockSplit {
  reward: bigint;
  fee: bigint;
  size: bigint;
  total: bigint;
  /** sha256 of the split's canonical text, hex: what the miner page audits. */
  digest: string;
  entries: SplitEntry[];
}

export async function splitOf(pool: PoolUnderTest, blockId: string): Promise<BlockSplit | undefined> {
  const [split] = await pool.query<{
    reward: string;
    fee: string;
    window_size: string;
    window_total: string;
    digest: string;
  }>(
    'SELECT reward::text, fee::text, window_size::text, window_total::text, digest FROM block_splits WHERE block_id = $1',
    [blockId],
  );
  if (!split) return undefined;
  const entries = await pool.query<{ role: string; account: string; weight: string; amount: string }>(
    'SELECT role, account, weight::text, amount::text FROM block_split_entries WHERE block_id = $1 ORDER BY account',
    [blockId],
  );
  return {
    reward: BigInt(split.reward),
    fee: BigInt(split.fee),
    size: BigInt(split.window_size),
    total: BigInt(split.window_total),
    digest: split.digest,
    entries: entries.map((e) => ({
      role: e.role,
      account: e.account,
      weight: BigInt(e.weight),
      amount: BigInt(e.amount),
    })),
  };
}

/**
 * The PPLNS window recomputed from the shares table: from the block's own
 * share back, newest first in (accepted_at, share_id) order, until `size`
 * share-difficulty units; the oldest share counts only for the part inside.
 */
export async function recomputeWindow(
  pool: PoolUnderTest,
  block: BlockRow,
  size: bigint,
): Promise<Map<string, bigint>> {
  if (block.found_share === null || block.found_at === null)
    throw new Error(`block ${block.height} has no share`);
  const rows = await pool.query<{ miner: string; job_difficulty: string }>(
    `SELECT w.miner, s.job_difficulty::text FROM shares s JOIN workers w ON w.id = s.worker_id
      WHERE (s.accepted_at, s.share_id) <= ($1::bigint, decode($2, 'hex'))
      ORDER BY s.accepted_at DESC, s.share_id DESC`,
    [block.found_at, block.found_share],
  );
  const weights = new Map<string, bigint>();
  let total = 0n;
  for (const r of rows) {
    if (total >= size) break;
    const d = BigInt(r.job_difficulty);
    const counted = d < size - total ? d : size - total;
    total += counted;
    weights.set(r.miner, (weights.get(r.miner) ?? 0n) + counted);
  }
  return weights;
}
