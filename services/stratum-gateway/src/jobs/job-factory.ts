import { MAX_COUNTER, RESERVED_BYTES, u32Hex, writeJobIdentity } from '@rxpool/share-id';
import { JSONRPC_VERSION, MONERO_ALGO, type StratumJob, StratumNotifications } from '@rxpool/stratum';
import type { JobTemplate } from './job-template.js';
import { MinerJob } from './miner-job.js';
import type { TargetCache } from './target-cache.js';

/** Where the gateway's instance id comes from (the NATS lease). */
export interface InstanceIdSource {
  /** The leased id, or undefined while none is held. */
  readonly instanceId: number | undefined;
  /** Called once the job counter is used up: the id must not be reused with a wrapped counter. */
  counterExhausted(): void;
}

export class NoInstanceIdError extends Error {
  constructor(message = 'no gateway instance id is leased') {
    super(message);
    this.name = 'NoInstanceIdError';
  }
}

/** The leased id's job counter is used up and no new id has arrived yet: no job may be made. */
export class CounterSpentError extends NoInstanceIdError {
  constructor(readonly instanceId: number) {
    super(`the job counter of instance id ${u32Hex(instanceId)} is used up; waiting for a new id`);
    this.name = 'CounterSpentError';
  }
}

/**
 * Builds each miner's own job: reserved bytes = instance id ‖ job counter, so no two
 * jobs in the cluster share a blob. Per miner this is one merkle root, a hex string and
 * a cached target; the template was prepared once, and the job notification's fields
 * that all miners share are serialised once per template.
 */
export class JobFactory {
  private counter = 0;
  /** The instance id the counter runs under; a new id starts a fresh counter. */
  private counterOwner: number | undefined;
  /** True once the owner's last counter value went out: nothing more under that id. */
  private spent = false;
  private jobsMade = 0;
  private readonly reserved = new Uint8Array(RESERVED_BYTES);
  private readonly reservedView = new DataView(this.reserved.buffer);
  private readonly tails = new WeakMap<JobTemplate, string>();
  private cachedInstance = -1;
  private cachedInstanceHex = '';

  constructor(
    private readonly ids: InstanceIdSource,
    private readonly targets: TargetCache,
    /** The last counter value of an instance id (STRATUM_JOB_COUNTER_BITS; tests use small ones). */
    private readonly maxCounter: number = MAX_COUNTER,
  ) {}

  /** Jobs issued so far by this process. */
  get issued(): number {
    return this.jobsMade;
  }

  /** A job and its wire object (login reply, getjob). */
  create(
    template: JobTemplate,
    difficulty: number,
    nicehashByte: number,
    reuse?: MinerJob,
  ): { job: MinerJob; wire: StratumJob } {
    const { job, blob, id } = this.next(template, difficulty, nicehashByte, reuse);
    const wire: StratumJob = {
      blob,
      job_id: id,
      target: job.target.hex,
      algo: MONERO_ALGO,
      height: template.height,
      seed_hash: template.seedHash,
    };
    if (template.nextSeedHash !== undefined) wire.next_seed_hash = template.nextSeedHash;
    return { job, wire };
  }

  /**
   * A job and its `job` notification line, as @rxpool/stratum's jobLine writes it (tested):
   * the broadcast path, where every value is hex and the shared part is made once.
   */
  createLine(
    template: JobTemplate,
    difficulty: number,
    nicehashByte: number,
    reuse?: MinerJob,
  ): { job: MinerJob; line: string } {
    const { job, blob, id } = this.next(template, difficulty, nicehashByte, reuse);
    const line = `{"jsonrpc":"${JSONRPC_VERSION}","method":"${StratumNotifications.Job}","params":{"blob":"${blob}","job_id":"${id}","target":"${job.target.hex}"${this.tail(template)}`;
    return { job, line };
  }

  private next(
    template: JobTemplate,
    difficulty: number,
    nicehashByte: number,
    reuse: MinerJob | undefined,
  ): { job: MinerJob; blob: string; id: string } {
    const instanceId = this.ids.instanceId;
    if (instanceId === undefined) throw new NoInstanceIdError();
    const counter = this.nextCounter(instanceId);
    writeJobIdentity(this.reservedView, instanceId, counter);
    const size = Math.min(RESERVED_BYTES, template.reserveSize);
    const reserved = size === RESERVED_BYTES ? this.reserved : this.reserved.subarray(0, size);
    const blob = template.hashingBlobHex(reserved, nicehashByte);
    // Whatever vardiff or +diff asks, a block-level hash must stay a share (no lost blocks).
    const max = template.maxJobDifficulty;
    const target = this.targets.get(difficulty < max ? difficulty : max);
    const job =
      reuse === undefined
        ? new MinerJob(instanceId, counter, template, target, nicehashByte)
        : reuse.reset(instanceId, counter, template, target, nicehashByte);
    return { job, blob, id: `${this.instanceHex(instanceId)}${u32Hex(counter)}` };
  }

  private instanceHex(instanceId: number): string {
    if (this.cachedInstance !== instanceId) {
      this.cachedInstance = instanceId;
      this.cachedInstanceHex = u32Hex(instanceId);
    }
    return this.cachedInstanceHex;
  }

  private tail(template: JobTemplate): string {
    let tail = this.tails.get(template);
    if (tail === undefined) {
      const next = template.nextSeedHash === undefined ? '' : `,"next_seed_hash":"${template.nextSeedHash}"`;
      tail = `,"algo":"${MONERO_ALGO}","height":${Math.trunc(template.height)},"seed_hash":"${template.seedHash}"${next}}}\n`;
      this.tails.set(template, tail);
    }
    return tail;
  }

  /**
   * The next counter value under `instanceId`. A wrapped counter would repeat job ids and
   * so share ids (accounting drops repeats as duplicates): once the last value is out,
   * every job is refused until the lease brings a new id.
   */
  private nextCounter(instanceId: number): number {
    if (instanceId !== this.counterOwner) {
      this.counterOwner = instanceId;
      this.counter = 0;
      this.spent = false;
    }
    if (this.spent) throw new CounterSpentError(instanceId);
    const counter = this.counter;
    if (counter >= this.maxCounter) {
      this.spent = true;
      this.ids.counterExhausted();
    } else {
      this.counter = counter + 1;
    }
    this.jobsMade++;
    return counter;
  }
}
