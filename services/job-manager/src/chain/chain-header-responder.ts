import type { NatsBus } from '@rxpool/bus';
import {
  type ChainHeader,
  type ChainHeaderReply,
  type ChainHeaderRequest,
  decodeChainHeaderRequest,
  decodeJson,
  encodeJson,
} from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { Msg, Subscription } from 'nats';
import { MonerodRpcError, MonerodUnavailableError } from '../monerod/monerod-errors.js';
import type { MonerodBlockHeader, MonerodRpc } from '../monerod/monerod-rpc.js';
import { networkDifficultyOf } from '../templates/template-mapping.js';

/** Every job-manager instance answers, one per request (leader or standby: reads only). */
export const CHAIN_HEADER_QUEUE = 'job-manager';

export function toChainHeader(h: MonerodBlockHeader): ChainHeader {
  return {
    height: h.height,
    hash: h.hash,
    prevHash: h.prev_hash,
    depth: h.depth,
    orphan: h.orphan_status === true,
    reward: String(h.reward),
    timestamp: h.timestamp,
    networkDifficulty: networkDifficultyOf(h),
  };
}

/** chain.header.v1: a block header by height or hash, for accounting's block unlocker. */
export class ChainHeaderResponder {
  private subscription: Subscription | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly rpc: MonerodRpc,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.subscription) return;
    this.subscription = this.bus.connection.subscribe(this.bus.names.subjects.chainHeader, {
      queue: CHAIN_HEADER_QUEUE,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ err }, 'chain header subscription failed');
          return;
        }
        void this.answer(msg);
      },
    });
  }

  stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }

  async lookup(request: ChainHeaderRequest): Promise<ChainHeaderReply> {
    try {
      const header =
        'hash' in request
          ? await this.rpc.headerByHash(request.hash)
          : await this.rpc.headerByHeight(request.height);
      return { ok: true, header: toChainHeader(header) };
    } catch (err) {
      if (err instanceof MonerodRpcError) return { ok: false, error: `not found: ${err.rpcMessage}` };
      if (err instanceof MonerodUnavailableError) return { ok: false, error: 'monerod unavailable' };
      this.log.error({ err }, 'chain header lookup failed');
      return { ok: false, error: 'internal error' };
    }
  }

  private async answer(msg: Msg): Promise<void> {
    let reply: ChainHeaderReply;
    try {
      reply = await this.lookup(decodeJson(msg.data, decodeChainHeaderRequest));
    } catch (err) {
      reply = { ok: false, error: `bad request: ${(err as Error).message}` };
    }
    if (msg.reply) msg.respond(encodeJson(reply));
  }
}
