import type { MessageTypeDefinition } from '@grpc/proto-loader';
import { describe, expect, it } from 'vitest';
import { ADMIN_PACKAGE, ADMIN_SERVICE_NAME, loadAdminPackageDefinition } from './admin-proto.js';
import * as T from './admin-types.js';

// Each TypeScript interface's keys, checked at compile time (satisfies) and
// against the loaded .proto at run time.
type Keys<M> = Record<keyof M, true>;
const fields = {
  Hashrate: { h10m: true, h1h: true, h24h: true } satisfies Keys<T.Hashrate>,
  PayoutControl: {
    status: true,
    held: true,
    heldReason: true,
    heldBy: true,
    heldAtMs: true,
    detail: true,
  } satisfies Keys<T.PayoutControl>,
  PoolStats: {
    hashrate: true,
    activeMiners: true,
    activeWorkers: true,
    blocksFound: true,
    blocksPending: true,
    blocksUnlocked: true,
    blocksOrphaned: true,
    lastBlockHeight: true,
    lastBlockAtMs: true,
    owed: true,
    paid: true,
    payoutFees: true,
    payouts: true,
    payoutThreshold: true,
    openBatches: true,
    ppsCredited: true,
    ppsEarned: true,
    ppsExposure: true,
  } satisfies Keys<T.PoolStats>,
  ListMinersRequest: { limit: true, offset: true } satisfies Keys<T.ListMinersRequest>,
  MinerSummary: {
    address: true,
    balance: true,
    paid: true,
    hashrate: true,
    workers: true,
    lastShareAtMs: true,
  } satisfies Keys<T.MinerSummary>,
  ListMinersResponse: { miners: true, total: true } satisfies Keys<T.ListMinersResponse>,
  GetMinerRequest: { address: true } satisfies Keys<T.GetMinerRequest>,
  WorkerStats: { name: true, hashrate: true } satisfies Keys<T.WorkerStats>,
  MinerDetail: {
    address: true,
    balance: true,
    paid: true,
    payoutFees: true,
    hashrate: true,
    workers: true,
    recentPayments: true,
    banned: true,
  } satisfies Keys<T.MinerDetail>,
  ListBlocksRequest: { limit: true, beforeHeight: true, status: true } satisfies Keys<T.ListBlocksRequest>,
  Block: {
    id: true,
    height: true,
    hash: true,
    status: true,
    scheme: true,
    miner: true,
    worker: true,
    reward: true,
    networkDifficulty: true,
    confirmations: true,
    reason: true,
    foundAtMs: true,
    rivalHash: true,
    rivalDepth: true,
  } satisfies Keys<T.Block>,
  ListBlocksResponse: { blocks: true } satisfies Keys<T.ListBlocksResponse>,
  GetBlockRewardsRequest: { height: true, blockId: true } satisfies Keys<T.GetBlockRewardsRequest>,
  RewardEntry: { role: true, account: true, weight: true, amount: true } satisfies Keys<T.RewardEntry>,
  PplnsWindow: {
    size: true,
    total: true,
    shares: true,
    newestShare: true,
    newestAtMs: true,
    oldestShare: true,
    oldestAtMs: true,
    edgeCounted: true,
  } satisfies Keys<T.PplnsWindow>,
  BlockRewards: {
    block: true,
    scheme: true,
    reward: true,
    feeBps: true,
    fee: true,
    digest: true,
    window: true,
    entries: true,
    credited: true,
  } satisfies Keys<T.BlockRewards>,
  ListPaymentsRequest: { address: true, limit: true, status: true } satisfies Keys<T.ListPaymentsRequest>,
  Payment: {
    id: true,
    batchId: true,
    address: true,
    amount: true,
    fee: true,
    status: true,
    txHash: true,
    txKey: true,
    createdAtMs: true,
    submittedAtMs: true,
    confirmedAtMs: true,
  } satisfies Keys<T.Payment>,
  ListPaymentsResponse: { payments: true } satisfies Keys<T.ListPaymentsResponse>,
  BanMinerRequest: {
    kind: true,
    target: true,
    reason: true,
    durationSeconds: true,
  } satisfies Keys<T.BanMinerRequest>,
  BanMinerResponse: { key: true, untilMs: true } satisfies Keys<T.BanMinerResponse>,
  UnbanMinerRequest: { kind: true, target: true } satisfies Keys<T.UnbanMinerRequest>,
  UnbanMinerResponse: { key: true, removed: true } satisfies Keys<T.UnbanMinerResponse>,
  ListBansRequest: { kind: true, limit: true } satisfies Keys<T.ListBansRequest>,
  Ban: {
    key: true,
    kind: true,
    target: true,
    reason: true,
    untilMs: true,
    by: true,
    createdAtMs: true,
  } satisfies Keys<T.Ban>,
  ListBansResponse: { bans: true, total: true } satisfies Keys<T.ListBansResponse>,
  HoldPayoutsRequest: { reason: true } satisfies Keys<T.HoldPayoutsRequest>,
  ResolvePayoutRequest: {
    batchId: true,
    outcome: true,
    reason: true,
    txHash: true,
  } satisfies Keys<T.ResolvePayoutRequest>,
  ResolvedPayment: {
    address: true,
    amount: true,
    fee: true,
    refunded: true,
  } satisfies Keys<T.ResolvedPayment>,
  PayoutResolution: {
    batchId: true,
    status: true,
    txHash: true,
    reason: true,
    refunded: true,
    payments: true,
  } satisfies Keys<T.PayoutResolution>,
  RecheckBlockRequest: { blockId: true } satisfies Keys<T.RecheckBlockRequest>,
  RecheckBlockResponse: {
    block: true,
    outcome: true,
    waitingFor: true,
  } satisfies Keys<T.RecheckBlockResponse>,
  GetPoolStatsRequest: {},
  ResumePayoutsRequest: {},
};

const camel = (s: string) => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

describe('admin.proto and the TypeScript types', () => {
  const def = loadAdminPackageDefinition();

  it('declares every message the types describe, with exactly their fields', () => {
    for (const [name, keys] of Object.entries(fields)) {
      const type = def[`${ADMIN_PACKAGE}.${name}`] as MessageTypeDefinition<object, object> | undefined;
      if (!type) throw new Error(`admin.proto has no message ${name}`);
      const protoFields = (type.type as { field: { name: string }[] }).field.map((f) => camel(f.name));
      expect(protoFields.sort(), name).toEqual(Object.keys(keys).sort());
    }
  });

  it('declares every method of ADMIN_METHODS and no other', () => {
    const service = def[ADMIN_SERVICE_NAME] as Record<string, { path: string }>;
    expect(Object.keys(service).sort()).toEqual([...T.ADMIN_METHODS].sort());
    expect(service.GetPoolStats?.path).toBe(`/${ADMIN_SERVICE_NAME}/GetPoolStats`);
  });
});
