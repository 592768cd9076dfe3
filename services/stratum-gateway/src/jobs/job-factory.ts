import { bytesToHex } from '@rxpool/cryptonote';
import { MONERO_ALGO, type StratumJob } from '@rxpool/stratum';
import type { JobTemplate } from './job-template.js';
import { MinerJob } from './miner-job.js';
import { MAX_COUNTER, reservedBytes, u32Hex } from './reserved-bytes.js';
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
 * jobs in the cluster share a blob. Per miner this is one hashing blob, a hex string
 * and a cached target; the template was prepared once.
 */
export class JobFactory {
  private counter = 0;

  constructor(
    private readonly ids: InstanceIdSource,
    private readonly targets: TargetCache,
  ) {}

  /** Jobs issued so far by this process. */
  get issued(): number {
    return this.counter;
  }

  create(
    template: JobTemplate,
    difficulty: number,
    nicehashByte: number,
  ): { job: MinerJob; wire: StratumJob } {
    const instanceId = this.ids.instanceId;
    if (instanceId === undefined) throw new NoInstanceIdError();
    const counter = this.nextCounter();
    const blob = template.hashingBlob(reservedBytes(instanceId, counter, template.reserveSize));
    if (nicehashByte >= 0) blob[template.nonceOffset + 3] = nicehashByte;
    const target = this.targets.get(difficulty);
    const id = `${u32Hex(instanceId)}${u32Hex(counter)}`;
    const job = new MinerJob(id, instanceId, counter, template, target, nicehashByte);
    const wire: StratumJob = {
      blob: bytesToHex(blob),
      job_id: id,
      target: target.hex,
      algo: MONERO_ALGO,
      height: template.height,
      seed_hash: template.seedHash,
    };
    if (template.nextSeedHash !== undefined) wire.next_seed_hash = template.nextSeedHash;
    return { job, wire };
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
