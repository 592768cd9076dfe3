import {
  type ChainHeader,
  type ChainHeaderRequest,
  decodeChainHeaderReply,
  decodeJson,
  encodeJson,
} from '@rxpool/messages';
import type { NatsConnection } from 'nats';

/** What the unlocker asks of the chain: the main-chain block at a height. */
export interface ChainHeaderSource {
  byHeight(height: number): Promise<ChainHeader>;
}

export class ChainHeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChainHeaderError';
  }
}

/** Asks the job-manager over chain.header.v1 (request/reply). */
export class NatsChainHeaderSource implements ChainHeaderSource {
  constructor(
    private readonly nc: () => NatsConnection,
    private readonly subject: string,
    private readonly timeoutMs: number,
  ) {}

  async byHeight(height: number): Promise<ChainHeader> {
    const request: ChainHeaderRequest = { height };
    let reply: ReturnType<typeof decodeChainHeaderReply>;
    try {
      const msg = await this.nc().request(this.subject, encodeJson(request), { timeout: this.timeoutMs });
      reply = decodeJson(msg.data, decodeChainHeaderReply);
    } catch (err) {
      throw new ChainHeaderError(`chain header at ${height}: ${(err as Error).message}`);
    }
    if (!reply.ok) throw new ChainHeaderError(`chain header at ${height}: ${reply.error}`);
    return reply.header;
  }
}
