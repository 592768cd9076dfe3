import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  acceptedShare,
  address,
  migratedDatabase,
  shareId,
  shareRollup,
  storeShares,
} from '../testing/fixtures.js';
import { PplnsWindowRepository, WindowRowsMissingError } from './pplns-window.repository.js';

const T0 = 1_700_000_000_000 - (1_700_000_000_000 % 60_000);
const MINUTE = 60_000;

describe('a PPLNS window with missing raw rows (real Postgres)', () => {
  let fx: Awaited<ReturnType<typeof migratedDatabase>>;
  // 1,200 shares of difficulty 100 over 20 minutes; the last one ends the window.
  const shares = Array.from({ length: 1200 }, (_, i) =>
    acceptedShare({
      shareId: shareId(3, i),
      miner: address(i % 3),
      jobDifficulty: 100,
      acceptedAt: T0 + i * 1000,
    }),
  );
  const end = shares[1199] as (typeof shares)[number];
  const at = { acceptedAt: BigInt(end.acceptedAt), shareId: end.shareId };

  beforeAll(async () => {
    fx = await migratedDatabase('acct_window_missing');
    await storeShares(fx.database.db, shares);
    await shareRollup(fx.database.db).advanceTo(BigInt(end.acceptedAt));
  });
  afterAll(() => fx?.drop());

  it('is complete while every row is there', async () => {
    const w = await new PplnsWindowRepository(fx.database.db).window(at, 50_000n);
    expect(w.total).toBe(50_000n);
    expect(w.shareCount).toBe(500);
  });

  it('refuses (never pays the finder, nor those left) once the edge minute’s rows are gone', async () => {
    // The window of 50,000 units reaches into minute 11; its rows go as a careless prune would take them.
    await fx.database.pool.query('DELETE FROM shares WHERE accepted_at < $1', [T0 + 12 * MINUTE]);
    const windows = new PplnsWindowRepository(fx.database.db);
    await expect(windows.window(at, 50_000n)).rejects.toBeInstanceOf(WindowRowsMissingError);
    // A window that does not reach the missing minutes is unaffected.
    expect((await windows.window(at, 30_000n)).total).toBe(30_000n);
  });

  it('refuses when rows inside the window are missing too, not only at its edge', async () => {
    await fx.database.pool.query('DELETE FROM shares WHERE accepted_at >= $1 AND accepted_at < $2', [
      T0 + 15 * MINUTE,
      T0 + 15 * MINUTE + 10_000,
    ]);
    const windows = new PplnsWindowRepository(fx.database.db);
    await expect(windows.window(at, 30_000n)).rejects.toThrow(/minute sums hold 30000, the raw shares 29000/);
  });
});
