import { isIP } from 'node:net';
import { BANS_MAX_AGE_MS } from '@rxpool/bus';
import { isValidAddress, type MoneroNetwork } from '@rxpool/cryptonote';
import {
  type BlockStatus,
  type HashrateRepository,
  type MinerRow,
  PAYOUT_BATCH_STATUSES,
  type PaymentRow,
  type PoolReadRepository,
} from '@rxpool/db';
import type { BanEntry } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type * as P from '@rxpool/proto';
import { type AdminMethodName, type AdminRequest, type AdminResponse, BAN_KINDS } from '@rxpool/proto';
import type { BlockOutcome, WaitReason } from '../blocks/block-unlocker.js';
import type { LedgerRepository } from '../ledger/ledger.repository.js';
import type { PayoutControlState, PayoutRepository } from '../payouts/payout.repository.js';
import type { PayoutState } from '../payouts/payout-runner.js';
import type { PpsExposureRepository } from '../rewards/pps-exposure.repository.js';
import { AdminError } from './admin-errors.js';
import { parseRowId } from './admin-values.js';
import type { BanPublisher } from './ban-publisher.js';
import { resolvePayout } from './resolve-payout.js';

export interface AdminServiceDeps {
  admin: PoolReadRepository;
  hashrate: HashrateRepository;
  ledger: LedgerRepository;
  payouts: PayoutRepository;
  bans: BanPublisher;
  /** The payout runner's current state (undefined when payouts are not configured). */
  payoutState: () => PayoutState | undefined;
  payoutThreshold: bigint;
  network: MoneroNetwork;
  /** Where operator decisions that move money are logged. */
  log: Logger;
  /** The unlocker's look at one block, and the block's row as the primary holds it. */
  blocks: {
    recheck(id: bigint): Promise<{ outcome: BlockOutcome; reason?: WaitReason } | undefined>;
    row(id: bigint): Promise<BlockRowLike | undefined>;
  };
  pps: Pick<PpsExposureRepository, 'current'>;
}

const MAX_LIMIT = 1000;
const limitOf = (n: number, fallback: number) => (n > 0 ? Math.min(n, MAX_LIMIT) : fallback);
const ms = (d: Date | null | undefined) => (d ? String(d.getTime()) : '0');
/** Hashes per second over a window from a sum of share difficulty. */
const rate = (sum: bigint, windowMs: number) => Number(sum) / (windowMs / 1000);
const BLOCK_STATUSES = ['candidate', 'accepted', 'rejected', 'pending', 'unlocked', 'orphaned'];
/** The API spells a payout status as the database does. */
const PAYMENT_STATUSES: ReadonlySet<string> = new Set(PAYOUT_BATCH_STATUSES);

/** Each AdminService method, given the decoded request and who calls (for the logs and the records). */
export type AdminHandlers = {
  [M in AdminMethodName]: (request: AdminRequest<M>, by: string) => Promise<AdminResponse<M>>;
};

/** The AdminService methods: decode, one call, encode. Inputs are checked here. */
export class AdminService implements AdminHandlers {
  constructor(private readonly d: AdminServiceDeps) {}

  async GetPoolStats(): Promise<P.PoolStats> {
    const [hashrate, totals, blocks, batches, control, pps] = await Promise.all([
      this.d.hashrate.pool(),
      this.d.admin.totals(),
      this.d.admin.blockCounts(),
      this.d.payouts.countByStatus(),
      this.d.payouts.control(),
      this.d.pps.current(),
    ]);
    const n = (s: string) => blocks.byStatus[s] ?? 0;
    return {
      hashrate: { h10m: hashrate['10m'], h1h: hashrate['1h'], h24h: hashrate['24h'] },
      activeMiners: totals.activeMiners,
      activeWorkers: totals.activeWorkers,
      blocksFound: n('accepted') + n('pending') + n('unlocked') + n('orphaned'),
      blocksPending: n('accepted') + n('pending'),
      blocksUnlocked: n('unlocked'),
      blocksOrphaned: n('orphaned'),
      lastBlockHeight: blocks.lastHeight,
      lastBlockAtMs: ms(blocks.lastAt),
      owed: String(totals.owed),
      paid: String(totals.paid),
      payoutFees: String(totals.fees),
      payouts: this.control(control),
      payoutThreshold: String(this.d.payoutThreshold),
      openBatches: batches.planned + batches.signed + batches.submitting + batches.submitted,
      ppsCredited: String(pps.credited),
      ppsEarned: String(pps.earned),
      ppsExposure: String(pps.exposure),
    };
  }

  async ListMiners(req: P.ListMinersRequest): Promise<P.ListMinersResponse> {
    const { rows, total } = await this.d.admin.miners(limitOf(req.limit, 100), req.offset);
    return { miners: rows.map(minerSummary), total };
  }

  async GetMiner(req: P.GetMinerRequest): Promise<P.MinerDetail> {
    const miner = req.miner.trim();
    if (miner === '') throw AdminError.invalid('miner is required');
    const { rows } = await this.d.admin.miners(1, 0, miner);
    const row = rows[0];
    if (!row) throw AdminError.notFound(`no miner ${miner}`);
    const [workers, payments, ban] = await Promise.all([
      this.d.hashrate.workers(miner),
      this.d.admin.payments({ account: miner, limit: 20 }),
      // An `address` ban (the kind's stored name) bars this payout address wherever it logs in.
      this.d.bans.current('address', miner),
    ]);
    const summary = minerSummary(row);
    return {
      miner,
      balance: summary.balance,
      paid: summary.paid,
      payoutFees: String(row.fees),
      hashrate: summary.hashrate,
      workers: workers.map((w) => ({
        worker: w.worker,
        hashrate: { h10m: w['10m'], h1h: w['1h'], h24h: w['24h'] },
      })),
      recentPayments: payments.map(payment),
      banned: ban !== undefined,
    };
  }

  async ListBlocks(req: P.ListBlocksRequest): Promise<P.ListBlocksResponse> {
    if (req.status !== '' && !BLOCK_STATUSES.includes(req.status)) {
      throw AdminError.invalid(`status must be one of ${BLOCK_STATUSES.join(', ')}`);
    }
    // Checked against BLOCK_STATUSES above.
    const status = (req.status || undefined) as BlockStatus | undefined;
    const rows = await this.d.admin.blocks(limitOf(req.limit, 50), req.beforeHeight, status);
    return { blocks: rows.map(block) };
  }

  async GetBlockRewards(req: P.GetBlockRewardsRequest): Promise<P.BlockRewards> {
    if (req.height <= 0) throw AdminError.invalid('height is required');
    let blockId: bigint | undefined;
    if (req.blockId !== '') {
      blockId = parseRowId(req.blockId, () => AdminError.invalid('block_id must be a number'));
      if (blockId === undefined) throw AdminError.notFound(`no block ${req.blockId.trim()} of this pool`);
    }
    const r = await this.d.admin.blockRewards(req.height, blockId);
    if (!r) throw AdminError.notFound(`no block of this pool at height ${req.height}`);
    const s = r.split;
    return {
      block: block(r.block),
      scheme: s?.scheme ?? r.block.scheme,
      reward: s ? String(s.reward) : String(r.block.reward ?? 0),
      feeBps: s?.fee_bps ?? 0,
      fee: s ? String(s.fee) : '0',
      digest: s?.digest ?? '',
      window:
        s && s.window_size !== null
          ? {
              size: String(s.window_size),
              total: String(s.window_total ?? '0'),
              shares: s.window_shares ?? 0,
              newestShare: s.newest_hex ?? '',
              newestAtMs: String(s.window_newest_at ?? 0),
              oldestShare: s.oldest_hex ?? '',
              oldestAtMs: String(s.window_oldest_at ?? 0),
              edgeCounted: String(s.window_edge_counted ?? 0),
            }
          : null,
      entries: r.entries.map((e) => ({
        role: e.role,
        account: e.account,
        weight: String(e.weight),
        amount: String(e.amount),
      })),
      credited: r.credited,
    };
  }

  async ListPayments(req: P.ListPaymentsRequest): Promise<P.ListPaymentsResponse> {
    const status = req.status === '' ? undefined : req.status;
    if (status !== undefined && !PAYMENT_STATUSES.has(status))
      throw AdminError.invalid(`status must be one of ${[...PAYMENT_STATUSES].join(', ')}`);
    const rows = await this.d.admin.payments({
      account: req.miner.trim() || undefined,
      status,
      limit: limitOf(req.limit, 100),
    });
    return { payments: rows.map(payment) };
  }

  async BanMiner(req: P.BanMinerRequest, by: string): Promise<P.BanMinerResponse> {
    const kind = this.banKind(req.kind, req.target);
    const now = Date.now();
    // A ban lasts at most the bucket's max age (the server drops the entry then): 0 asks for that.
    const asked = req.durationSeconds * 1000;
    const until = now + (asked > 0 && asked < BANS_MAX_AGE_MS ? asked : BANS_MAX_AGE_MS);
    const entry: BanEntry = {
      kind,
      target: req.target.trim(),
      reason: req.reason || 'banned by an operator',
      until,
      by,
      createdAt: now,
    };
    const key = await this.d.bans.ban(entry);
    return { key, untilMs: String(until) };
  }

  async UnbanMiner(req: P.UnbanMinerRequest): Promise<P.UnbanMinerResponse> {
    const kind = this.banKind(req.kind, req.target);
    return this.d.bans.unban(kind, req.target.trim());
  }

  async ListBans(req: P.ListBansRequest): Promise<P.ListBansResponse> {
    if (req.kind !== '' && !(BAN_KINDS as readonly string[]).includes(req.kind)) {
      throw AdminError.invalid(`kind must be one of ${BAN_KINDS.join(', ')}`);
    }
    const all = (await this.d.bans.list()).filter((b) => req.kind === '' || b.entry.kind === req.kind);
    return { bans: all.slice(0, limitOf(req.limit, 100)).map((b) => ban(b.key, b.entry)), total: all.length };
  }

  async HoldPayouts(req: P.HoldPayoutsRequest, by: string): Promise<P.PayoutControl> {
    return this.control(await this.d.payouts.setHeld(true, req.reason || 'held by an operator', by));
  }

  async ResumePayouts(): Promise<P.PayoutControl> {
    return this.control(await this.d.payouts.setHeld(false, '', ''));
  }

  async ResolvePayout(req: P.ResolvePayoutRequest, by: string): Promise<P.PayoutResolution> {
    return resolvePayout(this.d.payouts, this.d.log, req, by);
  }

  async RecheckBlock(req: P.RecheckBlockRequest, by: string): Promise<P.RecheckBlockResponse> {
    const id = parseRowId(req.blockId, () => AdminError.invalid('block_id must be a number'));
    const missing = () => AdminError.notFound(`no block ${req.blockId.trim()} of this pool`);
    if (id === undefined) throw missing();
    const result = await this.d.blocks.recheck(id);
    const row = await this.d.blocks.row(id);
    if (!result || !row) throw missing();
    this.d.log.info(
      { block: String(id), by, outcome: result.outcome, reason: result.reason },
      'block re-checked',
    );
    return { block: block(row), outcome: result.outcome, waitingFor: result.reason ?? '' };
  }

  private banKind(kind: string, target: string): BanEntry['kind'] {
    const t = target.trim();
    if (t === '') throw AdminError.invalid('target is required');
    if (kind === 'address') {
      if (!isValidAddress(t, this.d.network))
        throw AdminError.invalid(`${t} is not a ${this.d.network} Monero address`);
      return 'address';
    }
    if (kind === 'ip') {
      if (!isIP(t)) throw AdminError.invalid(`${t} is not an IP address`);
      return 'ip';
    }
    if (kind === 'miner') {
      const at = t.lastIndexOf('@');
      const [address, ip] = [t.slice(0, at), t.slice(at + 1).split('/')[0] ?? ''];
      if (at < 0 || !isValidAddress(address, this.d.network) || !isIP(ip))
        throw AdminError.invalid(`${t} is not <${this.d.network} address>@<ip>`);
      return 'miner';
    }
    throw AdminError.invalid('kind must be address, ip or miner');
  }

  private control(c: PayoutControlState): P.PayoutControl {
    const state = this.d.payoutState();
    const status = c.held ? 'held' : (state?.status ?? 'disabled');
    return {
      status,
      held: c.held,
      heldReason: c.reason,
      heldBy: c.heldBy,
      heldAtMs: c.held ? ms(c.changedAt) : '0',
      detail: state?.detail ?? '',
    };
  }
}

function ban(key: string, e: BanEntry): P.Ban {
  return {
    key,
    kind: e.kind,
    target: e.target,
    reason: e.reason,
    untilMs: String(e.until),
    by: e.by,
    createdAtMs: String(e.createdAt),
  };
}

function minerSummary(r: MinerRow): P.MinerSummary {
  return {
    miner: r.miner,
    balance: String(r.balance),
    paid: String(r.paid),
    hashrate: {
      h10m: rate(r.hashes10m, 600_000),
      h1h: rate(r.hashes1h, 3_600_000),
      h24h: rate(r.hashes24h, 86_400_000),
    },
    workers: r.workers,
    lastShareAtMs: String(r.lastShareAt ?? 0),
  };
}

function payment(p: PaymentRow): P.Payment {
  return {
    id: String(p.id),
    batchId: String(p.batchId),
    address: p.address,
    amount: String(p.amount),
    fee: String(p.fee),
    status: p.status,
    txHash: p.txHash ?? '',
    txKey: p.txKey ?? '',
    createdAtMs: ms(p.createdAt),
    submittedAtMs: ms(p.submittedAt),
    confirmedAtMs: ms(p.confirmedAt),
  };
}

export interface BlockRowLike {
  id: bigint;
  height: number;
  hash: string | null;
  status: string;
  scheme: string;
  miner: string;
  worker: string;
  reward: bigint | null;
  network_difficulty: string;
  confirmations: number;
  reason: string | null;
  found_at: bigint | null;
  created_at: Date;
  rival_hash: string | null;
  rival_depth: number | null;
}

function block(b: BlockRowLike): P.Block {
  return {
    id: String(b.id),
    height: b.height,
    hash: b.hash ?? '',
    status: b.status,
    scheme: b.scheme,
    miner: b.miner,
    worker: b.worker,
    reward: String(b.reward ?? 0),
    networkDifficulty: String(b.network_difficulty),
    confirmations: b.confirmations,
    reason: b.reason ?? '',
    foundAtMs: b.found_at !== null ? String(b.found_at) : ms(b.created_at),
    rivalHash: b.rival_hash ?? '',
    rivalDepth: b.rival_depth ?? 0,
  };
}
