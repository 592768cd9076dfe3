import type { Logger } from '@rxpool/observability';
import { Subscriber } from 'zeromq';

/** monerod's ZMQ topic for new main-chain blocks (src/rpc/zmq_pub.cpp). */
export const CHAIN_MAIN_TOPIC = 'json-minimal-chain_main';

export interface NewBlockNotice {
  /** Height of the next block to mine after these blocks. */
  nextHeight: number;
  topHash: string;
  /** performance.now() when the message arrived. */
  receivedAt: number;
}

/** Parses one `topic:json` frame of json-minimal-chain_main; undefined when it is not one. */
export function parseChainMain(frame: string, receivedAt = performance.now()): NewBlockNotice | undefined {
  const colon = frame.indexOf(':');
  if (colon < 0 || frame.slice(0, colon) !== CHAIN_MAIN_TOPIC) return undefined;
  let body: unknown;
  try {
    body = JSON.parse(frame.slice(colon + 1));
  } catch {
    return undefined;
  }
  const o = body as { first_height?: unknown; ids?: unknown };
  if (typeof o.first_height !== 'number' || !Array.isArray(o.ids) || o.ids.length === 0) return undefined;
  const top = o.ids[o.ids.length - 1];
  if (typeof top !== 'string' || !/^[0-9a-f]{64}$/.test(top)) return undefined;
  return { nextHeight: o.first_height + o.ids.length, topHash: top, receivedAt };
}

/**
 * Subscribes to monerod's ZMQ publisher. ZMQ reconnects by itself when monerod
 * restarts; the status poller covers the gaps, so a lost message costs at most
 * one poll interval.
 */
export class ZmqBlockListener {
  private socket: Subscriber | undefined;

  constructor(
    private readonly url: string,
    private readonly log: Logger,
  ) {}

  start(onBlock: (notice: NewBlockNotice) => void): void {
    if (this.socket) return;
    const socket = new Subscriber({ reconnectInterval: 250, reconnectMaxInterval: 2_000 });
    this.socket = socket;
    socket.connect(this.url);
    socket.subscribe(CHAIN_MAIN_TOPIC);
    this.log.info({ url: this.url }, 'subscribed to monerod ZMQ');
    void this.receive(socket, onBlock);
  }

  stop(): void {
    const socket = this.socket;
    this.socket = undefined;
    socket?.close();
  }

  private async receive(socket: Subscriber, onBlock: (notice: NewBlockNotice) => void): Promise<void> {
    try {
      for await (const frames of socket) {
        const receivedAt = performance.now();
        const frame = frames.map((f) => f.toString('utf8')).join('');
        const notice = parseChainMain(frame, receivedAt);
        if (notice) onBlock(notice);
        else this.log.warn({ frame: frame.slice(0, 120) }, 'unexpected ZMQ message');
      }
    } catch (err) {
      if (!socket.closed) this.log.error({ err }, 'ZMQ receive failed');
    }
  }
}
