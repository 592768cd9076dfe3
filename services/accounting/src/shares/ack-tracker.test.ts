import { describe, expect, it } from 'vitest';
import { AckTracker } from './ack-tracker.js';

let delivery = 0;
const msg = (seq: number, name = `m${seq}`) => ({ seq, deliverySeq: ++delivery, name });
type M = ReturnType<typeof msg>;

describe('AckTracker', () => {
  it('acks the highest committed sequence below every held one', () => {
    const t = new AckTracker<M>();
    const m = [1, 2, 3, 4, 5, 6].map((s) => msg(s));
    for (const x of m) t.hold(x.seq);
    // Batch 4–6 commits first (another connection): nothing may be acked yet.
    for (const x of m.slice(3)) t.release(x);
    expect(t.takeAckable()).toBeUndefined();
    for (const x of m.slice(0, 3)) t.release(x);
    expect(t.takeAckable()?.name).toBe('m6');
    expect(t.takeAckable()).toBeUndefined();
  });

  it('never reaches past a redelivered old message still held', () => {
    const t = new AckTracker<M>();
    const m = [10, 11, 12].map((s) => msg(s));
    for (const x of m) t.hold(x.seq);
    const old = msg(3); // a redelivery of an old message, buffered for a later batch
    t.hold(old.seq);
    for (const x of m) t.release(x);
    expect(t.takeAckable()).toBeUndefined();
    t.release(old);
    expect(t.takeAckable()?.name).toBe('m12');
  });

  it('counts a sequence held twice until both copies are released, and acks with the newest copy', () => {
    const t = new AckTracker<M>();
    const first = msg(5, 'first');
    const second = msg(5, 'second');
    const seven = msg(7);
    t.hold(5);
    t.hold(5);
    t.hold(7);
    t.release(first);
    t.release(seven);
    expect(t.takeAckable()).toBeUndefined();
    expect(t.heldCount).toBe(1);
    t.release(second);
    expect(t.takeAckable()?.name).toBe('m7');
  });

  it('never acks with a delivery sequence the server has already passed', () => {
    const t = new AckTracker<M>();
    const stale = msg(20, 'stale'); // delivered early…
    const redelivered = msg(8, 'redelivered'); // …then an old message came again, later
    t.hold(20);
    t.hold(8);
    t.release(redelivered);
    expect(t.takeAckable()?.name).toBe('redelivered');
    t.release(stale);
    // 20 > 8 but its delivery sequence is below the one acked: the server would ignore it.
    expect(t.takeAckable()).toBeUndefined();
    const again = msg(20, 'again');
    t.hold(20);
    t.release(again);
    expect(t.takeAckable()?.name).toBe('again');
  });
});
