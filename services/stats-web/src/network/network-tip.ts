import type { NatsBus } from '@rxpool/bus';
import { decodeJson, decodeTemplateEvent, type TemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { type ConsumerMessages, DeliverPolicy } from 'nats';

/** The chain as the pool's newest block template sees it. */
export interface NetworkState {
  /** Height of the block being mined (the chain's height). */
  height: number;
  /** Network difficulty, decimal text (128-bit safe). */
  networkDifficulty: string;
  /** Expected block reward, atomic units, decimal text. */
  reward: string;
  prevHash: string;
  /** ms since epoch when the job-manager published the template. */
  updatedAt: number;
}

/** Where the stats read the network from. */
export interface NetworkSource {
  current(): NetworkState | undefined;
}

export function networkStateOf(t: TemplateEvent): NetworkState {
  return {
    height: t.height,
    networkDifficulty: t.networkDifficulty,
    reward: t.expectedReward,
    prevHash: t.prevHash,
    updatedAt: t.createdAt,
  };
}

/**
 * Follows pool.template.v1 (an ordered consumer from the newest template on),
 * keeping only the latest chain facts. Read-only: it never publishes.
 */
export class NetworkTip implements NetworkSource {
  private state: NetworkState | undefined;
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly log: Logger,
  ) {}

  current(): NetworkState | undefined {
    return this.state;
  }

  async start(): Promise<void> {
    const { streams, subjects } = this.bus.names;
    const consumer = await this.bus.jetstream.consumers.get(streams.template, {
      // One subject as a string: nats-server 2.9 has no multi-subject filters.
      filterSubjects: subjects.template,
      deliver_policy: DeliverPolicy.LastPerSubject,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.loop = (async () => {
      for await (const msg of messages) {
        try {
          const next = networkStateOf(decodeJson(msg.data, decodeTemplateEvent));
          if (!this.state || next.updatedAt >= this.state.updatedAt) this.state = next;
        } catch (err) {
          this.log.warn({ err: (err as Error).message }, 'template event ignored');
        }
      }
    })();
  }

  async stop(): Promise<void> {
    await this.messages?.close().catch(() => undefined);
    await this.loop?.catch(() => undefined);
  }
}
