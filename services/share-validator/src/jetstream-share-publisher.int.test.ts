import { type AcceptedShare, decodeAcceptedShares } from '@rxpool/messages';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JetStreamSharePublisher } from './jetstream-share-publisher.js';
import { type BusFixture, startBusFixture } from './testing/bus-fixture.js';
import { readStream, TEST_MINER } from './testing/shares.js';

let n = 0;
function accepted(): AcceptedShare {
  n += 1;
  return {
    shareId: `0000abcd${n.toString(16).padStart(8, '0')}00000000`,
    miner: TEST_MINER,
    worker: 'rig1',
    jobId: 'j',
    templateId: '100-1',
    height: 100,
    reserved: '0000000100000002',
    nonce: '00000000',
    scheme: 'pplns',
    jobDifficulty: 1000,
    hashDifficulty: '2000',
    networkDifficulty: '1000000',
    blockCandidate: false,
    hash: 'ab'.repeat(32),
    acceptedAt: 1_700_000_000_000 + n,
  };
}

describe('JetStreamSharePublisher (real nats-server)', () => {
  let fx: BusFixture;
  beforeAll(async () => {
    fx = await startBusFixture('validator-publisher', 'vpub');
  });
  afterAll(() => fx?.close());

  const stored = async () =>
    (await readStream(fx.jsm, fx.names.streams.shares, decodeAcceptedShares)).map((m) => ({
      msgId: m.msgId,
      ids: m.value.shares.map((s) => s.shareId),
    }));

  it('publishes a lone share on its own, under its id', async () => {
    const publisher = new JetStreamSharePublisher(fx.bus.jetstream, fx.names, 5_000);
    const share = accepted();
    await publisher.publishAccepted(share);
    expect(await stored()).toEqual([{ msgId: share.shareId, ids: [share.shareId] }]);
  });

  it('under load, sends the shares that wait for a publish as one message; every share is stored once it resolves', async () => {
    await fx.jsm.streams.purge(fx.names.streams.shares);
    const publisher = new JetStreamSharePublisher(fx.bus.jetstream, fx.names, 5_000, {
      maxShares: 100,
      maxInFlight: 2,
    });
    const shares = Array.from({ length: 1000 }, accepted);
    await Promise.all(shares.map((s) => publisher.publishAccepted(s)));
    const messages = await stored();
    // Two go out at once; the other 998 wait and leave in messages of at most 100.
    expect(messages.length).toBeLessThanOrEqual(2 + Math.ceil(998 / 100) + 2);
    expect(Math.max(...messages.map((m) => m.ids.length))).toBe(100);
    expect(messages.flatMap((m) => m.ids).sort()).toEqual(shares.map((s) => s.shareId).sort());
    // A batch carries no Nats-Msg-Id: the broker must never drop one as a repeat.
    expect(messages.filter((m) => m.ids.length > 1).every((m) => !m.msgId)).toBe(true);
  });

  it('a failed publish fails every share of its message (none is told OK)', async () => {
    const publisher = new JetStreamSharePublisher(
      fx.bus.jetstream,
      { ...fx.names, subjects: { ...fx.names.subjects, sharesAccepted: 'no.stream.here' } },
      1_000,
    );
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () => publisher.publishAccepted(accepted())),
    );
    expect(results.every((r) => r.status === 'rejected')).toBe(true);
  });
});
