import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AdminServiceClient as _rxpool_admin_v1_AdminServiceClient, AdminServiceDefinition as _rxpool_admin_v1_AdminServiceDefinition } from './rxpool/admin/v1/AdminService.js';
import type { BanInput as _rxpool_admin_v1_BanInput, Ban as _rxpool_admin_v1_Ban } from './rxpool/admin/v1/Ban.js';
import type { BanMinerRequestInput as _rxpool_admin_v1_BanMinerRequestInput, BanMinerRequest as _rxpool_admin_v1_BanMinerRequest } from './rxpool/admin/v1/BanMinerRequest.js';
import type { BanMinerResponseInput as _rxpool_admin_v1_BanMinerResponseInput, BanMinerResponse as _rxpool_admin_v1_BanMinerResponse } from './rxpool/admin/v1/BanMinerResponse.js';
import type { BlockInput as _rxpool_admin_v1_BlockInput, Block as _rxpool_admin_v1_Block } from './rxpool/admin/v1/Block.js';
import type { BlockRewardsInput as _rxpool_admin_v1_BlockRewardsInput, BlockRewards as _rxpool_admin_v1_BlockRewards } from './rxpool/admin/v1/BlockRewards.js';
import type { GetBlockRewardsRequestInput as _rxpool_admin_v1_GetBlockRewardsRequestInput, GetBlockRewardsRequest as _rxpool_admin_v1_GetBlockRewardsRequest } from './rxpool/admin/v1/GetBlockRewardsRequest.js';
import type { GetMinerRequestInput as _rxpool_admin_v1_GetMinerRequestInput, GetMinerRequest as _rxpool_admin_v1_GetMinerRequest } from './rxpool/admin/v1/GetMinerRequest.js';
import type { GetPoolStatsRequestInput as _rxpool_admin_v1_GetPoolStatsRequestInput, GetPoolStatsRequest as _rxpool_admin_v1_GetPoolStatsRequest } from './rxpool/admin/v1/GetPoolStatsRequest.js';
import type { HashrateInput as _rxpool_admin_v1_HashrateInput, Hashrate as _rxpool_admin_v1_Hashrate } from './rxpool/admin/v1/Hashrate.js';
import type { HoldPayoutsRequestInput as _rxpool_admin_v1_HoldPayoutsRequestInput, HoldPayoutsRequest as _rxpool_admin_v1_HoldPayoutsRequest } from './rxpool/admin/v1/HoldPayoutsRequest.js';
import type { ListBansRequestInput as _rxpool_admin_v1_ListBansRequestInput, ListBansRequest as _rxpool_admin_v1_ListBansRequest } from './rxpool/admin/v1/ListBansRequest.js';
import type { ListBansResponseInput as _rxpool_admin_v1_ListBansResponseInput, ListBansResponse as _rxpool_admin_v1_ListBansResponse } from './rxpool/admin/v1/ListBansResponse.js';
import type { ListBlocksRequestInput as _rxpool_admin_v1_ListBlocksRequestInput, ListBlocksRequest as _rxpool_admin_v1_ListBlocksRequest } from './rxpool/admin/v1/ListBlocksRequest.js';
import type { ListBlocksResponseInput as _rxpool_admin_v1_ListBlocksResponseInput, ListBlocksResponse as _rxpool_admin_v1_ListBlocksResponse } from './rxpool/admin/v1/ListBlocksResponse.js';
import type { ListMinersRequestInput as _rxpool_admin_v1_ListMinersRequestInput, ListMinersRequest as _rxpool_admin_v1_ListMinersRequest } from './rxpool/admin/v1/ListMinersRequest.js';
import type { ListMinersResponseInput as _rxpool_admin_v1_ListMinersResponseInput, ListMinersResponse as _rxpool_admin_v1_ListMinersResponse } from './rxpool/admin/v1/ListMinersResponse.js';
import type { ListPaymentsRequestInput as _rxpool_admin_v1_ListPaymentsRequestInput, ListPaymentsRequest as _rxpool_admin_v1_ListPaymentsRequest } from './rxpool/admin/v1/ListPaymentsRequest.js';
import type { ListPaymentsResponseInput as _rxpool_admin_v1_ListPaymentsResponseInput, ListPaymentsResponse as _rxpool_admin_v1_ListPaymentsResponse } from './rxpool/admin/v1/ListPaymentsResponse.js';
import type { MinerDetailInput as _rxpool_admin_v1_MinerDetailInput, MinerDetail as _rxpool_admin_v1_MinerDetail } from './rxpool/admin/v1/MinerDetail.js';
import type { MinerSummaryInput as _rxpool_admin_v1_MinerSummaryInput, MinerSummary as _rxpool_admin_v1_MinerSummary } from './rxpool/admin/v1/MinerSummary.js';
import type { PaymentInput as _rxpool_admin_v1_PaymentInput, Payment as _rxpool_admin_v1_Payment } from './rxpool/admin/v1/Payment.js';
import type { PayoutControlInput as _rxpool_admin_v1_PayoutControlInput, PayoutControl as _rxpool_admin_v1_PayoutControl } from './rxpool/admin/v1/PayoutControl.js';
import type { PayoutResolutionInput as _rxpool_admin_v1_PayoutResolutionInput, PayoutResolution as _rxpool_admin_v1_PayoutResolution } from './rxpool/admin/v1/PayoutResolution.js';
import type { PoolStatsInput as _rxpool_admin_v1_PoolStatsInput, PoolStats as _rxpool_admin_v1_PoolStats } from './rxpool/admin/v1/PoolStats.js';
import type { PplnsWindowInput as _rxpool_admin_v1_PplnsWindowInput, PplnsWindow as _rxpool_admin_v1_PplnsWindow } from './rxpool/admin/v1/PplnsWindow.js';
import type { RecheckBlockRequestInput as _rxpool_admin_v1_RecheckBlockRequestInput, RecheckBlockRequest as _rxpool_admin_v1_RecheckBlockRequest } from './rxpool/admin/v1/RecheckBlockRequest.js';
import type { RecheckBlockResponseInput as _rxpool_admin_v1_RecheckBlockResponseInput, RecheckBlockResponse as _rxpool_admin_v1_RecheckBlockResponse } from './rxpool/admin/v1/RecheckBlockResponse.js';
import type { ResolvePayoutRequestInput as _rxpool_admin_v1_ResolvePayoutRequestInput, ResolvePayoutRequest as _rxpool_admin_v1_ResolvePayoutRequest } from './rxpool/admin/v1/ResolvePayoutRequest.js';
import type { ResolvedPaymentInput as _rxpool_admin_v1_ResolvedPaymentInput, ResolvedPayment as _rxpool_admin_v1_ResolvedPayment } from './rxpool/admin/v1/ResolvedPayment.js';
import type { ResumePayoutsRequestInput as _rxpool_admin_v1_ResumePayoutsRequestInput, ResumePayoutsRequest as _rxpool_admin_v1_ResumePayoutsRequest } from './rxpool/admin/v1/ResumePayoutsRequest.js';
import type { RewardEntryInput as _rxpool_admin_v1_RewardEntryInput, RewardEntry as _rxpool_admin_v1_RewardEntry } from './rxpool/admin/v1/RewardEntry.js';
import type { UnbanMinerRequestInput as _rxpool_admin_v1_UnbanMinerRequestInput, UnbanMinerRequest as _rxpool_admin_v1_UnbanMinerRequest } from './rxpool/admin/v1/UnbanMinerRequest.js';
import type { UnbanMinerResponseInput as _rxpool_admin_v1_UnbanMinerResponseInput, UnbanMinerResponse as _rxpool_admin_v1_UnbanMinerResponse } from './rxpool/admin/v1/UnbanMinerResponse.js';
import type { WorkerStatsInput as _rxpool_admin_v1_WorkerStatsInput, WorkerStats as _rxpool_admin_v1_WorkerStats } from './rxpool/admin/v1/WorkerStats.js';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rxpool: {
    admin: {
      v1: {
        AdminService: SubtypeConstructor<typeof grpc.Client, _rxpool_admin_v1_AdminServiceClient> & { service: _rxpool_admin_v1_AdminServiceDefinition }
        Ban: MessageTypeDefinition<_rxpool_admin_v1_BanInput, _rxpool_admin_v1_Ban>
        BanMinerRequest: MessageTypeDefinition<_rxpool_admin_v1_BanMinerRequestInput, _rxpool_admin_v1_BanMinerRequest>
        BanMinerResponse: MessageTypeDefinition<_rxpool_admin_v1_BanMinerResponseInput, _rxpool_admin_v1_BanMinerResponse>
        Block: MessageTypeDefinition<_rxpool_admin_v1_BlockInput, _rxpool_admin_v1_Block>
        BlockRewards: MessageTypeDefinition<_rxpool_admin_v1_BlockRewardsInput, _rxpool_admin_v1_BlockRewards>
        GetBlockRewardsRequest: MessageTypeDefinition<_rxpool_admin_v1_GetBlockRewardsRequestInput, _rxpool_admin_v1_GetBlockRewardsRequest>
        GetMinerRequest: MessageTypeDefinition<_rxpool_admin_v1_GetMinerRequestInput, _rxpool_admin_v1_GetMinerRequest>
        GetPoolStatsRequest: MessageTypeDefinition<_rxpool_admin_v1_GetPoolStatsRequestInput, _rxpool_admin_v1_GetPoolStatsRequest>
        Hashrate: MessageTypeDefinition<_rxpool_admin_v1_HashrateInput, _rxpool_admin_v1_Hashrate>
        HoldPayoutsRequest: MessageTypeDefinition<_rxpool_admin_v1_HoldPayoutsRequestInput, _rxpool_admin_v1_HoldPayoutsRequest>
        ListBansRequest: MessageTypeDefinition<_rxpool_admin_v1_ListBansRequestInput, _rxpool_admin_v1_ListBansRequest>
        ListBansResponse: MessageTypeDefinition<_rxpool_admin_v1_ListBansResponseInput, _rxpool_admin_v1_ListBansResponse>
        ListBlocksRequest: MessageTypeDefinition<_rxpool_admin_v1_ListBlocksRequestInput, _rxpool_admin_v1_ListBlocksRequest>
        ListBlocksResponse: MessageTypeDefinition<_rxpool_admin_v1_ListBlocksResponseInput, _rxpool_admin_v1_ListBlocksResponse>
        ListMinersRequest: MessageTypeDefinition<_rxpool_admin_v1_ListMinersRequestInput, _rxpool_admin_v1_ListMinersRequest>
        ListMinersResponse: MessageTypeDefinition<_rxpool_admin_v1_ListMinersResponseInput, _rxpool_admin_v1_ListMinersResponse>
        ListPaymentsRequest: MessageTypeDefinition<_rxpool_admin_v1_ListPaymentsRequestInput, _rxpool_admin_v1_ListPaymentsRequest>
        ListPaymentsResponse: MessageTypeDefinition<_rxpool_admin_v1_ListPaymentsResponseInput, _rxpool_admin_v1_ListPaymentsResponse>
        MinerDetail: MessageTypeDefinition<_rxpool_admin_v1_MinerDetailInput, _rxpool_admin_v1_MinerDetail>
        MinerSummary: MessageTypeDefinition<_rxpool_admin_v1_MinerSummaryInput, _rxpool_admin_v1_MinerSummary>
        Payment: MessageTypeDefinition<_rxpool_admin_v1_PaymentInput, _rxpool_admin_v1_Payment>
        PayoutControl: MessageTypeDefinition<_rxpool_admin_v1_PayoutControlInput, _rxpool_admin_v1_PayoutControl>
        PayoutResolution: MessageTypeDefinition<_rxpool_admin_v1_PayoutResolutionInput, _rxpool_admin_v1_PayoutResolution>
        PoolStats: MessageTypeDefinition<_rxpool_admin_v1_PoolStatsInput, _rxpool_admin_v1_PoolStats>
        PplnsWindow: MessageTypeDefinition<_rxpool_admin_v1_PplnsWindowInput, _rxpool_admin_v1_PplnsWindow>
        RecheckBlockRequest: MessageTypeDefinition<_rxpool_admin_v1_RecheckBlockRequestInput, _rxpool_admin_v1_RecheckBlockRequest>
        RecheckBlockResponse: MessageTypeDefinition<_rxpool_admin_v1_RecheckBlockResponseInput, _rxpool_admin_v1_RecheckBlockResponse>
        ResolvePayoutRequest: MessageTypeDefinition<_rxpool_admin_v1_ResolvePayoutRequestInput, _rxpool_admin_v1_ResolvePayoutRequest>
        ResolvedPayment: MessageTypeDefinition<_rxpool_admin_v1_ResolvedPaymentInput, _rxpool_admin_v1_ResolvedPayment>
        ResumePayoutsRequest: MessageTypeDefinition<_rxpool_admin_v1_ResumePayoutsRequestInput, _rxpool_admin_v1_ResumePayoutsRequest>
        RewardEntry: MessageTypeDefinition<_rxpool_admin_v1_RewardEntryInput, _rxpool_admin_v1_RewardEntry>
        UnbanMinerRequest: MessageTypeDefinition<_rxpool_admin_v1_UnbanMinerRequestInput, _rxpool_admin_v1_UnbanMinerRequest>
        UnbanMinerResponse: MessageTypeDefinition<_rxpool_admin_v1_UnbanMinerResponseInput, _rxpool_admin_v1_UnbanMinerResponse>
        WorkerStats: MessageTypeDefinition<_rxpool_admin_v1_WorkerStatsInput, _rxpool_admin_v1_WorkerStats>
      }
    }
  }
}

