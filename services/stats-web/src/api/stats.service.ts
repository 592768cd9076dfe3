import { isValidAddress, type MoneroNetwork } from '@rxpool/cryptonote';
import {
  type BlocksTable,
  type Hashrate,
  type HashrateRepository,
  PAID_BATCH_STATUSES,
  type PaymentRow,
  type PoolReadRepository,
} from '@rxpool/db';
import { SCHEMES } from '@rxpool/rewards';
import type { Selectable } from 'kysely';
import type { PoolFacts, StratumEndpoint } from '../config.js';
import { connectInfo } from '../connect/connect-info.js';
import { ApiError } from '../http/api-error.js';
import type { NetworkSource } from '../network/network-tip.js';
import type { PublicReadRepository } from './public-read.repository.js';
import {
  type BlockView,
  type ChartView,
  type ConnectView,
  FOUND_STATUSES,
  type HashrateView,
  isFoundStatus,
  type MinerBlockView,
  type MinerView,
  type PaymentBatchView,
  type PaymentView,
  type PoolStatsView,
  type SplitView,
} from './schema/api-schema.js';
import { auditSplit } from './split-audit.js';

export interface StatsServiceDeps {
  reads: PoolReadRepository;
  hashrate: HashrateRepository;
  publicReads: PublicReadRepository;
  network: NetworkSource;
  pool: PoolFacts;
  stratum: StratumEndpoint;
  moneroNetwork: MoneroNetwork;
  now?: () => number;
}

const MONERO_BLOCK_SECONDS = 120;
const CHART_BUCKET_MS = 10 * 60_000;

/** Builds each public answer from the shared read queries; inputs are checked here. */
export class StatsService {
  private readonly now: () => number;

  constructor(private readonly d: StatsServiceDeps) {
    this.now = d.now ?? Date.now;
  }

  async poolStats(): Promise<PoolStatsView> {
    const [hashrate, activity, counts, latest, paid] = await Promise.all([
      this.d.hashrate.pool(),
      this.d.hashrate.activity(),
      this.d.reads.blockCounts(),
      this.d.reads.blocks(5, 0, FOUND_STATUSES),
      this.d.reads.paid(),
    ]);
    const n = (s: string) => counts.byStatus[s] ?? 0;
    const net = this.d.network.current();
    const p = this.d.pool;
    return {
      pool: {
        name: p.name,
        fee: { basisPoints: p.feeBasisPoints, percent: p.feeBasisPoints / 100 },
        defaultScheme: p.defaultScheme,
        schemes: [...SCHEMES],
        pplnsK: p.pplnsK,
        payoutThreshold: String(p.payoutThreshold),
        unlockDepth: p.unlockDepth,
      },
      hashrate: rates(hashrate),
      miners: activity.miners,
      workers: activity.workers,
      network: net
        ? {
            height: net.height,
            difficulty: net.networkDifficulty,
            hashrate: Number(BigInt(net.networkDifficulty)) / MONERO_BLOCK_SECONDS,
            reward: net.reward,
            updatedAt: net.updatedAt,
          }
        : null,
      blocks: {
        found: FOUND_STATUSES.reduce((sum, s) => sum + n(s), 0),
        pending: n('accepted') + n('pending'),
        unlocked: n('unlocked'),
        orphaned: n('orphaned'),
        lastHeight: latest[0]?.height ?? null,
        lastFoundAt: latest[0] ? blockView(latest[0]).foundAt : null,
      },
      latestBlocks: latest.map(blockView),
      paid: String(paid.paid),
      updatedAt: this.now(),
    };
  }

  async poolChart(hours: number): Promise<ChartView> {
    const series = await this.d.hashrate.series({ spanMs: hours * 3_600_000, bucketMs: CHART_BUCKET_MS });
    return chartView(series);
  }

  async blocks(limit: number, beforeHeight: number): Promise<{ blocks: BlockView[] }> {
    const rows = await this.d.reads.blocks(limit, beforeHeight, FOUND_STATUSES);
    return { blocks: rows.map(blockView) };
  }

  async payments(limit: number): Promise<{ payments: PaymentBatchView[] }> {
    const rows = await this.d.publicReads.paymentBatches(limit);
    return {
      payments: rows.map((r) => ({
        id: String(r.id),
        status: r.status,
        txHash: r.txHash,
        payees: r.payees,
        amount: String(r.amount),
        fee: String(r.fee),
        createdAt: r.createdAt.getTime(),
        confirmedAt: r.confirmedAt?.getTime() ?? null,
      })),
    };
  }

  async miner(rawMiner: string, limit: number): Promise<MinerView> {
    const miner = this.checkAddress(rawMiner);
    const { rows } = await this.d.reads.miners(1, 0, miner);
    const summary = rows[0];
    if (!summary) throw ApiError.notFound(`the pool has no shares or balance for ${miner} yet`);
    const [hashrate, workers, series, payments, blocks] = await Promise.all([
      this.d.hashrate.miner(miner),
      this.d.hashrate.workers(miner),
      this.d.hashrate.series({ miner, spanMs: 24 * 3_600_000, bucketMs: CHART_BUCKET_MS }),
      this.d.reads.payments({ account: miner, statuses: PAID_BATCH_STATUSES, limit }),
      this.d.publicReads.minerBlocks(miner, limit),
    ]);
    const lastShare = Math.max(0, ...workers.map((w) => w.lastShareAt));
    return {
      miner,
      balance: String(summary.balance),
      paid: String(summary.paid),
      payoutFees: String(summary.fees),
      payoutThreshold: String(this.d.pool.payoutThreshold),
      hashrate: rates(hashrate),
      lastShareAt: lastShare > 0 ? lastShare : null,
      workers: workers.map((w) => ({
        worker: w.worker,
        hashrate: rates(w),
        lastShareAt: w.lastShareAt > 0 ? w.lastShareAt : null,
      })),
      chart: chartView(series),
      payments: payments.map(paymentView),
      blocks: blocks.map(
        (b): MinerBlockView => ({
          blockId: String(b.blockId),
          height: b.height,
          hash: b.hash,
          status: b.status,
          confirmations: b.confirmations,
          scheme: b.scheme,
          reward: String(b.reward),
          fee: String(b.fee),
          feeBasisPoints: b.feeBasisPoints,
          windowTotal: b.windowTotal,
          windowShares: b.windowShares,
          weight: b.weight,
          sharePercent: percentOf(b.weight, b.windowTotal, b.scheme),
          amount: String(b.amount),
          digest: b.digest,
          credited: b.credited,
        }),
      ),
      updatedAt: this.now(),
    };
  }

  /** A block's stored split, its canonical text and whether that text hashes to the stored digest. */
  async blockSplit(height: number, blockId: bigint | undefined): Promise<SplitView> {
    const r = await this.d.reads.blockRewards(height, blockId);
    if (!r || !isFoundStatus(r.block.status)) {
      throw ApiError.notFound(`the pool found no block at height ${height}`);
    }
    const s = r.split;
    if (!s) throw ApiError.notFound(`block ${height} has no split yet: it is split once the chain holds it`);
    const window =
      s.window_size === null
        ? null
        : {
            size: s.window_size,
            total: s.window_total ?? '0',
            shares: s.window_shares ?? 0,
            newestShare: s.newest_hex,
            oldestShare: s.oldest_hex,
            edgeCounted: String(s.window_edge_counted ?? 0n),
          };
    const audit = auditSplit({
      height: s.height,
      blockHash: s.block_hash,
      scheme: s.scheme,
      reward: s.reward,
      feeBasisPoints: s.fee_bps,
      fee: s.fee,
      window: window && { ...window, edgeCounted: s.window_edge_counted ?? 0n },
      entries: r.entries.map((e) => ({
        role: e.role,
        account: e.account,
        weight: e.weight,
        amount: e.amount,
      })),
    });
    return {
      blockId: String(r.block.id),
      height: s.height,
      hash: s.block_hash,
      status: r.block.status,
      scheme: s.scheme,
      reward: String(s.reward),
      fee: String(s.fee),
      feeBasisPoints: s.fee_bps,
      window,
      entries: audit.entries.map((e) => ({
        role: e.role,
        account: e.account,
        weight: String(e.weight),
        amount: String(e.amount),
      })),
      digest: s.digest,
      canonicalText: audit.text,
      digestVerified: audit.digest === s.digest,
      credited: r.credited,
    };
  }

  connect(): ConnectView {
    return connectInfo(this.d.stratum, this.d.moneroNetwork);
  }

  private checkAddress(raw: string): string {
    const address = raw.trim();
    if (!isValidAddress(address, this.d.moneroNetwork)) {
      throw ApiError.badRequest(
        `${JSON.stringify(address.slice(0, 120))} is not a ${this.d.moneroNetwork} Monero address`,
      );
    }
    return address;
  }
}

function rates(h: Hashrate): HashrateView {
  return { '10m': h['10m'], '1h': h['1h'], '24h': h['24h'] };
}

function chartView(series: Map<string, Array<{ at: number; hashrate: number }>>): ChartView {
  return {
    bucketSeconds: CHART_BUCKET_MS / 1000,
    series: [...series].map(([worker, points]) => ({
      worker,
      points: points.map((p): [number, number] => [p.at, Math.round(p.hashrate * 1000) / 1000]),
    })),
  };
}

/** A block of the found list (the query asked for found statuses only). */
function blockView(b: Selectable<BlocksTable>): BlockView {
  if (!isFoundStatus(b.status)) throw new Error(`block ${b.id} is ${b.status}, not a found block`);
  return {
    id: String(b.id),
    height: b.height,
    hash: b.hash,
    status: b.status,
    scheme: b.scheme,
    reward: String(b.reward ?? 0n),
    confirmations: b.confirmations,
    foundAt: b.found_at !== null ? Number(b.found_at) : b.created_at.getTime(),
  };
}

function paymentView(p: PaymentRow): PaymentView {
  return {
    id: String(p.id),
    amount: String(p.amount),
    fee: String(p.fee),
    status: p.status,
    txHash: p.txHash,
    txKey: p.txKey,
    createdAt: p.createdAt.getTime(),
    confirmedAt: p.confirmedAt?.getTime() ?? null,
  };
}

/** weight ÷ total in percent, to 4 decimals, without float loss on 128-bit figures. */
function percentOf(weight: string, total: string | null, scheme: string): number {
  if (scheme === 'solo') return 100;
  if (total === null || BigInt(total) === 0n) return 0;
  return Number((BigInt(weight) * 1_000_000n) / BigInt(total)) / 10_000;
}
