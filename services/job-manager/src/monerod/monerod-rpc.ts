import type { CallOptions, MonerodClient } from './monerod-client.js';

/** monerod JSON-RPC method names (src/rpc/core_rpc_server.h). */
export const MonerodMethod = {
  getInfo: 'get_info',
  getBlockTemplate: 'get_block_template',
  submitBlock: 'submit_block',
  getBlockHeaderByHeight: 'get_block_header_by_height',
  getBlockHeaderByHash: 'get_block_header_by_hash',
  getLastBlockHeader: 'get_last_block_header',
} as const;

export interface MonerodInfo {
  /** Chain length = height of the next block. */
  height: number;
  top_block_hash: string;
  synchronized?: boolean;
  busy_syncing?: boolean;
  offline?: boolean;
  nettype?: string;
  target_height?: number;
  status?: string;
}

export interface MonerodBlockTemplate {
  blocktemplate_blob: string;
  blockhashing_blob?: string;
  difficulty: number;
  wide_difficulty?: string;
  difficulty_top64?: number;
  expected_reward: number;
  height: number;
  prev_hash: string;
  reserved_offset: number;
  seed_hash: string;
  next_seed_hash?: string;
  seed_height?: number;
  status?: string;
}

export interface MonerodBlockHeader {
  hash: string;
  height: number;
  prev_hash: string;
  depth: number;
  orphan_status: boolean;
  reward: number;
  timestamp: number;
  difficulty: number;
  wide_difficulty?: string;
  difficulty_top64?: number;
  major_version?: number;
  nonce?: number;
}

/** The calls the job-manager makes, typed. */
export class MonerodRpc {
  constructor(readonly client: MonerodClient) {}

  getInfo(options?: CallOptions): Promise<MonerodInfo> {
    return this.client.call<MonerodInfo>(MonerodMethod.getInfo, {}, options);
  }

  getBlockTemplate(walletAddress: string, reserveSize: number): Promise<MonerodBlockTemplate> {
    return this.client.call<MonerodBlockTemplate>(MonerodMethod.getBlockTemplate, {
      wallet_address: walletAddress,
      reserve_size: reserveSize,
    });
  }

  /** Resolves on {"status":"OK"}; a refused block is a MonerodRpcError. */
  async submitBlock(blobHex: string): Promise<{ status: string; block_id?: string }> {
    return this.client.call(MonerodMethod.submitBlock, [blobHex]);
  }

  async headerByHeight(height: number): Promise<MonerodBlockHeader> {
    const r = await this.client.call<{ block_header: MonerodBlockHeader }>(
      MonerodMethod.getBlockHeaderByHeight,
      {
        height,
      },
    );
    return r.block_header;
  }

  async headerByHash(hash: string): Promise<MonerodBlockHeader> {
    const r = await this.client.call<{ block_header: MonerodBlockHeader }>(
      MonerodMethod.getBlockHeaderByHash,
      {
        hash,
      },
    );
    return r.block_header;
  }
}
