import { TEST_WALLET } from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { migratedDatabase } from '../testing/fixtures.js';
import { BatchStateError, PayoutRepository } from './payout.repository.js';
import { creditThroughSoloBlock } from './test-credits.js';

const XMR = 1_000_000_000_000n;
const A = TEST_WALLET.address;

describe('PayoutRepository (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  let ledger: LedgerRepository;
  let repo: PayoutRepository;

  beforeAll(async () => {
    fx = await migratedDatabase('payout_repo');
    ledger = new LedgerRepository(fx.database.db);
    repo = new PayoutRepository(fx.database.db, ledger);
    await creditThroughSoloBlock(fx.database, ledger, A, 2n * XMR, 10);
  });
  afterAll(async () => {
    await fx?.drop();
  });

  const sign = async (id: bigint, hash: string) => {
    const b = await repo.batch(id);
    await repo.markSigned(id, {
      signed: { txHash: hash, txKey: 'k'.repeat(64), fee: 30n, amount: XMR - 30n, txMetadata: 'meta' },
      walletHeight: 5,
      amounts: new Map([[b.payments[0]?.id as bigint, { amount: XMR - 30n, fee: 30n }]]),
    });
  };

  it('moves a batch only forward, and a planned account is not a candidate again', async () => {
    expect((await repo.candidates(XMR, 60_000)).map((c) => c.account)).toEqual([A]);
    const [id] = (await repo.createBatches([[{ account: A, address: A, amount: XMR }]])) as [bigint];
    expect(await repo.candidates(XMR, 60_000)).toEqual([]);
    await expect(repo.markSubmitted(id)).rejects.toBeInstanceOf(BatchStateError);
    await expect(repo.markSubmitting(id)).rejects.toThrow(/is not signed: not moved to submitting/);
    await sign(id, '1'.repeat(64));
    expect(await ledger.balance(A)).toBe(XMR);
    await expect(sign(id, '2'.repeat(64))).rejects.toBeInstanceOf(BatchStateError);
    await repo.markSubmitting(id);
    await repo.markSubmitted(id);
    await repo.markConfirmed(id, 12);
    expect(await repo.batch(id)).toMatchObject({ status: 'confirmed', attempts: 1, txHash: '1'.repeat(64) });
    await expect(repo.markNeedsReview(id, 'late')).rejects.toBeInstanceOf(BatchStateError);
    await expect(repo.markFailed(id, 'late')).rejects.toBeInstanceOf(BatchStateError);
    // A debit of each kind once per account and batch.
    expect(await ledger.balance(A)).toBe(XMR);
  });

  it('refunds a signed batch that fails (it was never relayed), and retries its account alone after a while', async () => {
    const [id] = (await repo.createBatches([[{ account: A, address: A, amount: XMR }]])) as [bigint];
    await sign(id, '3'.repeat(64));
    expect(await ledger.balance(A)).toBe(0n);
    await repo.markFailed(id, 'test');
    expect(await ledger.balance(A)).toBe(XMR);
    expect(await repo.candidates(XMR, 3_600_000)).toEqual([]);
    expect(await repo.candidates(XMR, 0)).toEqual([{ account: A, balance: XMR, refusedBefore: true }]);
  });

  it('keeps the hold switch', async () => {
    expect(await repo.setHeld(true, 'audit', 'ops')).toMatchObject({
      held: true,
      reason: 'audit',
      heldBy: 'ops',
    });
    expect(await repo.setHeld(false, 'ignored', 'ops')).toMatchObject({
      held: false,
      reason: '',
      heldBy: '',
    });
  });
});
