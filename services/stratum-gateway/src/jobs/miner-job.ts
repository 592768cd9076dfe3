import type { JobTemplate } from './job-template.js';
import type { ShareTarget } from './target-cache.js';

/** A job handed to one miner. Small on purpose: every logged-in miner holds a few. */
export class MinerJob {
  /** 0 while it is the miner's newest job; then the time after which shares are stale. */
  expiresAt = 0;
  /** Nonces already submitted for this job (u32 as sent), allocated on the first share. */
  nonces: Set<number> | undefined = undefined;

  constructor(
    readonly id: string,
    readonly instanceId: number,
    readonly counter: number,
    readonly template: JobTemplate,
    readonly target: ShareTarget,
    /** The nonce byte this miner owns (blob byte 42) in nicehash mode, else -1. */
    readonly nicehashByte: number,
  ) {}

  get difficulty(): number {
    return this.target.difficulty;
  }

  /** Records a nonce; false when it was already submitted for this job. */
  claimNonce(nonce: number): boolean {
    if (this.nonces === undefined) this.nonces = new Set();
    else if (this.nonces.has(nonce)) return false;
    this.nonces.add(nonce);
    return true;
  }
}

/**
 * A miner's recent jobs, newest last, at most `max`. When a job is replaced the one
 * before it stays valid for `graceMs` (shares already being hashed still count).
 */
export function addRecentJob(
  jobs: MinerJob[],
  job: MinerJob,
  max: number,
  now: number,
  graceMs: number,
): void {
  const previous = jobs[jobs.length - 1];
  if (previous !== undefined && previous.expiresAt === 0) previous.expiresAt = now + graceMs;
  jobs.push(job);
  if (jobs.length > max) jobs.shift();
}

export function findRecentJob(jobs: readonly MinerJob[], id: string): MinerJob | undefined {
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i] as MinerJob;
    if (job.id === id) return job;
  }
  return undefined;
}
