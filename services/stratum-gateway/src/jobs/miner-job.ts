import { jobIdOf, parseJobId } from '@rxpool/share-id';
import type { JobTemplate } from './job-template.js';
import type { ShareTarget } from './target-cache.js';

/**
 * A job handed to one miner. Small on purpose: every logged-in miner holds a few, and
 * a miner's oldest job object is reused for its next job (`reset`), so a new template
 * leaves no long-lived garbage behind (no old-generation GC during broadcasts).
 */
export class MinerJob {
  /** 0 while it is the miner's newest job; then the time after which shares are stale. */
  expiresAt = 0;
  /** Nonces already submitted for this job (u32 as sent), allocated on the first share. */
  nonces: Set<number> | undefined = undefined;

  constructor(
    public instanceId: number,
    public counter: number,
    public template: JobTemplate,
    public target: ShareTarget,
    /** The nonce byte this miner owns (blob byte 42) in nicehash mode, else -1. */
    public nicehashByte: number,
  ) {}

  /** Turns this (retired) job into a new one. */
  reset(
    instanceId: number,
    counter: number,
    template: JobTemplate,
    target: ShareTarget,
    nicehashByte: number,
  ): this {
    this.instanceId = instanceId;
    this.counter = counter;
    this.template = template;
    this.target = target;
    this.nicehashByte = nicehashByte;
    this.expiresAt = 0;
    this.nonces = undefined;
    return this;
  }

  /** Made on demand: tens of thousands of jobs are held, their ids are seldom needed. */
  get id(): string {
    return jobIdOf(this.instanceId, this.counter);
  }

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

  /** Forgets a claimed nonce whose share was not judged (busy), so its retry is judged afresh. */
  releaseNonce(nonce: number): void {
    this.nonces?.delete(nonce);
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
  const named = parseJobId(id);
  if (named === undefined) return undefined;
  for (let i = jobs.length - 1; i >= 0; i--) {
    const job = jobs[i] as MinerJob;
    if (job.counter === named.counter && job.instanceId === named.instanceId) return job;
  }
  return undefined;
}

/** Takes the oldest job out when the list is full, for reuse by the next job. */
export function retireOldestJob(jobs: MinerJob[], max: number): MinerJob | undefined {
  return jobs.length >= max ? jobs.shift() : undefined;
}
