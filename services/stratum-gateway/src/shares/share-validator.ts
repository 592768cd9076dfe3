import type { ValidateReply, ValidateRequest } from '@rxpool/messages';

/** What came back for a share: the validators' verdict, or why there is none. */
export type ValidationOutcome =
  | { kind: 'reply'; reply: ValidateReply }
  | { kind: 'unavailable'; why: 'timeout' | 'no-responders' | 'error'; detail: string };

/** The validators, seen from the gateway (NATS request/reply to the queue group). */
export interface ShareValidator {
  validate(request: ValidateRequest): Promise<ValidationOutcome>;
}
