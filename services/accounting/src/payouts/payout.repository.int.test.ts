import { TEST_WALLET } from '@rxpool/devstack';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { address, migratedDatabase } from '../testing/fixtures.js';
import { BatchStateError, PayoutRepository } from './payout.repository.js';
import { creditThroughSoloBlock } from './test-credits.js';

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

  /** A batch of these accounts (1 XMR each), signed (fee 30 each), relayed and put under review. */
  const underReview = async (accounts: readonly string[], hash: string) => {
    const [id] = (await repo.createBatches([
      accounts.map((account) => ({ account, address: account, amount: XMR })),
    ])) as [bigint];
    const b = await repo.batch(id);
    await repo.markSigned(id, {
      signed: {
        txHash: hash,
        txKey: 'k'.repeat(64),
        fee: 30n * BigInt(accounts.length),
        amount: XMR,
        txMetadata: 'm',
      },
      walletHeight: 5,
      amounts: new Map(b.payments.map((p) => [p.id, { amount: XMR - 30n, fee: 30n }])),
    });
    await repo.markSubmitting(id);
    await repo.markNeedsReview(id, 'the wallet lists the transaction as failed');
    return id;
  };
  const refundRows = async (id: bigint) =>
    fx.database.db
      .selectFrom('ledger_entries')
      .select(['account', 'amount'])
      .where('payout_id', '=', id)
      .where('kind', '=', 'payout_refund')
      .orderBy('account')
      .execute();

  it('resolves a batch under review as paid: confirmed, the debits stay, the note is kept', async () => {
    const M = address(1);
    await creditThroughSoloBlock(fx.database, ledger, M, XMR, 11);
    const id = await underReview([M], '4'.repeat(64));
    expect(await ledger.balance(M)).toBe(0n);
    const r = await repo.resolveReview(id, 'paid', 'resolved paid by ops: check_tx_key shows 1 XMR');
    expect(r.refunds).toEqual([]);
    expect(r.batch).toMatchObject({
      status: 'confirmed',
      reason: 'the wallet lists the transaction as failed; resolved paid by ops: check_tx_key shows 1 XMR',
    });
    expect(await ledger.balance(M)).toBe(0n);
    expect(await refundRows(id)).toEqual([]);
    // Decided once: neither outcome applies again.
    await expect(repo.resolveReview(id, 'not-paid', 'again')).rejects.toBeInstanceOf(BatchStateError);
    await expect(repo.resolveReview(id, 'paid', 'again')).rejects.toThrow(/is not needs_review/);
    expect(await ledger.balance(M)).toBe(0n);
    expect((await repo.batch(id)).reason).not.toContain('again');
  });

  it('resolves a batch under review as not paid: failed, every debit refunded once in the same step', async () => {
    const [M, N] = [address(2), address(3)];
    await creditThroughSoloBlock(fx.database, ledger, M, XMR, 12);
    await creditThroughSoloBlock(fx.database, ledger, N, XMR, 13);
    const id = await underReview([M, N], '5'.repeat(64));
    expect([await ledger.balance(M), await ledger.balance(N)]).toEqual([0n, 0n]);
    const r = await repo.resolveReview(id, 'not-paid', 'resolved not-paid by ops: spent key images');
    expect(r.batch.status).toBe('failed');
    expect(r.refunds).toEqual([
      { account: M, amount: XMR },
      { account: N, amount: XMR },
    ]);
    expect([await ledger.balance(M), await ledger.balance(N)]).toEqual([XMR, XMR]);
    await expect(repo.resolveReview(id, 'not-paid', 'again')).rejects.toBeInstanceOf(BatchStateError);
    await expect(repo.resolveReview(id, 'paid', 'again')).rejects.toBeInstanceOf(BatchStateError);
    expect(await refundRows(id)).toEqual([
      { account: M, amount: XMR },
      { account: N, amount: XMR },
    ]);
    expect([await ledger.balance(M), await ledger.balance(N)]).toEqual([XMR, XMR]);
  });

  it('lets only one of two concurrent resolutions move money', async () => {
    const M = address(4);
    await creditThroughSoloBlock(fx.database, ledger, M, 2n * XMR, 14);
    for (const [hash, other] of [
      ['6'.repeat(64), 'not-paid'],
      ['7'.repeat(64), 'paid'],
    ] as const) {
      const before = await ledger.balance(M);
      const id = await underReview([M], hash);
      const results = await Promise.allSettled([
        repo.resolveReview(id, 'not-paid', 'first'),
        repo.resolveReview(id, other, 'second'),
      ]);
      const won = results.filter((x) => x.status === 'fulfilled');
      const lost = results.filter((x) => x.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost.map((x) => x.reason)).toEqual([expect.any(BatchStateError)]);
      // Whichever won decided both the status and the money.
      const winner = results[0].status === 'fulfilled' ? 'not-paid' : other;
      const refunded = winner === 'not-paid';
      expect((await refundRows(id)).length).toBe(refunded ? 1 : 0);
      expect((await repo.batch(id)).status).toBe(refunded ? 'failed' : 'confirmed');
      expect(await ledger.balance(M)).toBe(refunded ? before : before - XMR);
    }
  });

  it('resolves only batches under review, and the ledger refuses a second refund of a payout', async () => {
    // Two accounts: one open payout per account (payout_payments_one_open).
    const [P, M] = [address(6), address(5)];
    await creditThroughSoloBlock(fx.database, ledger, P, XMR, 16);
    await creditThroughSoloBlock(fx.database, ledger, M, 2n * XMR, 15);
    const [planned, signed] = (await repo.createBatches([
      [{ account: P, address: P, amount: XMR }],
      [{ account: M, address: M, amount: XMR }],
    ])) as [bigint, bigint];
    const b = await repo.batch(signed);
    await repo.markSigned(signed, {
      signed: { txHash: '8'.repeat(64), txKey: 'k'.repeat(64), fee: 30n, amount: XMR, txMetadata: 'm' },
      walletHeight: 5,
      amounts: new Map([[b.payments[0]?.id as bigint, { amount: XMR - 30n, fee: 30n }]]),
    });
    for (const id of [planned, signed]) {
      await expect(repo.resolveReview(id, 'not-paid', 'no')).rejects.toBeInstanceOf(BatchStateError);
    }
    expect(await repo.findBatch(123_456n)).toBeUndefined();
    await expect(repo.resolveReview(123_456n, 'paid', 'no')).rejects.toBeInstanceOf(BatchStateError);
    expect(await ledger.balance(M)).toBe(XMR);
    // markFailed refunds through the same code; the unique index stops any second refund.
    await repo.markFailed(signed, 'refused');
    expect(await ledger.balance(M)).toBe(2n * XMR);
    await expect(
      fx.database.db
        .transaction()
        .execute((trx) => ledger.refundPayout(trx, signed, [{ account: M, amount: XMR }])),
    ).rejects.toThrow(/ledger_payout_once/);
    expect(await ledger.balance(M)).toBe(2n * XMR);
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
