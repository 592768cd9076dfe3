import { JSONRPC_VERSION, MONERO_ALGO, type StratumJob, StratumNotifications } from '@rxpool/stratum';
import type { JobTemplate } from './job-template.js';
import { MinerJob } from './miner-job.js';
import { MAX_COUNTER, RESERVED_BYTES, u32Hex } from './reserved-bytes.js';
import type { TargetCache } from './target-cache.js';

/** Where the gateway's instance id comes from (the NATS lease). */
export interface InstanceIdSource {
  /** The leased id, or undefined while none is held. */
  readonly instanceId: number | undefined;
  /** Called once the job counter is used up: the id must not be reused with a wrapped counter. */
  counterExhausted(): void;
}

export class NoInstanceIdError extends Error {
  constructor() {
    super('no gateway instance id is leased');
    this.name = 'NoInstanceIdError';
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
  private readonly reserved = new Uint8Array(RESERVED_BYTES);
  private readonly reservedView = new DataView(this.reserved.buffer);
  private readonly tails = new WeakMap<JobTemplate, string>();
  private cachedInstance = -1;
  private cachedInstanceHex = '';

  constructor(
    private readonly ids: InstanceIdSource,
    private readonly targets: TargetCache,
  ) {}

  /** Jobs issued so far by this process. */
  get issued(): number {
    return this.counter;
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
    const counter = this.nextCounter();
    this.reservedView.setUint32(0, instanceId, false);
    this.reservedView.setUint32(4, counter, false);
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

  private nextCounter(): number {
    const counter = this.counter;
    if (counter >= MAX_COUNTER) {
      this.counter = 0;
      this.ids.counterExhausted();
    } else {
      this.counter = counter + 1;
    }
    return counter;
  }
}
