import { randomInt } from 'node:crypto';
import type { RewardScheme } from '@rxpool/messages';

export interface TrustSettings {
  /** Verified shares in a row that earn a miner trust. */
  after: number;
  /** Probability that a trusted miner's share is verified anyway. */
  sampleRate: number;
  /**
   * Shares accepted on trust in a row, since the miner's last share chosen for hashing, at
   * most; the next is hashed. The list kept to void (since the last share whose hash came
   * back good) holds at most LIST_FACTOR times as many: beyond, every share is hashed.
   */
  maxUnverified: number;
  /** Miners remembered; beyond it the least recently seen one is forgotten. */
  maxMiners: number;
}

/** Why a share is hashed. */
export type VerifyReason = 'untrusted' | 'sampled' | 'pps' | 'block' | 'difficulty' | 'cap';

/** Where the miner's list of shares accepted on trust stood when a verified share was decided. */
export interface TrustTicket {
  readonly record: object | undefined;
  readonly index: number;
}

export type TrustDecision = { verify: true; why: VerifyReason; ticket: TrustTicket } | { verify: false };

interface MinerTrust {
  /** Verified good shares in a row. */
  streak: number;
  trusted: boolean;
  /** Highest job difficulty among its verified shares: above it, a share is verified. */
  proven: number;
  /** Ids accepted on trust since its last verified share ('' = its publish failed). */
  unverified: string[];
  /** How many ids were cut from the front of `unverified` so far (absolute index of its first). */
  base: number;
  /** Absolute index in the list when its last share was chosen for hashing. */
  decided: number;
}

/**
 * The list to void may outgrow maxUnverified only while chosen shares wait to be hashed
 * (their results cut it): this much slack, then hashing catches up before more go on trust.
 */
export const LIST_FACTOR = 4;

// randomInt takes ranges below 2^48.
const UNIT = 2 ** 47;

/** A uniform number in [0, 1) from the CSPRNG: the miner cannot predict which share is sampled. */
export function cryptoUnit(): number {
  return randomInt(UNIT) / UNIT;
}

/**
 * Sampled trust, as pure bookkeeping (no I/O). A miner earns trust with `after`
 * verified shares in a row; then each of its PPLNS and SOLO shares is verified with
 * probability `sampleRate`, and always when it claims a block, asks more difficulty
 * than it has proven, or has `maxUnverified` shares on trust since its last verified
 * one. PPS shares are always verified: a PPS credit is paid at once and cannot be
 * voided. A bad share ends the trust and hands back the ids accepted on trust since
 * the last verified share, to void.
 */
export class TrustPolicy {
  // Map order is recency order: a touched miner is re-inserted, the first one is the oldest.
  private readonly miners = new Map<string, MinerTrust>();
  private trustedMiners = 0;
  private forgotten = 0;

  constructor(
    private readonly settings: TrustSettings,
    private readonly unit: () => number = cryptoUnit,
  ) {}

  decide(
    miner: string,
    shareId: string,
    scheme: RewardScheme,
    claimsBlock: boolean,
    jobDifficulty: number,
  ): TrustDecision {
    const m = this.touch(miner);
    const end = m ? m.base + m.unverified.length : 0;
    const verify = (why: VerifyReason): TrustDecision => {
      if (m) m.decided = end;
      return { verify: true, why, ticket: { record: m, index: end } };
    };
    if (claimsBlock) return verify('block');
    if (scheme === 'pps') return verify('pps');
    if (!m?.trusted) return verify('untrusted');
    if (jobDifficulty > m.proven) return verify('difficulty');
    // Counted from the last share chosen for hashing, not the last one hashed: a slow hash
    // must not force the shares behind it to be hashed too.
    const cap = this.settings.maxUnverified;
    if (end - m.decided >= cap || m.unverified.length >= cap * LIST_FACTOR) return verify('cap');
    if (this.unit() < this.settings.sampleRate) return verify('sampled');
    // A retried share id (gateway retry) is listed once.
    if (!m.unverified.includes(shareId)) m.unverified.push(shareId);
    return { verify: false };
  }

  /** A share accepted on trust could not be stored after all: it is no share to void. */
  unrecord(miner: string, shareId: string): void {
    const list = this.miners.get(miner)?.unverified;
    const i = list?.indexOf(shareId) ?? -1;
    // A tombstone, not a splice: tickets count positions in this list.
    if (list && i >= 0) list[i] = '';
  }

  /** A verified share of this miner was good. */
  passed(miner: string, ticket: TrustTicket, jobDifficulty: number): void {
    let m = this.touch(miner);
    if (!m) m = this.create(miner);
    m.streak++;
    m.proven = Math.max(m.proven, jobDifficulty);
    if (!m.trusted && m.streak >= this.settings.after) {
      m.trusted = true;
      this.trustedMiners++;
    }
    // Only what was accepted on trust before this share was decided is behind it; a record
    // created since (the old one forgotten meanwhile) keeps its own list whole.
    if (ticket.record !== undefined && ticket.record !== m) return;
    const cut = ticket.index - m.base;
    if (cut > 0) {
      m.unverified.splice(0, cut);
      m.base = ticket.index;
    }
  }

  /**
   * A share of this miner was bad. A trusted miner loses its trust and its record;
   * `unverified` is what it had accepted on trust since its last verified share.
   * An untrusted one starts its run again.
   */
  failed(miner: string): { revoked: boolean; unverified: string[] } {
    const m = this.miners.get(miner);
    if (!m) return { revoked: false, unverified: [] };
    this.forget(miner, m);
    return { revoked: m.trusted, unverified: live(m.unverified) };
  }

  /** Another replica caught this miner: forget it here too, handing back what to void. */
  revoke(miner: string): string[] {
    const m = this.miners.get(miner);
    if (!m) return [];
    this.forget(miner, m);
    return live(m.unverified);
  }

  isTrusted(miner: string): boolean {
    return this.miners.get(miner)?.trusted === true;
  }

  /** The ids this miner has accepted on trust since its last verified share. */
  unverifiedOf(miner: string): string[] {
    return live(this.miners.get(miner)?.unverified ?? []);
  }

  get trustedCount(): number {
    return this.trustedMiners;
  }

  get size(): number {
    return this.miners.size;
  }

  /** Miners forgotten because of `maxMiners`. */
  get forgottenCount(): number {
    return this.forgotten;
  }

  private touch(miner: string): MinerTrust | undefined {
    const m = this.miners.get(miner);
    if (m) {
      this.miners.delete(miner);
      this.miners.set(miner, m);
    }
    return m;
  }

  private create(miner: string): MinerTrust {
    // Only a good verified share makes a record, so bad shares cannot flood the map.
    if (this.miners.size >= this.settings.maxMiners) {
      const [oldest, record] = this.miners.entries().next().value as [string, MinerTrust];
      this.forget(oldest, record);
      this.forgotten++;
    }
    const m: MinerTrust = { streak: 0, trusted: false, proven: 0, unverified: [], base: 0, decided: 0 };
    this.miners.set(miner, m);
    return m;
  }

  private forget(miner: string, m: MinerTrust): void {
    this.miners.delete(miner);
    if (m.trusted) this.trustedMiners--;
  }
}

function live(ids: readonly string[]): string[] {
  return ids.filter((id) => id !== '');
}
