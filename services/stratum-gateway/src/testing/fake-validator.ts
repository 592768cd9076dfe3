/** Test-only: a validator that accepts every share the gateway sends on, as a real one would a good share. */
import type { NatsBus } from '@rxpool/bus';
import { decodeJson, decodeValidateRequest, encodeJson, type ValidateReply } from '@rxpool/messages';

export async function acceptEveryShare(bus: NatsBus): Promise<{ accepted: () => number; stop: () => void }> {
  const sub = bus.connection.subscribe(bus.names.subjects.validate);
  let accepted = 0;
  void (async () => {
    for await (const m of sub) {
      const req = decodeJson(m.data, decodeValidateRequest);
      const reply: ValidateReply = {
        ok: true,
        shareId: req.shareId,
        blockCandidate: false,
        hashDifficulty: '1000',
      };
      accepted++;
      m.respond(encodeJson(reply));
    }
  })();
  await bus.connection.flush();
  return { accepted: () => accepted, stop: () => sub.unsubscribe() };
}
