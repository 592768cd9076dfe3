import type { VardiffConfig } from '../config.js';

/** One miner's measurement window (only miners without a fixed difficulty have one). */
export class VardiffState {
  /** Sum of the difficulties of shares accepted since windowStart. */
  windowDifficulty = 0;
  windowShares = 0;

  constructor(public windowStart: number) {}
}

/** Shares that are enough to judge before the retarget interval has passed. */
const EARLY_RETARGET_SHARES = 20;
const EARLY_RETARGET_MIN_MS = 1_000;

/**
 * Hashrate-based variable difficulty: hashrate = Σ share difficulty / elapsed time,
 * new difficulty = hashrate × target share time. Changes smaller than the deadband are
 * ignored; one step is at most ×maxStep or ÷maxStep; the result stays within [min, max].
 * A miner sending shares far too fast is judged early, one who sends none is lowered.
 */
export class VardiffController {
  constructor(
    private readonly config: VardiffConfig,
    private readonly min: number,
    private readonly max: number,
  ) {}

  clamp(difficulty: number): number {
    return Math.min(this.max, Math.max(this.min, Math.round(difficulty)));
  }

  /** Records an accepted share; returns the new difficulty when it is time to change. */
  onShare(state: VardiffState, shareDifficulty: number, current: number, now: number): number | undefined {
    state.windowDifficulty += shareDifficulty;
    state.windowShares += 1;
    const elapsed = now - state.windowStart;
    const early = state.windowShares >= EARLY_RETARGET_SHARES && elapsed >= EARLY_RETARGET_MIN_MS;
    if (!early && elapsed < this.config.retargetSeconds * 1000) return undefined;
    return this.retarget(state, current, now);
  }

  /** Periodic check for miners that stopped sending shares at their difficulty. */
  onIdle(state: VardiffState, current: number, now: number): number | undefined {
    if (now - state.windowStart < this.config.retargetSeconds * 1000) return undefined;
    return this.retarget(state, current, now);
  }

  /** The difficulty the window asks for, or undefined inside the deadband. Starts a new window. */
  private retarget(state: VardiffState, current: number, now: number): number | undefined {
    const elapsedSeconds = Math.max(0.001, (now - state.windowStart) / 1000);
    const hashrate = state.windowDifficulty / elapsedSeconds;
    let wanted =
      state.windowShares === 0 ? current / this.config.maxStep : hashrate * this.config.targetShareSeconds;
    wanted = Math.min(current * this.config.maxStep, Math.max(current / this.config.maxStep, wanted));
    const next = this.clamp(wanted);
    state.windowStart = now;
    state.windowDifficulty = 0;
    state.windowShares = 0;
    if (Math.abs(next - current) <= current * this.config.deadband) return undefined;
    return next;
  }
}
