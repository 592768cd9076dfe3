/**
 * Decides how far an "ack all" may reach. JetStream's AckAll acknowledges
 * every message of the consumer up to a stream sequence, so we may only ack
 * up to just below the oldest message still held uncommitted (buffered or in
 * a running transaction). Redeliveries carry old sequences, hence this
 * bookkeeping instead of "ack the last message of the batch".
 */
export class AckTracker<M> {
  /** Held, not yet committed: stream sequence → count (a redelivery can hold a sequence twice). */
  private readonly held = new Map<number, number>();
  /** Committed, not yet covered by an ack. */
  private released: { seq: number; msg: M }[] = [];

  hold(seq: number): void {
    this.held.set(seq, (this.held.get(seq) ?? 0) + 1);
  }

  /** The message is stored (or deliberately dropped): it no longer blocks acks. */
  release(seq: number, msg: M): void {
    const n = this.held.get(seq) ?? 0;
    if (n <= 1) this.held.delete(seq);
    else this.held.set(seq, n - 1);
    this.released.push({ seq, msg });
  }

  /**
   * The committed message with the highest sequence below every held one,
   * or undefined; the messages it covers are forgotten.
   */
  takeAckable(): M | undefined {
    let floor = Number.POSITIVE_INFINITY;
    for (const seq of this.held.keys()) if (seq < floor) floor = seq;
    let best: { seq: number; msg: M } | undefined;
    const keep: { seq: number; msg: M }[] = [];
    for (const r of this.released) {
      if (r.seq < floor) {
        if (!best || r.seq > best.seq) best = r;
      } else {
        keep.push(r);
      }
    }
    this.released = keep;
    return best?.msg;
  }

  get heldCount(): number {
    let n = 0;
    for (const c of this.held.values()) n += c;
    return n;
  }
}
