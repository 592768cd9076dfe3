/** Test-only: a share validator on NATS that answers as the test says, for a gateway harness. */
import { decodeJson, decodeValidateRequest, encodeJson, type ValidateReply } from '@rxpool/messages';
import type { GatewayHarness } from './gateway-harness.js';

/** Accepted, whatever the share. */
export function acceptAll(shareId: string): ValidateReply {
  return { ok: true, shareId, blockCandidate: false, hashDifficulty: '1000' };
}

/**
 * Answers every validate request with `answer(shareId)` until the harness stops; resolves
 * once it listens. Returns the share ids asked about, in order.
 */
export async function serveValidations(
  h: GatewayHarness,
  answer: (shareId: string) => ValidateReply = acceptAll,
): Promise<string[]> {
  const asked: string[] = [];
  const sub = h.bus.connection.subscribe(h.names.subjects.validate);
  void (async () => {
    for await (const m of sub) {
      const { shareId } = decodeJson(m.data, decodeValidateRequest);
      asked.push(shareId);
      m.respond(encodeJson(answer(shareId)));
    }
  })();
  await h.bus.connection.flush();
  return asked;
}
