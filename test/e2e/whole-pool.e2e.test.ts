/**
 * The whole pool, end to end, as `npm run pool` runs it: nats-server,
 * Postgres, regtest monerod, the pool's wallet-rpc, a job-manager, an
 * accounting, two share-validators and two stratum-gateways, each its own
 * process. Three test miners hash real RandomX (light mode) on both
 * gateways; a block they find is accepted by monerod, unlocks after 60
 * blocks, its PPLNS split is credited and paid into each miner's own
 * wallet, the admin gRPC API reports what the database holds, and the
 * stats-web dashboard, opened in headless Chromium, shows what its API
 * answers. Build first (npm test does).
 */

import { basename } from 'node:path';
import { TEST_WALLET, waitFor } from '@rxpool/devstack';
import { ATOMIC_UNITS_PER_XMR } from '@rxpool/rewards';
import { RandomXHasherSource, summarize } from '@rxpool/stratum-client';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ConnectView,
  fields,
  formatHashrate,
  formatPercent,
  formatXmr,
  launchChromium,
  type MinerView,
  openPageWithApi,
  type PoolStatsView,
  screenshot,
  text,
} from '../../services/stats-web/src/testing/browser.js';
import { compareAdminWithDatabase } from './support/admin-audit.js';
import { HonestMiner } from './support/honest-miner.js';
import {
  type FoundBlock,
  type NextJobDelay,
  nextJobDelays,
  type RivalTiming,
  rivalTiming,
} from './support/job-delays.js';
import {
  type BlockRow,
  balances,
  blocks,
  ledgerSums,
  OPEN_STATES,
  type PaymentRow,
  payments,
  recomputeWindow,
  splitOf,
} from './support/ledger-audit.js';
import { MinerWallets } from './support/miner-wallets.js';

import { PoolUnderTest } from './support/pool-under-test.js';
import { millis, seconds, table, writeScenario } from './support/results-summary.js';
import { auditShares, type ShareAudit, settledAudit } from './support/share-audit.js';

/** Light-mode hashing here gives the miners ~10–20 H/s together: a block every ~30 s on average. */
const BLOCK_DIFFICULTY = 400;
const SHARE_DIFFICULTY = 10;
/** PPLNS window = k × network difficulty: wide enough that every miner's shares count. */
const PPLNS_K = 10;
const UNLOCK_DEPTH = 60;
const NAMES = ['alice', 'bob', 'carol'] as const;

describe('whole pool: shares, a block, PPLNS credit, payout, admin API, dashboard', () => {
  let pool: PoolUnderTest;
  let wallets: MinerWallets;
  let miners: HonestMiner[] = [];
  const hashers = new RandomXHasherSource({ mode: 'light', threads: 2 });
  const timings: Record<string, number> = {};
  let found: BlockRow[] = [];
  let audit: ShareAudit | undefined;
  let paid: PaymentRow[] = [];
  let failedBatches = 0;
  const received = new Map<string, number>();
  /** Per block found: ms until the last miner had a job at a later height; rivals' timing. */
  const nextJob = { delays: [] as NextJobDelay[], rivals: [] as RivalTiming[] };
  let compared = 0;
  /** What the browser step compared, for the summary. */
  const dashboard = { fields: 0, transactions: 0, audits: 0, screenshots: [] as string[] };
  const t0 = Date.now();

  beforeAll(async () => {
    pool = await PoolUnderTest.start({
      label: 'whole-pool',
      gateways: 2,
      validators: 2,
      blockDifficulty: BLOCK_DIFFICULTY,
      shareDifficulty: SHARE_DIFFICULTY,
      serviceEnv: {
        accounting: {
          PPLNS_K: String(PPLNS_K),
          UNLOCK_DEPTH: String(UNLOCK_DEPTH),
          UNLOCK_INTERVAL_MS: '1000',
          PAYOUT_INTERVAL_MS: '2000',
          PAYOUT_CONFIRMATIONS: '2',
        },
        'share-validator': { VALIDATOR_THREADS: '1' },
      },
    });
    timings.start = Date.now() - t0;
    wallets = await MinerWallets.create(pool.dir, pool.options.monerodRpcPort, NAMES);
    miners = NAMES.map(
      (name, i) =>
        new HonestMiner({
          worker: name,
          miner: wallets.address(name),
          host: '127.0.0.1',
          // alice and carol on the first gateway, bob on the second.
          port: pool.gatewayPort(i % 2),
          hashers,
        }),
    );
  });

  afterAll(async () => {
    await Promise.all(miners.map((m) => m.stop()));
    hashers.close();
    await wallets?.stop();
    await pool?.stop();
  });

  it('miners on both gateways get real shares accepted, and a block they find is accepted by monerod', async () => {
    const started = Date.now();
    for (const m of miners) m.start();
    await waitFor(
      'three accepted shares from every miner',
      async () => miners.every((m) => m.ok.size >= 3),
      300_000,
      500,
    );
    const everyoneIn = Date.now();
    timings.sharesFromAll = everyoneIn - started;
    // A block found once every miner has shares in the window.
    await waitFor(
      'a block found after every miner had shares',
      async () =>
        (await blocks(pool)).some(
          (b) => ['accepted', 'pending'].includes(b.status) && Number(b.found_at ?? 0) >= everyoneIn,
        ),
      600_000,
      1_000,
    );
    timings.block = Date.now() - everyoneIn;
    // After a block every miner must get a job at a later height (how soon is a figure below).
    const top = Math.max(...(await blocks(pool)).map((b) => b.height));
    await waitFor(
      `every miner with a job above height ${top}`,
      async () => miners.every((m) => m.jobs.some((j) => j.height > top)),
      60_000,
      200,
    );
    await Promise.all(miners.map((m) => m.stop()));

    const all = await blocks(pool);
    // monerod accepted every candidate; two found on one template (before its successor reached
    // the miners) are a race the chain settles: one stays, its rival is an orphan at that height.
    expect(all.filter((b) => !['accepted', 'pending', 'orphaned'].includes(b.status))).toEqual([]);
    const onChain: BlockRow[] = [];
    const rivals: BlockRow[] = [];
    for (const b of all) {
      const { block_header: header } = await pool.monerod.rpc<{
        block_header: { height: number; orphan_status: boolean };
      }>('get_block_header_by_hash', { hash: b.hash });
      expect(header.height).toBe(b.height);
      (header.orphan_status ? rivals : onChain).push(b);
    }
    found = onChain;
    expect(found.length).toBeGreaterThanOrEqual(1);
    for (const r of rivals) expect(found.map((b) => b.height)).toContain(r.height);
    // Only blocks found before the miners stopped: the wait above gave every miner their next job.
    nextJob.delays = nextJobDelays(foundBlocks(found.filter((b) => b.height <= top)), miners);
    const winners = foundBlocks(found);
    nextJob.rivals = foundBlocks(rivals).flatMap((r) =>
      winners.filter((w) => w.height === r.height).map((w) => rivalTiming(w, r, miners)),
    );
    for (const m of miners) {
      expect(m.logins.length).toBeGreaterThanOrEqual(1);
      expect(m.ok.size).toBeGreaterThanOrEqual(3);
      const invalid = m.records.filter((r) => !r.accepted && !/^Block expired/.test(r.error ?? ''));
      expect(invalid).toEqual([]);
    }
  });

  it('every share a miner was told OK is in the database exactly once, and no other', async () => {
    audit = await settledAudit(pool, miners);
    expect(audit.missing).toEqual([]);
    expect(audit.duplicated).toEqual([]);
    expect(audit.stored).toBe(audit.okd);
    expect(audit.unconfirmedRows).toBe(0);
    const all = await pool.query<{ n: string }>('SELECT count(*)::text AS n FROM shares');
    expect(Number(all[0]?.n)).toBe(audit.okd);
  });

  it(`the block unlocks ${UNLOCK_DEPTH} blocks later and its PPLNS split is credited`, async () => {
    const started = Date.now();
    await pool.mineBlocks(UNLOCK_DEPTH, TEST_WALLET.address, true);
    await waitFor(
      'the blocks unlocked',
      // A block submitted just before the miners stopped can reach accounting after the list above:
      // every block of the pool settles (unlocked, or a rival orphaned), at least those found above.
      async () => {
        const now = await blocks(pool);
        const unlocked = now.filter((b) => b.status === 'unlocked').length;
        return (
          unlocked >= found.length && now.every((b) => b.status === 'unlocked' || b.status === 'orphaned')
        );
      },
      180_000,
      1_000,
    );
    timings.unlock = Date.now() - started;
    found = (await blocks(pool)).filter((b) => b.status === 'unlocked');
    const credits = await ledgerSums(pool, 'block_reward');
    const expected = new Map<string, bigint>();
    for (const b of found) {
      const { block_header: header } = await pool.monerod.rpc<{ block_header: { reward: number } }>(
        'get_block_header_by_hash',
        { hash: b.hash },
      );
      const split = await splitOf(pool, b.id);
      if (!split) throw new Error(`block ${b.height} unlocked without a split`);
      expect(split.reward).toBe(BigInt(header.reward));
      expect(split.fee).toBe(0n);
      expect(split.entries.reduce((a, e) => a + e.amount, 0n)).toBe(split.reward);
      // The window, recomputed from the shares table, gives the same weights.
      const window = await recomputeWindow(pool, b, split.size);
      expect(new Map(split.entries.map((e) => [e.account, e.weight]))).toEqual(window);
      const total = split.entries.reduce((a, e) => a + e.weight, 0n);
      for (const e of split.entries) {
        // Proportional to the weight, to the atomic unit.
        const exact = (split.reward * e.weight) / total;
        expect(e.amount - exact >= 0n && e.amount - exact <= 1n).toBe(true);
        expected.set(e.account, (expected.get(e.account) ?? 0n) + e.amount);
      }
    }
    for (const m of miners) expect(expected.get(m.o.miner) ?? 0n).toBeGreaterThan(0n);
    expect(credits).toEqual(expected);
  });

  it("the credits are paid into each miner's own wallet", async () => {
    const started = Date.now();
    const addresses = miners.map((m) => m.o.miner);
    await waitFor(
      'a payout transaction for every miner',
      async () => {
        const rows = await payments(pool);
        return addresses.every((a) =>
          rows.some((p) => p.account === a && ['submitted', 'confirmed'].includes(p.status)),
        );
      },
      180_000,
      1_000,
    );
    timings.payoutSent = Date.now() - started;
    await waitFor(
      'the payouts confirmed',
      async () => {
        await pool.monerod.generateBlocks(1, TEST_WALLET.address);
        // A batch the wallet refused (e.g. while monerod restarted) fails, is refunded and paid again.
        const rows = await payments(pool);
        return (
          addresses.every((a) => rows.some((p) => p.account === a && p.status === 'confirmed')) &&
          rows.every((p) => !OPEN_STATES.includes(p.status))
        );
      },
      180_000,
      2_000,
    );
    timings.payoutConfirmed = Date.now() - started;
    const all = await payments(pool);
    paid = all.filter((p) => p.status === 'confirmed');
    failedBatches = new Set(all.filter((p) => p.status === 'failed').map((p) => p.batch_id)).size;
    const owed = await balances(pool);
    for (const m of miners) {
      const mine = paid.filter((p) => p.account === m.o.miner);
      expect(mine.length).toBeGreaterThanOrEqual(1);
      // Everything credited was paid: amount + the miner's share of the fee.
      expect(owed.get(m.o.miner)).toBe(0n);
      const { transfers } = await wallets.incoming(m.name);
      for (const p of mine) {
        const t = transfers.find((x) => x.txid === p.tx_hash);
        expect(t, `${m.name}'s wallet has tx ${p.tx_hash}`).toBeDefined();
        expect(BigInt(t?.amount ?? 0)).toBe(BigInt(p.amount ?? -1));
      }
      received.set(
        m.name,
        transfers.filter((t) => mine.some((p) => p.tx_hash === t.txid)).reduce((a, t) => a + t.amount, 0),
      );
    }
  });

  it("the dashboard in headless Chromium shows what its API answers: the pool, a paid miner's page, connect", async () => {
    const started = Date.now();
    const base = pool.endpoint('web');
    const sum = (rows: readonly PaymentRow[]) => rows.reduce((a, p) => a + BigInt(p.amount ?? 0), 0n);
    const newest = found.at(-1);
    const address = miners[0]?.o.miner;
    if (!newest || !address) throw new Error('the earlier steps did not run');
    const same = async (page: Page, want: Record<string, string>) => {
      expect(await fields(page, Object.keys(want))).toEqual(want);
      dashboard.fields += Object.keys(want).length;
    };
    const browser = await launchChromium(pool.dir);
    try {
      // Front page: pool figures and the latest blocks and payouts.
      const home = await openPageWithApi<PoolStatsView>(browser, `${base}/`, '/api/stats');
      const stats = home.json;
      // The public count takes every block monerod took, also one orphaned by a rival at its height.
      const taken = (await blocks(pool)).filter((b) => !['candidate', 'rejected'].includes(b.status));
      expect(stats.blocks.found).toBe(taken.length);
      expect(stats.blocks.unlocked).toBe(found.length);
      expect(BigInt(stats.paid)).toBe(sum(paid));
      await expect.poll(() => text(home.page, 'blocks-found')).toBe(String(taken.length));
      await same(home.page, {
        'hashrate-10m': formatHashrate(stats.hashrate['10m']),
        'hashrate-1h': formatHashrate(stats.hashrate['1h']),
        'hashrate-24h': formatHashrate(stats.hashrate['24h']),
        miners: String(stats.miners),
        workers: String(stats.workers),
        paid: formatXmr(stats.paid),
      });
      const heights = await home.page
        .locator('#blocks tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
      expect(heights).toEqual(stats.latestBlocks.map((b) => String(b.height)));
      // By hash: a rival found at the same height has a row of the same height.
      const block = home.page.locator('#blocks tbody tr', {
        has: home.page.locator(`code[data-full="${newest.hash}"]`),
      });
      expect(await block.getAttribute('data-row')).toBe(String(newest.height));
      expect(await block.innerText()).toContain('unlocked');
      for (const tx of new Set(paid.map((p) => p.tx_hash))) {
        expect(await home.page.locator(`#payments code[data-full="${tx}"]`).count()).toBe(1);
        dashboard.transactions++;
      }
      dashboard.screenshots.push(await screenshot(home.page, 'whole-pool-home.png'));
      expect(home.errors).toEqual([]);

      // A paid miner's page: balance, paid, its payout transactions, and its share of each block audited.
      const mine = paid.filter((p) => p.account === address);
      const minerPage = await openPageWithApi<MinerView>(
        browser,
        `${base}/miner.html?address=${address}`,
        `/api/miners/${address}`,
      );
      const m = minerPage.json;
      expect(m.balance).toBe('0');
      expect(BigInt(m.paid)).toBe(sum(mine));
      await expect.poll(() => text(minerPage.page, 'balance')).not.toBe('…');
      await same(minerPage.page, {
        balance: formatXmr(m.balance),
        paid: formatXmr(m.paid),
        'hashrate-10m': formatHashrate(m.hashrate['10m']),
        workers: String(m.workers.length),
      });
      for (const p of mine) {
        expect(m.payments.map((x) => x.txHash)).toContain(p.tx_hash);
        expect(await minerPage.page.locator(`#payments code[data-full="${p.tx_hash}"]`).count()).toBe(1);
        dashboard.transactions++;
      }
      for (const b of found) {
        const split = await splitOf(pool, b.id);
        const entry = split?.entries.find((e) => e.role === 'miner' && e.account === address);
        if (!split || !entry) continue;
        const view = m.blocks.find((x) => x.blockId === b.id);
        if (!view) throw new Error(`the API lists no share of ${address} in block ${b.height}`);
        expect(view.digest).toBe(split.digest);
        expect(view.amount).toBe(String(entry.amount));
        const row = minerPage.page.locator(`#blocks tr[data-row="${b.height}-${b.id}"]`);
        // The page fetches the split, hashes it in the browser and finds the miner's line.
        await expect.poll(() => row.locator('[data-audit]').getAttribute('data-audit')).toBe('verified');
        expect(await row.locator(`code[data-full="${split.digest}"]`).count()).toBe(1);
        const shown = await row.innerText();
        expect(shown).toContain(formatXmr(String(entry.amount)));
        expect(shown).toContain(formatPercent(view.sharePercent));
        dashboard.audits++;
      }
      expect(dashboard.audits).toBeGreaterThanOrEqual(1);
      dashboard.screenshots.push(await screenshot(minerPage.page, 'whole-pool-miner.png'));
      expect(minerPage.errors).toEqual([]);

      // Connect page: the first gateway's ports and the fingerprint the pool printed.
      const fingerprint = pool.endpoint('tls-fingerprint');
      const connect = await openPageWithApi<ConnectView>(
        browser,
        `${base}/connect.html?address=${address}`,
        '/api/connect',
      );
      expect(connect.json.tlsFingerprint).toBe(fingerprint);
      expect(connect.json.ports).toEqual([pool.gatewayPort(0)]);
      await expect.poll(() => text(connect.page, 'fingerprint')).toBe(fingerprint);
      await same(connect.page, {
        host: '127.0.0.1',
        ports: String(pool.gatewayPort(0)),
        'tls-ports': String(pool.options.stratumTlsPort),
      });
      expect(await connect.page.locator('#xmrig-plain').innerText()).toContain(
        `-o 127.0.0.1:${pool.gatewayPort(0)} -u ${address}`,
      );
      dashboard.screenshots.push(await screenshot(connect.page, 'whole-pool-connect.png'));
      expect(connect.errors).toEqual([]);
    } finally {
      await browser.close();
    }
    timings.dashboard = Date.now() - started;
  });

  it('the admin gRPC API reports the same figures as the database', async () => {
    const comparisons = await compareAdminWithDatabase(
      pool,
      miners.map((m) => m.o.miner),
    );
    const differing = comparisons.filter((c) => c.admin !== c.db);
    expect(differing).toEqual([]);
    compared = comparisons.length;
    const stats = await pool.admin.call('GetPoolStats', {});
    expect(stats.blocksUnlocked).toBe(found.length);
    expect(BigInt(stats.paid)).toBeGreaterThan(0n);
  });

  it('writes its figures to the summary', async () => {
    if (!audit) throw new Error('the earlier steps did not run');
    const current = await auditShares(pool, miners);
    const credits = await ledgerSums(pool, 'block_reward');
    const xmr = (atomic: bigint | number) => (Number(atomic) / Number(ATOMIC_UNITS_PER_XMR)).toFixed(6);
    const rows = miners.map((m) => {
      const lat = summarize(m.records.filter((r) => r.accepted).map((r) => r.latencyMs));
      const mine = paid.filter((p) => p.account === m.o.miner);
      return [
        m.name,
        `gateway ${(NAMES.indexOf(m.name as (typeof NAMES)[number]) % 2) + 1}`,
        m.ok.size,
        m.records.length - m.ok.size,
        `${millis(lat.p50)} / ${millis(lat.p99)}`,
        xmr(credits.get(m.o.miner) ?? 0n),
        xmr(mine.reduce((a, p) => a + BigInt(p.amount ?? 0), 0n)),
        xmr(received.get(m.name) ?? 0),
      ];
    });
    writeScenario(
      'end-to-end',
      'End to end: shares → block → unlock → PPLNS credit → payout',
      [
        `Pool: 2 gateways, 2 validators (light mode), job-manager, accounting, stats-web; monerod fixed difficulty ${BLOCK_DIFFICULTY}, share difficulty ${SHARE_DIFFICULTY} (vardiff), PPLNS k = ${PPLNS_K}, unlock depth ${UNLOCK_DEPTH}. Three test miners hashing real RandomX (light mode, 2 threads shared) on this 2-core machine, shared with other work.`,
        '',
        table(
          [
            'miner',
            'on',
            'shares OK',
            'rejected',
            'submit p50 / p99',
            'credited XMR',
            'paid XMR',
            'in own wallet XMR',
          ],
          rows,
        ),
        '',
        table(
          ['block height', 'hash', 'reward XMR', 'status'],
          found.map((b) => [
            b.height,
            `${(b.hash ?? '').slice(0, 16)}…`,
            xmr(BigInt(b.reward ?? 0)),
            b.status,
          ]),
        ),
        '',
        table(
          ['figure', 'value'],
          [
            ['shares answered OK', audit.okd],
            ['of them in the database exactly once', current.stored],
            [
              'missing / duplicated / rows without an OK',
              `${current.missing.length} / ${current.duplicated.length} / ${current.unconfirmedRows}`,
            ],
            ['admin API figures equal to the database', `${compared} of ${compared}`],
            ['pool start (infrastructure, 70 blocks, every service ready)', seconds(timings.start ?? 0)],
            ['first shares from every miner', seconds(timings.sharesFromAll ?? 0)],
            ['then a block found and accepted', seconds(timings.block ?? 0)],
            [
              'block found → every miner has a job at the next height (of which until monerod took the block), per block',
              nextJob.delays
                .map((d) => `${millis(d.toMiners ?? Number.NaN)} (${millis(d.toAnswer)})`)
                .join(', '),
            ],
            [
              'rival blocks at a taken height: found after the winner / finder already had the next job',
              nextJob.rivals.length === 0
                ? 'none'
                : nextJob.rivals
                    .map((r) => `${millis(r.afterWinnerMs)} / ${r.finderHadNextJob ? 'yes' : 'no'}`)
                    .join(', '),
            ],
            [`${UNLOCK_DEPTH} blocks mined → block unlocked and credited`, seconds(timings.unlock ?? 0)],
            ['unlock → payout transaction sent', seconds(timings.payoutSent ?? 0)],
            [
              'payout batches confirmed / failed and refunded (then paid again)',
              `${new Set(paid.map((p) => p.batch_id)).size} / ${failedBatches}`,
            ],
            ['unlock → payout confirmed (2 blocks)', seconds(timings.payoutConfirmed ?? 0)],
            [
              'dashboard in headless Chromium (front, miner, connect): fields equal to the API / payout transactions shown / block shares audited in the browser',
              `${dashboard.fields} / ${dashboard.transactions} / ${dashboard.audits}`,
            ],
            [
              'dashboard step (Chromium start, 3 pages, screenshots)',
              `${seconds(timings.dashboard ?? 0)}: ${dashboard.screenshots.map((f) => basename(f)).join(', ')}`,
            ],
            ['whole scenario', seconds(Date.now() - t0)],
          ],
        ),
      ].join('\n'),
    );
    expect(current.missing).toEqual([]);
  });
});

/** Blocks as the job-delay figures take them; one whose share is not stored yet has no found time. */
function foundBlocks(rows: readonly BlockRow[]): FoundBlock[] {
  return rows.flatMap((b) =>
    b.found_at === null || b.submitted_at === null
      ? []
      : [
          {
            height: b.height,
            foundAt: Number(b.found_at),
            submittedAt: Number(b.submitted_at),
            worker: b.worker,
          },
        ],
  );
}
