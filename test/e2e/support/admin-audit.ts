import { balances, blocks, PAID_STATES, payments, splitOf } from './ledger-audit.js';
import type { PoolUnderTest } from './pool-under-test.js';

/** One figure as the admin API reports it and as the database holds it. */
export interface Comparison {
  what: string;
  admin: string;
  db: string;
}

/**
 * Every figure the admin gRPC API reports about the pool, its miners, blocks
 * and payments, beside the same figure computed from the tables directly.
 */
export async function compareAdminWithDatabase(
  pool: PoolUnderTest,
  miners: readonly string[],
): Promise<Comparison[]> {
  const out: Comparison[] = [];
  const add = (what: string, admin: unknown, db: unknown) =>
    out.push({ what, admin: String(admin), db: String(db) });

  const [blockRows, paymentRows, balanceOf] = await Promise.all([
    blocks(pool),
    payments(pool),
    balances(pool),
  ]);
  const paid = paymentRows.filter((p) => PAID_STATES.includes(p.status));
  const sum = (xs: readonly (string | null)[]) => xs.reduce((a, x) => a + BigInt(x ?? 0), 0n);
  const count = (...statuses: string[]) => blockRows.filter((b) => statuses.includes(b.status)).length;

  const stats = await pool.admin.call('GetPoolStats', {});
  add('pool: blocks found', stats.blocksFound, count('accepted', 'pending', 'unlocked', 'orphaned'));
  add('pool: blocks pending', stats.blocksPending, count('accepted', 'pending'));
  add('pool: blocks unlocked', stats.blocksUnlocked, count('unlocked'));
  add('pool: blocks orphaned', stats.blocksOrphaned, count('orphaned'));
  add(
    'pool: owed',
    stats.owed,
    [...balanceOf.values()].filter((b) => b > 0n).reduce((a, b) => a + b, 0n),
  );
  add('pool: paid', stats.paid, sum(paid.map((p) => p.amount)));
  add('pool: payout fees', stats.payoutFees, sum(paid.map((p) => p.fee)));

  const listed = await pool.admin.call('ListMiners', { limit: 1000, offset: 0 });
  for (const miner of miners) {
    const short = `${miner.slice(0, 8)}…`;
    const mine = paid.filter((p) => p.account === miner);
    const row = listed.miners.find((m) => m.miner === miner);
    add(`ListMiners ${short}: balance`, row?.balance ?? 'absent', balanceOf.get(miner) ?? 0n);
    add(`ListMiners ${short}: paid`, row?.paid ?? 'absent', sum(mine.map((p) => p.amount)));
    const detail = await pool.admin.call('GetMiner', { miner });
    add(`GetMiner ${short}: balance`, detail.balance, balanceOf.get(miner) ?? 0n);
    add(`GetMiner ${short}: paid`, detail.paid, sum(mine.map((p) => p.amount)));
    add(`GetMiner ${short}: payout fees`, detail.payoutFees, sum(mine.map((p) => p.fee)));
    const recent = detail.recentPayments.map((p) => `${p.id}:${p.amount}:${p.fee}:${p.status}:${p.txHash}`);
    const dbRecent = paymentRows
      .filter((p) => p.account === miner)
      .map((p) => `${p.id}:${p.amount ?? 0}:${p.fee ?? 0}:${p.status}:${p.tx_hash ?? ''}`);
    add(`GetMiner ${short}: payments`, recent.sort().join(' '), dbRecent.sort().join(' '));
  }

  const listedBlocks = await pool.admin.call('ListBlocks', { limit: 1000, beforeHeight: 0, status: '' });
  const asText = (b: { height: number; hash: string | null; status: string; reward: string | null }) =>
    `${b.height}:${b.hash ?? ''}:${b.status}:${b.reward ?? 0}`;
  add(
    'ListBlocks',
    listedBlocks.blocks.map(asText).sort().join(' '),
    blockRows
      .filter((b) => b.status !== 'candidate')
      .map(asText)
      .sort()
      .join(' '),
  );
  for (const b of blockRows.filter((x) => x.status === 'unlocked')) {
    const rewards = await pool.admin.call('GetBlockRewards', { height: b.height, blockId: b.id });
    const split = await splitOf(pool, b.id);
    add(`GetBlockRewards ${b.height}: reward`, rewards.reward, split?.reward ?? 'no split');
    add(`GetBlockRewards ${b.height}: credited`, rewards.credited, true);
    add(
      `GetBlockRewards ${b.height}: entries`,
      rewards.entries
        .map((e) => `${e.role}:${e.account.slice(0, 8)}:${e.weight}:${e.amount}`)
        .sort()
        .join(' '),
      (split?.entries ?? [])
        .map((e) => `${e.role}:${e.account.slice(0, 8)}:${e.weight}:${e.amount}`)
        .sort()
        .join(' '),
    );
  }

  const listedPayments = await pool.admin.call('ListPayments', { miner: '', limit: 1000, status: '' });
  add(
    'ListPayments',
    listedPayments.payments
      .map((p) => `${p.id}:${p.address.slice(0, 8)}:${p.amount}:${p.status}:${p.txHash}`)
      .sort()
      .join(' '),
    paymentRows
      .map((p) => `${p.id}:${p.address.slice(0, 8)}:${p.amount ?? 0}:${p.status}:${p.tx_hash ?? ''}`)
      .sort()
      .join(' '),
  );
  return out;
}
