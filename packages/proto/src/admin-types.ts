/**
 * TypeScript shapes of the AdminService messages as @grpc/proto-loader
 * hands them over with ADMIN_LOADER_OPTIONS (camelCase, int64 as decimal
 * strings, defaults filled). Written by hand beside admin.proto; the
 * admin-types test checks every message field against the loaded file.
 */
export interface Hashrate {
  h10m: number;
  h1h: number;
  h24h: number;
}

export const PAYOUT_STATUSES = [
  'running',
  'held',
  'wallet-unavailable',
  'wallet-locked',
  'wallet-empty',
  'disabled',
  'standby',
] as const;
export type PayoutStatus = (typeof PAYOUT_STATUSES)[number];

export interface PayoutControl {
  status: PayoutStatus | string;
  held: boolean;
  heldReason: string;
  heldBy: string;
  heldAtMs: string;
  detail: string;
}

export type GetPoolStatsRequest = Record<string, never>;

export interface PoolStats {
  hashrate: Hashrate;
  activeMiners: number;
  activeWorkers: number;
  blocksFound: number;
  blocksPending: number;
  blocksUnlocked: number;
  blocksOrphaned: number;
  lastBlockHeight: number;
  lastBlockAtMs: string;
  owed: string;
  paid: string;
  payoutFees: string;
  payouts: PayoutControl;
  payoutThreshold: string;
  openBatches: number;
  ppsCredited: string;
  ppsEarned: string;
  ppsExposure: string;
}

export interface ListMinersRequest {
  limit: number;
  offset: number;
}

export interface MinerSummary {
  address: string;
  balance: string;
  paid: string;
  hashrate: Hashrate;
  workers: number;
  lastShareAtMs: string;
}

export interface ListMinersResponse {
  miners: MinerSummary[];
  total: number;
}

export interface GetMinerRequest {
  address: string;
}

export interface WorkerStats {
  name: string;
  hashrate: Hashrate;
}

export interface MinerDetail {
  address: string;
  balance: string;
  paid: string;
  payoutFees: string;
  hashrate: Hashrate;
  workers: WorkerStats[];
  recentPayments: Payment[];
  banned: boolean;
}

export interface ListBlocksRequest {
  limit: number;
  beforeHeight: number;
  status: string;
}

export interface Block {
  id: string;
  height: number;
  hash: string;
  status: string;
  scheme: string;
  miner: string;
  worker: string;
  reward: string;
  networkDifficulty: string;
  confirmations: number;
  reason: string;
  foundAtMs: string;
  rivalHash: string;
  rivalDepth: number;
}

export interface ListBlocksResponse {
  blocks: Block[];
}

export interface GetBlockRewardsRequest {
  height: number;
  blockId: string;
}

export interface RewardEntry {
  role: 'miner' | 'fee' | string;
  account: string;
  weight: string;
  amount: string;
}

export interface PplnsWindow {
  size: string;
  total: string;
  shares: number;
  newestShare: string;
  newestAtMs: string;
  oldestShare: string;
  oldestAtMs: string;
  edgeCounted: string;
}

export interface BlockRewards {
  block: Block | null;
  scheme: string;
  reward: string;
  feeBps: number;
  fee: string;
  digest: string;
  window: PplnsWindow | null;
  entries: RewardEntry[];
  credited: boolean;
}

export interface ListPaymentsRequest {
  address: string;
  limit: number;
  status: string;
}

export const PAYMENT_STATUSES = [
  'planned',
  'signed',
  'submitting',
  'submitted',
  'confirmed',
  'failed',
  'needs-review',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export interface Payment {
  id: string;
  batchId: string;
  address: string;
  amount: string;
  fee: string;
  status: PaymentStatus | string;
  txHash: string;
  txKey: string;
  createdAtMs: string;
  submittedAtMs: string;
  confirmedAtMs: string;
}

export interface ListPaymentsResponse {
  payments: Payment[];
}

export const BAN_KINDS = ['address', 'ip', 'miner'] as const;
export type BanKind = (typeof BAN_KINDS)[number];

export interface BanMinerRequest {
  kind: BanKind | string;
  target: string;
  reason: string;
  durationSeconds: number;
}

export interface BanMinerResponse {
  key: string;
  untilMs: string;
}

export interface UnbanMinerRequest {
  kind: BanKind | string;
  target: string;
}

export interface UnbanMinerResponse {
  key: string;
  removed: boolean;
}

export interface ListBansRequest {
  kind: BanKind | '' | string;
  limit: number;
}

export interface Ban {
  key: string;
  kind: BanKind | string;
  target: string;
  reason: string;
  untilMs: string;
  by: string;
  createdAtMs: string;
}

export interface ListBansResponse {
  bans: Ban[];
  total: number;
}

export interface HoldPayoutsRequest {
  reason: string;
}

export type ResumePayoutsRequest = Record<string, never>;

export const PAYOUT_OUTCOMES = ['paid', 'not-paid'] as const;
export type PayoutOutcome = (typeof PAYOUT_OUTCOMES)[number];
export const isPayoutOutcome = (s: string): s is PayoutOutcome =>
  (PAYOUT_OUTCOMES as readonly string[]).includes(s);

export interface ResolvePayoutRequest {
  batchId: string;
  outcome: PayoutOutcome | string;
  reason: string;
  txHash: string;
}

export interface ResolvedPayment {
  address: string;
  amount: string;
  fee: string;
  refunded: string;
}

export interface PayoutResolution {
  batchId: string;
  status: 'confirmed' | 'failed' | string;
  txHash: string;
  reason: string;
  refunded: string;
  payments: ResolvedPayment[];
}

export interface RecheckBlockRequest {
  blockId: string;
}

export interface RecheckBlockResponse {
  block: Block;
  outcome: 'pending' | 'unlocked' | 'orphaned' | 'contested' | 'waiting' | string;
  waitingFor: string;
}

/** Each method: its request and response message. */
export interface AdminMethods {
  GetPoolStats: [GetPoolStatsRequest, PoolStats];
  ListMiners: [ListMinersRequest, ListMinersResponse];
  GetMiner: [GetMinerRequest, MinerDetail];
  ListBlocks: [ListBlocksRequest, ListBlocksResponse];
  GetBlockRewards: [GetBlockRewardsRequest, BlockRewards];
  ListPayments: [ListPaymentsRequest, ListPaymentsResponse];
  BanMiner: [BanMinerRequest, BanMinerResponse];
  UnbanMiner: [UnbanMinerRequest, UnbanMinerResponse];
  ListBans: [ListBansRequest, ListBansResponse];
  HoldPayouts: [HoldPayoutsRequest, PayoutControl];
  ResumePayouts: [ResumePayoutsRequest, PayoutControl];
  ResolvePayout: [ResolvePayoutRequest, PayoutResolution];
  RecheckBlock: [RecheckBlockRequest, RecheckBlockResponse];
}

export type AdminMethodName = keyof AdminMethods;
export type AdminRequest<M extends AdminMethodName> = AdminMethods[M][0];
export type AdminResponse<M extends AdminMethodName> = AdminMethods[M][1];

export const ADMIN_METHODS: readonly AdminMethodName[] = [
  'GetPoolStats',
  'ListMiners',
  'GetMiner',
  'ListBlocks',
  'GetBlockRewards',
  'ListPayments',
  'BanMiner',
  'UnbanMiner',
  'ListBans',
  'HoldPayouts',
  'ResumePayouts',
  'ResolvePayout',
  'RecheckBlock',
];
