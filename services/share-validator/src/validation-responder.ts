import {
  decodeJson,
  decodeValidateRequest,
  encodeJson,
  MessageError,
  type MessageNames,
  type ValidateReply,
} from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import type { Msg, NatsConnection, Subscription } from 'nats';
import type { ShareValidator } from './share-validator.js';

/**
 * shares.validate.v1 in the `validators` queue group: any number of
 * replicas share the requests. Decode, validate, reply; nothing else here.
 */
export class ValidationResponder {
  private subscription: Subscription | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly nc: NatsConnection,
    private readonly names: MessageNames,
    private readonly validator: Pick<ShareValidator, 'validate'>,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.subscription) return;
    this.subscription = this.nc.subscribe(this.names.subjects.validate, {
      queue: this.names.queueGroups.validators,
      callback: (err, msg) => {
        if (err) {
          this.log.error({ err }, 'validate subscription error');
          return;
        }
        const handled = this.handle(msg);
        this.inFlight.add(handled);
        void handled.finally(() => this.inFlight.delete(handled));
      },
    });
    this.log.info(
      { subject: this.names.subjects.validate, queue: this.names.queueGroups.validators },
      'answering validation requests',
    );
  }

  /** Stops taking requests and waits for those in hand to be answered. */
  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = undefined;
    if (sub && !sub.isClosed()) await sub.drain().catch(() => sub.unsubscribe());
    await Promise.allSettled([...this.inFlight]);
  }

  private async handle(msg: Msg): Promise<void> {
    let reply: ValidateReply;
    try {
      reply = await this.validator.validate(decodeJson(msg.data, decodeValidateRequest));
    } catch (err) {
      if (!(err instanceof MessageError)) this.log.error({ err }, 'validation failed');
      reply = { ok: false, shareId: shareIdOf(msg), reason: 'bad_request', message: (err as Error).message };
    }
    if (msg.reply) msg.respond(encodeJson(reply));
  }
}

/** The share id of a request that failed to decode, if it has one. */
function shareIdOf(msg: Msg): string {
  try {
    const id = (JSON.parse(new TextDecoder().decode(msg.data)) as { shareId?: unknown }).shareId;
    return typeof id === 'string' ? id.slice(0, 64) : '';
  } catch {
    return '';
  }
}
