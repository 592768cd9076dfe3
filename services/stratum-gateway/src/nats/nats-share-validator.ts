import { decodeJson, decodeValidateReply, encodeJson, type ValidateRequest } from '@rxpool/messages';
import { ErrorCode, type NatsConnection, type NatsError } from 'nats';
import type { ShareValidator, ValidationOutcome } from '../shares/share-validator.js';

/** shares.validate.v1 as a core NATS request to the validators' queue group. */
export class NatsShareValidator implements ShareValidator {
  constructor(
    private readonly nc: NatsConnection,
    private readonly subject: string,
    private readonly timeoutMs: number,
  ) {}

  async validate(request: ValidateRequest): Promise<ValidationOutcome> {
    let data: Uint8Array;
    try {
      const msg = await this.nc.request(this.subject, encodeJson(request), { timeout: this.timeoutMs });
      data = msg.data;
    } catch (err) {
      const code = (err as NatsError).code;
      if (code === ErrorCode.NoResponders)
        return { kind: 'unavailable', why: 'no-responders', detail: 'no validator' };
      if (code === ErrorCode.Timeout)
        return { kind: 'unavailable', why: 'timeout', detail: 'validator timed out' };
      return { kind: 'unavailable', why: 'error', detail: (err as Error).message };
    }
    try {
      const reply = decodeJson(data, decodeValidateReply);
      if (reply.shareId !== request.shareId) {
        return { kind: 'unavailable', why: 'error', detail: `reply for share ${reply.shareId}` };
      }
      return { kind: 'reply', reply };
    } catch (err) {
      return { kind: 'unavailable', why: 'error', detail: (err as Error).message };
    }
  }
}
