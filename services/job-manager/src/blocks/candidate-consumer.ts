import type { NatsBus } from '@rxpool/bus';
import {
  type BlockSubmitted,
  decodeBlockCandidate,
  decodeJson,
  encodeJson,
  MessageError,
} from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import { AckPolicy, type ConsumerMessages, DeliverPolicy, type JsMsg } from 'nats';
import type { BlockSubmitter } from './block-submitter.js';

const ACK_WAIT_NS = 30_000_000_000;
const RETRY_DELAY_MS = 2_000;

/**
 * The leader's durable consumer of block candidates. A candidate is acked only
 * after its outcome is stored in the BLOCKS stream; when monerod or NATS cannot
 * be reached it is redelivered. A message that is not a candidate is logged
 * loudly and terminated (it can never succeed).
 */
export class CandidateConsumer {
  private messages: ConsumerMessages | undefined;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly bus: NatsBus,
    private readonly submitter: BlockSubmitter,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    if (this.messages) return;
    const { names } = this.bus;
    const jsm = await this.bus.jetstreamManager();
    const durable = names.consumers.jobManagerCandidates;
    await jsm.consumers.add(names.streams.blocks, {
      durable_name: durable,
      filter_subject: names.subjects.blocksCandidate,
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: ACK_WAIT_NS,
      max_deliver: -1,
    });
    const consumer = await this.bus.jetstream.consumers.get(names.streams.blocks, durable);
    const messages = await consumer.consume({ max_messages: 16 });
    this.messages = messages;
    this.loop = (async () => {
      for await (const m of messages) {
        try {
          await this.handle(m);
        } catch (err) {
          // A bug must not end the loop: say so and let the candidate come back.
          this.log.error({ err, seq: m.seq }, 'block candidate handling failed; will retry');
          m.nak(RETRY_DELAY_MS);
        }
      }
    })();
    this.log.info({ durable }, 'consuming block candidates');
  }

  async stop(): Promise<void> {
    const messages = this.messages;
    this.messages = undefined;
    await messages?.close();
    await this.loop;
  }

  private async handle(m: JsMsg): Promise<void> {
    let candidate: ReturnType<typeof decodeBlockCandidate>;
    try {
      candidate = decodeJson(m.data, decodeBlockCandidate);
    } catch (err) {
      if (!(err instanceof MessageError)) throw err;
      this.log.error({ err, seq: m.seq }, 'unreadable block candidate terminated');
      m.term(err.message);
      return;
    }
    let outcome: BlockSubmitted;
    try {
      outcome = await this.submitter.submit(candidate);
      await this.bus.jetstream.publish(this.bus.names.subjects.blocksSubmitted, encodeJson(outcome), {
        msgID: `submitted-${outcome.candidateId}`,
      });
    } catch (err) {
      this.log.warn({ err, candidateId: candidate.candidateId }, 'block candidate not settled; will retry');
      m.nak(RETRY_DELAY_MS);
      return;
    }
    m.ack();
    this.log.info(
      { candidateId: candidate.candidateId, status: outcome.status, blockHash: outcome.blockHash },
      'block outcome published',
    );
  }
}
