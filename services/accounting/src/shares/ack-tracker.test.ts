import { describe, expect, it } from 'vitest';
import { AckTracker } from './ack-tracker.js';

describe('AckTracker', () => {
  it('acks the highest committed sequence below every held one', () => {
    const t = new AckTracker<string>();
    for (const seq of [1, 2, 3, 4, 5, 6]) t.hold(seq);
    // Batch 4–6 commits first (another connection): nothing may be acked yet.
    for (const seq of [4, 5, 6]) t.release(seq, `m${seq}`);
    expect(t.takeAckable()).toBeUndefined();
    for (const seq of [1, 2, 3]) t.release(seq, `m${seq}`);
    expect(t.takeAckable()).toBe('m6');
    expect(t.takeAckable()).toBeUndefined();
  });

  it('never reaches past a redelivered old message still held', () => {
    const t = new AckTracker<string>();
    for (const seq of [10, 11, 12]) t.hold(seq);
    t.hold(3); // redelivery of an old message, buffered for a later batch
    for (const seq of [10, 11, 12]) t.release(seq, `m${seq}`);
    expect(t.takeAckable()).toBeUndefined();
    t.release(3, 'm3');
    expect(t.takeAckable()).toBe('m12');
  });

  it('counts a sequence held twice until both copies are released', () => {
    const t = new AckTracker<string>();
    t.hold(5);
    t.hold(5);
    t.hold(7);
    t.release(5, 'a');
    t.release(7, 'c');
    expect(t.takeAckable()).toBeUndefined();
    expect(t.heldCount).toBe(1);
    t.release(5, 'b');
    expect(t.takeAckable()).toBe('c');
  });
});
