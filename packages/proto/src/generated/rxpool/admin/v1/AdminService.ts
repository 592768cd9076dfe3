// Original file: proto/rxpool/admin/v1/admin.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { BanMinerRequestInput as _rxpool_admin_v1_BanMinerRequestInput, BanMinerRequest as _rxpool_admin_v1_BanMinerRequest } from '../../../rxpool/admin/v1/BanMinerRequest.js';
import type { BanMinerResponseInput as _rxpool_admin_v1_BanMinerResponseInput, BanMinerResponse as _rxpool_admin_v1_BanMinerResponse } from '../../../rxpool/admin/v1/BanMinerResponse.js';
import type { BlockRewardsInput as _rxpool_admin_v1_BlockRewardsInput, BlockRewards as _rxpool_admin_v1_BlockRewards } from '../../../rxpool/admin/v1/BlockRewards.js';
import type { GetBlockRewardsRequestInput as _rxpool_admin_v1_GetBlockRewardsRequestInput, GetBlockRewardsRequest as _rxpool_admin_v1_GetBlockRewardsRequest } from '../../../rxpool/admin/v1/GetBlockRewardsRequest.js';
import type { GetMinerRequestInput as _rxpool_admin_v1_GetMinerRequestInput, GetMinerRequest as _rxpool_admin_v1_GetMinerRequest } from '../../../rxpool/admin/v1/GetMinerRequest.js';
import type { GetPoolStatsRequestInput as _rxpool_admin_v1_GetPoolStatsRequestInput, GetPoolStatsRequest as _rxpool_admin_v1_GetPoolStatsRequest } from '../../../rxpool/admin/v1/GetPoolStatsRequest.js';
import type { HoldPayoutsRequestInput as _rxpool_admin_v1_HoldPayoutsRequestInput, HoldPayoutsRequest as _rxpool_admin_v1_HoldPayoutsRequest } from '../../../rxpool/admin/v1/HoldPayoutsRequest.js';
import type { ListBansRequestInput as _rxpool_admin_v1_ListBansRequestInput, ListBansRequest as _rxpool_admin_v1_ListBansRequest } from '../../../rxpool/admin/v1/ListBansRequest.js';
import type { ListBansResponseInput as _rxpool_admin_v1_ListBansResponseInput, ListBansResponse as _rxpool_admin_v1_ListBansResponse } from '../../../rxpool/admin/v1/ListBansResponse.js';
import type { ListBlocksRequestInput as _rxpool_admin_v1_ListBlocksRequestInput, ListBlocksRequest as _rxpool_admin_v1_ListBlocksRequest } from '../../../rxpool/admin/v1/ListBlocksRequest.js';
import type { ListBlocksResponseInput as _rxpool_admin_v1_ListBlocksResponseInput, ListBlocksResponse as _rxpool_admin_v1_ListBlocksResponse } from '../../../rxpool/admin/v1/ListBlocksResponse.js';
import type { ListMinersRequestInput as _rxpool_admin_v1_ListMinersRequestInput, ListMinersRequest as _rxpool_admin_v1_ListMinersRequest } from '../../../rxpool/admin/v1/ListMinersRequest.js';
import type { ListMinersResponseInput as _rxpool_admin_v1_ListMinersResponseInput, ListMinersResponse as _rxpool_admin_v1_ListMinersResponse } from '../../../rxpool/admin/v1/ListMinersResponse.js';
import type { ListPaymentsRequestInput as _rxpool_admin_v1_ListPaymentsRequestInput, ListPaymentsRequest as _rxpool_admin_v1_ListPaymentsRequest } from '../../../rxpool/admin/v1/ListPaymentsRequest.js';
import type { ListPaymentsResponseInput as _rxpool_admin_v1_ListPaymentsResponseInput, ListPaymentsResponse as _rxpool_admin_v1_ListPaymentsResponse } from '../../../rxpool/admin/v1/ListPaymentsResponse.js';
import type { MinerDetailInput as _rxpool_admin_v1_MinerDetailInput, MinerDetail as _rxpool_admin_v1_MinerDetail } from '../../../rxpool/admin/v1/MinerDetail.js';
import type { PayoutControlInput as _rxpool_admin_v1_PayoutControlInput, PayoutControl as _rxpool_admin_v1_PayoutControl } from '../../../rxpool/admin/v1/PayoutControl.js';
import type { PayoutResolutionInput as _rxpool_admin_v1_PayoutResolutionInput, PayoutResolution as _rxpool_admin_v1_PayoutResolution } from '../../../rxpool/admin/v1/PayoutResolution.js';
import type { PoolStatsInput as _rxpool_admin_v1_PoolStatsInput, PoolStats as _rxpool_admin_v1_PoolStats } from '../../../rxpool/admin/v1/PoolStats.js';
import type { RecheckBlockRequestInput as _rxpool_admin_v1_RecheckBlockRequestInput, RecheckBlockRequest as _rxpool_admin_v1_RecheckBlockRequest } from '../../../rxpool/admin/v1/RecheckBlockRequest.js';
import type { RecheckBlockResponseInput as _rxpool_admin_v1_RecheckBlockResponseInput, RecheckBlockResponse as _rxpool_admin_v1_RecheckBlockResponse } from '../../../rxpool/admin/v1/RecheckBlockResponse.js';
import type { ResolvePayoutRequestInput as _rxpool_admin_v1_ResolvePayoutRequestInput, ResolvePayoutRequest as _rxpool_admin_v1_ResolvePayoutRequest } from '../../../rxpool/admin/v1/ResolvePayoutRequest.js';
import type { ResumePayoutsRequestInput as _rxpool_admin_v1_ResumePayoutsRequestInput, ResumePayoutsRequest as _rxpool_admin_v1_ResumePayoutsRequest } from '../../../rxpool/admin/v1/ResumePayoutsRequest.js';
import type { UnbanMinerRequestInput as _rxpool_admin_v1_UnbanMinerRequestInput, UnbanMinerRequest as _rxpool_admin_v1_UnbanMinerRequest } from '../../../rxpool/admin/v1/UnbanMinerRequest.js';
import type { UnbanMinerResponseInput as _rxpool_admin_v1_UnbanMinerResponseInput, UnbanMinerResponse as _rxpool_admin_v1_UnbanMinerResponse } from '../../../rxpool/admin/v1/UnbanMinerResponse.js';

export interface AdminServiceClient extends grpc.Client {
  BanMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  BanMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  BanMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  BanMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  banMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  banMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  banMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  banMiner(argument: _rxpool_admin_v1_BanMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_BanMinerResponse>): grpc.ClientUnaryCall;
  
  GetBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  GetBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  GetBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  GetBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  getBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  getBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  getBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  getBlockRewards(argument: _rxpool_admin_v1_GetBlockRewardsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_BlockRewards>): grpc.ClientUnaryCall;
  
  GetMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  GetMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  GetMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  GetMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  getMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  getMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  getMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  getMiner(argument: _rxpool_admin_v1_GetMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_MinerDetail>): grpc.ClientUnaryCall;
  
  GetPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  GetPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  GetPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  GetPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  getPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  getPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  getPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  getPoolStats(argument: _rxpool_admin_v1_GetPoolStatsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PoolStats>): grpc.ClientUnaryCall;
  
  HoldPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  HoldPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  HoldPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  HoldPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  holdPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  holdPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  holdPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  holdPayouts(argument: _rxpool_admin_v1_HoldPayoutsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  
  /**
   * The bans in force (the gateways' own and the operators'), with why and until when.
   */
  ListBans(argument: _rxpool_admin_v1_ListBansRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  ListBans(argument: _rxpool_admin_v1_ListBansRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  ListBans(argument: _rxpool_admin_v1_ListBansRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  ListBans(argument: _rxpool_admin_v1_ListBansRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  /**
   * The bans in force (the gateways' own and the operators'), with why and until when.
   */
  listBans(argument: _rxpool_admin_v1_ListBansRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  listBans(argument: _rxpool_admin_v1_ListBansRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  listBans(argument: _rxpool_admin_v1_ListBansRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  listBans(argument: _rxpool_admin_v1_ListBansRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListBansResponse>): grpc.ClientUnaryCall;
  
  ListBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  ListBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  listBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  listBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  listBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  listBlocks(argument: _rxpool_admin_v1_ListBlocksRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListBlocksResponse>): grpc.ClientUnaryCall;
  
  ListMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  ListMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  ListMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  ListMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  listMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  listMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  listMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  listMiners(argument: _rxpool_admin_v1_ListMinersRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListMinersResponse>): grpc.ClientUnaryCall;
  
  ListPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  ListPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  ListPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  ListPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  listPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  listPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  listPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  listPayments(argument: _rxpool_admin_v1_ListPaymentsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_ListPaymentsResponse>): grpc.ClientUnaryCall;
  
  /**
   * Looks at one block against the chain now (as an unlock pass would) and answers what became of it.
   */
  RecheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  RecheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  RecheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  RecheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  /**
   * Looks at one block against the chain now (as an unlock pass would) and answers what became of it.
   */
  recheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  recheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  recheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  recheckBlock(argument: _rxpool_admin_v1_RecheckBlockRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_RecheckBlockResponse>): grpc.ClientUnaryCall;
  
  /**
   * Settles a needs_review payout batch once: paid → confirmed, not-paid → failed and refunded.
   */
  ResolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  ResolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  ResolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  ResolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  /**
   * Settles a needs_review payout batch once: paid → confirmed, not-paid → failed and refunded.
   */
  resolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  resolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  resolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  resolvePayout(argument: _rxpool_admin_v1_ResolvePayoutRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutResolution>): grpc.ClientUnaryCall;
  
  ResumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  ResumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  ResumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  ResumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  resumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  resumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  resumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  resumePayouts(argument: _rxpool_admin_v1_ResumePayoutsRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_PayoutControl>): grpc.ClientUnaryCall;
  
  UnbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  UnbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  UnbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  UnbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  unbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  unbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  unbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  unbanMiner(argument: _rxpool_admin_v1_UnbanMinerRequestInput, callback: grpc.requestCallback<_rxpool_admin_v1_UnbanMinerResponse>): grpc.ClientUnaryCall;
  
}

export interface AdminServiceHandlers extends grpc.UntypedServiceImplementation {
  BanMiner: grpc.handleUnaryCall<_rxpool_admin_v1_BanMinerRequest, _rxpool_admin_v1_BanMinerResponseInput>;
  
  GetBlockRewards: grpc.handleUnaryCall<_rxpool_admin_v1_GetBlockRewardsRequest, _rxpool_admin_v1_BlockRewardsInput>;
  
  GetMiner: grpc.handleUnaryCall<_rxpool_admin_v1_GetMinerRequest, _rxpool_admin_v1_MinerDetailInput>;
  
  GetPoolStats: grpc.handleUnaryCall<_rxpool_admin_v1_GetPoolStatsRequest, _rxpool_admin_v1_PoolStatsInput>;
  
  HoldPayouts: grpc.handleUnaryCall<_rxpool_admin_v1_HoldPayoutsRequest, _rxpool_admin_v1_PayoutControlInput>;
  
  /**
   * The bans in force (the gateways' own and the operators'), with why and until when.
   */
  ListBans: grpc.handleUnaryCall<_rxpool_admin_v1_ListBansRequest, _rxpool_admin_v1_ListBansResponseInput>;
  
  ListBlocks: grpc.handleUnaryCall<_rxpool_admin_v1_ListBlocksRequest, _rxpool_admin_v1_ListBlocksResponseInput>;
  
  ListMiners: grpc.handleUnaryCall<_rxpool_admin_v1_ListMinersRequest, _rxpool_admin_v1_ListMinersResponseInput>;
  
  ListPayments: grpc.handleUnaryCall<_rxpool_admin_v1_ListPaymentsRequest, _rxpool_admin_v1_ListPaymentsResponseInput>;
  
  /**
   * Looks at one block against the chain now (as an unlock pass would) and answers what became of it.
   */
  RecheckBlock: grpc.handleUnaryCall<_rxpool_admin_v1_RecheckBlockRequest, _rxpool_admin_v1_RecheckBlockResponseInput>;
  
  /**
   * Settles a needs_review payout batch once: paid → confirmed, not-paid → failed and refunded.
   */
  ResolvePayout: grpc.handleUnaryCall<_rxpool_admin_v1_ResolvePayoutRequest, _rxpool_admin_v1_PayoutResolutionInput>;
  
  ResumePayouts: grpc.handleUnaryCall<_rxpool_admin_v1_ResumePayoutsRequest, _rxpool_admin_v1_PayoutControlInput>;
  
  UnbanMiner: grpc.handleUnaryCall<_rxpool_admin_v1_UnbanMinerRequest, _rxpool_admin_v1_UnbanMinerResponseInput>;
  
}

export interface AdminServiceDefinition extends grpc.ServiceDefinition {
  BanMiner: MethodDefinition<_rxpool_admin_v1_BanMinerRequestInput, _rxpool_admin_v1_BanMinerResponseInput, _rxpool_admin_v1_BanMinerRequest, _rxpool_admin_v1_BanMinerResponse>
  GetBlockRewards: MethodDefinition<_rxpool_admin_v1_GetBlockRewardsRequestInput, _rxpool_admin_v1_BlockRewardsInput, _rxpool_admin_v1_GetBlockRewardsRequest, _rxpool_admin_v1_BlockRewards>
  GetMiner: MethodDefinition<_rxpool_admin_v1_GetMinerRequestInput, _rxpool_admin_v1_MinerDetailInput, _rxpool_admin_v1_GetMinerRequest, _rxpool_admin_v1_MinerDetail>
  GetPoolStats: MethodDefinition<_rxpool_admin_v1_GetPoolStatsRequestInput, _rxpool_admin_v1_PoolStatsInput, _rxpool_admin_v1_GetPoolStatsRequest, _rxpool_admin_v1_PoolStats>
  HoldPayouts: MethodDefinition<_rxpool_admin_v1_HoldPayoutsRequestInput, _rxpool_admin_v1_PayoutControlInput, _rxpool_admin_v1_HoldPayoutsRequest, _rxpool_admin_v1_PayoutControl>
  ListBans: MethodDefinition<_rxpool_admin_v1_ListBansRequestInput, _rxpool_admin_v1_ListBansResponseInput, _rxpool_admin_v1_ListBansRequest, _rxpool_admin_v1_ListBansResponse>
  ListBlocks: MethodDefinition<_rxpool_admin_v1_ListBlocksRequestInput, _rxpool_admin_v1_ListBlocksResponseInput, _rxpool_admin_v1_ListBlocksRequest, _rxpool_admin_v1_ListBlocksResponse>
  ListMiners: MethodDefinition<_rxpool_admin_v1_ListMinersRequestInput, _rxpool_admin_v1_ListMinersResponseInput, _rxpool_admin_v1_ListMinersRequest, _rxpool_admin_v1_ListMinersResponse>
  ListPayments: MethodDefinition<_rxpool_admin_v1_ListPaymentsRequestInput, _rxpool_admin_v1_ListPaymentsResponseInput, _rxpool_admin_v1_ListPaymentsRequest, _rxpool_admin_v1_ListPaymentsResponse>
  RecheckBlock: MethodDefinition<_rxpool_admin_v1_RecheckBlockRequestInput, _rxpool_admin_v1_RecheckBlockResponseInput, _rxpool_admin_v1_RecheckBlockRequest, _rxpool_admin_v1_RecheckBlockResponse>
  ResolvePayout: MethodDefinition<_rxpool_admin_v1_ResolvePayoutRequestInput, _rxpool_admin_v1_PayoutResolutionInput, _rxpool_admin_v1_ResolvePayoutRequest, _rxpool_admin_v1_PayoutResolution>
  ResumePayouts: MethodDefinition<_rxpool_admin_v1_ResumePayoutsRequestInput, _rxpool_admin_v1_PayoutControlInput, _rxpool_admin_v1_ResumePayoutsRequest, _rxpool_admin_v1_PayoutControl>
  UnbanMiner: MethodDefinition<_rxpool_admin_v1_UnbanMinerRequestInput, _rxpool_admin_v1_UnbanMinerResponseInput, _rxpool_admin_v1_UnbanMinerRequest, _rxpool_admin_v1_UnbanMinerResponse>
}
