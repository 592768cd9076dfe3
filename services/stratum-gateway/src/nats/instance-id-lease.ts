import { randomInt } from 'node:crypto';
import { openKv } from '@rxpool/bus';
import type { Logger } from '@rxpool/observability';
import { u32Hex } from '@rxpool/share-id';
import type { JetStreamClient, KV } from 'nats';
import type { InstanceIdSource } from '../jobs/job-factory.js';

/**
 * Keys outlive leases by this much, so an id is not handed out again while shares
 * that carry it may still be around (a share id is instance id ‖ counter ‖ nonce, and
 * a new holder would restart the counter).
 */
export const LEASE_KEY_MAX_AGE_MS = 30 * 24 * 3600 * 1000;
const MAX_TRIES = 32;
/** A failed new lease is tried again after this, doubling up to the maximum. */
const RETRY_FIRST_MS = 500;
const RETRY_MAX_MS = 30_000;

export interface LeaseRecord {
  holder: string;
  pid: number;
  acquiredAt: number;
  expiresAt: number;
}

export class LeaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LeaseError';
  }
}

/**
 * This gateway process's instance id (uint32): a random id claimed with a KV create
 * (which fails if the key exists at all, so an id is never shared nor reused while its
 * key lives), renewed every ttl/3 with a compare-and-set on the revision. A lost lease
 * (the key changed under us) or a used-up job counter means: claim a new id.
 */
export class InstanceIdLease implements InstanceIdSource {
  private current: { id: number; revision: number; acquiredAt: number } | undefined;
  private timer: NodeJS.Timeout | undefined;
  private rotating: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = RETRY_FIRST_MS;
  private released = false;

  private constructor(
    private readonly kv: KV,
    private readonly holder: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly onChange: (id: number) => void,
  ) {}

  static async open(options: {
    js: JetStreamClient;
    bucket: string;
    /** Replicas of the bucket when this creates it (NATS_STREAM_REPLICAS). */
    replicas?: number;
    holder: string;
    ttlMs: number;
    log: Logger;
    onChange: (id: number) => void;
  }): Promise<InstanceIdLease> {
    const kv = await openKv(options.js, options.bucket, {
      history: 1,
      ttl: LEASE_KEY_MAX_AGE_MS,
      replicas: options.replicas ?? 1,
    });
    return new InstanceIdLease(kv, options.holder, options.ttlMs, options.log, options.onChange);
  }

  get instanceId(): number | undefined {
    return this.current?.id;
  }

  /** Claims an id (retrying random picks on collision) and starts renewing it. */
  async acquire(): Promise<number> {
    const now = Date.now();
    for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
      const id = randomInt(1, 0xffff_ffff);
      try {
        const revision = await this.kv.create(u32Hex(id), this.record(now));
        this.current = { id, revision, acquiredAt: now };
        this.log.info({ instanceId: id }, 'instance id leased');
        this.scheduleRenewal();
        this.onChange(id);
        return id;
      } catch (err) {
        if (!isKeyExists(err)) throw err;
      }
    }
    throw new LeaseError(`no free instance id after ${MAX_TRIES} random picks`);
  }

  counterExhausted(): void {
    this.log.warn({ instanceId: this.instanceId }, 'job counter used up: leasing a new instance id');
    void this.rotate();
  }

  /** Stops renewing and marks the lease expired (the key stays: the id is not reused). */
  async release(): Promise<void> {
    this.released = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const lease = this.current;
    if (lease === undefined) return;
    try {
      await this.kv.update(u32Hex(lease.id), this.record(lease.acquiredAt, Date.now()), lease.revision);
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'could not mark the instance lease released');
    }
  }

  /** One renewal; exported for tests. Returns false when the lease was lost. */
  async renew(): Promise<boolean> {
    const lease = this.current;
    if (lease === undefined) return false;
    try {
      lease.revision = await this.kv.update(u32Hex(lease.id), this.record(lease.acquiredAt), lease.revision);
      return true;
    } catch (err) {
      if (isWrongRevision(err)) {
        this.log.error({ instanceId: lease.id }, 'instance lease lost: leasing a new id');
        void this.rotate();
        return false;
      }
      // NATS unreachable: the key is still ours (nobody can create it), retry next time.
      this.log.warn({ err: (err as Error).message }, 'instance lease renewal failed');
      return true;
    }
  }

  /**
   * Leases a new id, retrying with backoff until it succeeds: a spent counter makes no
   * more jobs under the old id, so the gateway hands out no work until this succeeds.
   */
  private rotate(): Promise<void> {
    if (this.rotating === undefined && !this.released) {
      this.rotating = this.acquire()
        .then(() => {
          this.retryMs = RETRY_FIRST_MS;
        })
        .catch((err: unknown) => {
          this.log.error({ err, retryInMs: this.retryMs }, 'could not lease a new instance id');
          this.retryTimer = setTimeout(() => void this.rotate(), this.retryMs);
          this.retryTimer.unref();
          this.retryMs = Math.min(RETRY_MAX_MS, this.retryMs * 2);
        })
        .finally(() => {
          this.rotating = undefined;
        });
    }
    return this.rotating ?? Promise.resolve();
  }

  private scheduleRenewal(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => void this.renew(), Math.max(1_000, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  private record(acquiredAt: number, expiresAt = Date.now() + this.ttlMs): Uint8Array {
    const record: LeaseRecord = { holder: this.holder, pid: process.pid, acquiredAt, expiresAt };
    return new TextEncoder().encode(JSON.stringify(record));
  }
}

function isKeyExists(err: unknown): boolean {
  return /wrong last sequence|key exists/i.test((err as Error)?.message ?? '');
}

function isWrongRevision(err: unknown): boolean {
  return /wrong last sequence/i.test((err as Error)?.message ?? '');
}
