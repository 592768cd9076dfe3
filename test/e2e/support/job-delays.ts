/** A job as a miner received it; `at` in ms since the epoch. */
export interface JobArrival {
  at: number;
  height: number;
}

export interface FoundBlock {
  height: number;
  /** When the validator accepted the share that found it (ms since the epoch). */
  foundAt: number;
  /** When the job-manager had monerod's answer to its submit. */
  submittedAt: number;
  /** The worker that found it. */
  worker: string;
}

export interface MinerJobs {
  name: string;
  jobs: readonly JobArrival[];
}

/** When `miner` first received a job above `height` at or after `since`, or undefined. */
export function firstJobAbove(miner: MinerJobs, height: number, since: number): number | undefined {
  for (const j of miner.jobs) if (j.height > height && j.at >= since) return j.at;
  return undefined;
}

export interface NextJobDelay {
  /** Found → monerod's answer to the submit (the validator, NATS, the job-manager, monerod). */
  toAnswer: number;
  /** Found → the last miner had a job at a later height; undefined if one never did. */
  toMiners: number | undefined;
}

/**
 * For each block, how long miners could still find a rival on the old
 * template, and how much of that passed before monerod took the block.
 */
export function nextJobDelays(blocks: readonly FoundBlock[], miners: readonly MinerJobs[]): NextJobDelay[] {
  return blocks.map((b) => {
    const arrivals = miners.map((m) => firstJobAbove(m, b.height, b.foundAt));
    const all = arrivals.every((at) => at !== undefined);
    return {
      toAnswer: b.submittedAt - b.foundAt,
      toMiners: all ? Math.max(b.foundAt, ...arrivals) - b.foundAt : undefined,
    };
  });
}

/**
 * For a rival (a second block at a height the chain already has): ms from the
 * winner's finding to the rival's, and whether the rival's finder still had no
 * job above that height then (the race the next job's delay allows).
 */
export interface RivalTiming {
  afterWinnerMs: number;
  finderHadNextJob: boolean;
}

export function rivalTiming(
  winner: FoundBlock,
  rival: FoundBlock,
  miners: readonly MinerJobs[],
): RivalTiming {
  const finder = miners.find((m) => m.name === rival.worker);
  const nextAt = finder === undefined ? undefined : firstJobAbove(finder, winner.height, winner.foundAt);
  return {
    afterWinnerMs: rival.foundAt - winner.foundAt,
    finderHadNextJob: nextAt !== undefined && nextAt <= rival.foundAt,
  };
}
