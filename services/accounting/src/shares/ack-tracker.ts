/** What the tracker needs of a JetStream message. */
export interface Ackable {
  /** Stream sequence. */
  readonly seq: number;
  /** Consumer (delivery) sequence: a redelivery gets a new, higher one. */
  readonly deliverySeq: number;
}

/**
 * Decides how far an "ack all" may reach. JetStream's AckAll acknowledges
 * every pending message of the consumer up to a stream sequence, so we may
 * only ack up to just below the oldest message still held uncommitted
 * (buffered or in a running transaction). The server also ignores an AckAll
 * whose delivery sequence is not above the last one it took, so a stale copy
 * of a redelivered message must never be the one we ack with.
 */
export class AckTracker<M extends Ackable> {
  /** Held, not yet committed: stream sequence → count (a redelivery can hold a sequence twice). */
  private readonly held = new Map<number, number>();
  /** Committed, not yet covered by an ack. */
  private released: M[] = [];
  private acked = { seq: 0, deliverySeq: 0 };

  hold(seq: number): void {
    this.held.set(seq, (this.held.get(seq) ?? 0) + 1);
  }

  /** The message is stored (or deliberately dropped): it no longer blocks acks. */
  release(msg: M): void {
    const n = this.held.get(msg.seq) ?? 0;
    if (n <= 1) this.held.delete(msg.seq);
    else this.held.set(msg.seq, n - 1);
    this.released.push(msg);
  }

  /**
   * The committed message to ack with: the highest stream sequence below
   * every held one whose ack the server will take, or undefined. Messages it
   * covers are forgotten; ones the server would ignore are dropped too (the
   * server redelivers them, and a stored share is stored only once).
   */
  takeAckable(): M | undefined {
    let floor = Number.POSITIVE_INFINITY;
    for (const seq of this.held.keys()) if (seq < floor) floor = seq;
    let best: M | undefined;
    const keep: M[] = [];
    for (const m of this.released) {
      if (m.seq >= floor) keep.push(m);
      else if (m.seq > this.acked.seq && m.deliverySeq > this.acked.deliverySeq) {
        if (!best || m.seq > best.seq || (m.seq === best.seq && m.deliverySeq > best.deliverySeq)) best = m;
      }
    }
    this.released = keep;
    if (best) this.acked = { seq: best.seq, deliverySeq: best.deliverySeq };
    return best;
  }

  get heldCount(): number {
    let n = 0;
    for (const c of this.held.values()) n += c;
    return n;
  }
}
