/** The block reward PPS pays against, by the height a share was mined for. */
export interface NetworkRewardSource {
  /** Atomic units, or undefined while no template has been seen. */
  rewardFor(height: number): bigint | undefined;
}

/** PPS shares cannot be credited yet: the batch is retried later, not dropped. */
export class RewardUnknownError extends Error {
  constructor(height: number) {
    super(`no block reward known yet for height ${height} (waiting for a template)`);
    this.name = 'RewardUnknownError';
  }
}

/**
 * Remembers the expected reward of recent templates (fed from
 * pool.template.v1). A share's height is its template's height; when that
 * height is unknown (old share after a restart) the newest reward stands in.
 */
export class TemplateRewardBook implements NetworkRewardSource {
  private readonly byHeight = new Map<number, bigint>();
  private newest: { height: number; reward: bigint } | undefined;

  constructor(private readonly keep = 64) {}

  record(height: number, reward: bigint): void {
    this.byHeight.set(height, reward);
    if (!this.newest || height >= this.newest.height) this.newest = { height, reward };
    if (this.byHeight.size > this.keep) {
      const oldest = Math.min(...this.byHeight.keys());
      this.byHeight.delete(oldest);
    }
  }

  rewardFor(height: number): bigint | undefined {
    return this.byHeight.get(height) ?? this.newest?.reward;
  }
}
