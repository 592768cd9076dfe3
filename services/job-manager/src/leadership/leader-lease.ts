import { type NatsBus, openKv } from '@rxpool/bus';
import type { Logger } from '@rxpool/observability';
import type { KV } from 'nats';

export const LEADER_KEY = 'leader';

/** Called on every change; must not block (the lease keeps its own rhythm). */
export type LeadershipListener = (leader: boolean) => void;

/**
 * One active job-manager: a key in a NATS KV bucket whose TTL is the lease.
 * The leader renews it (compare-and-set on its revision) every third of the
 * TTL; a standby tries to create it, which only succeeds once the key expired
 * or was released. A leader that cannot renew steps down before its lease can
 * expire, so two leaders never overlap.
 */
export class LeaderLease {
  private kv: KV | undefined;
  private revision = 0;
  private renewedAt = 0;
  private leader = false;
  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private tick: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: NatsBus,
    readonly instanceId: string,
    private readonly ttlMs: number,
    private readonly log: Logger,
    private readonly onChange: LeadershipListener,
  ) {}

  get isLeader(): boolean {
    return this.leader;
  }

  async start(): Promise<void> {
    this.kv = await openKv(this.bus.jetstream, this.bus.names.buckets.jobManagerLeader, {
      ttl: this.ttlMs,
      history: 1,
      replicas: this.bus.streamReplicas,
    });
    this.running = true;
    await this.step();
  }

  /** Stops campaigning; a leader releases the key so a standby takes over at once. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    await this.tick;
    if (!this.leader || !this.kv) return;
    try {
      await this.kv.delete(LEADER_KEY, { previousSeq: this.revision });
      this.log.info('leader lease released');
    } catch (err) {
      this.log.warn({ err }, 'could not release the leader lease; it expires by itself');
    }
    this.setLeader(false);
  }

  private schedule(): void {
    if (!this.running) return;
    const every = this.leader ? this.ttlMs / 3 : Math.min(this.ttlMs / 3, 1_000);
    this.timer = setTimeout(() => {
      this.tick = this.step();
    }, every);
  }

  private async step(): Promise<void> {
    try {
      if (this.leader) await this.renew();
      else await this.campaign();
    } catch (err) {
      this.log.error({ err }, 'leader lease step failed');
    }
    this.schedule();
  }

  private async campaign(): Promise<void> {
    const kv = this.kv as KV;
    const value = JSON.stringify({ instance: this.instanceId, since: Date.now() });
    try {
      this.revision = await kv.create(LEADER_KEY, value);
    } catch {
      return; // held by someone else (or NATS is away): stay standby
    }
    this.renewedAt = Date.now();
    this.log.info({ instance: this.instanceId, revision: this.revision }, 'leader lease acquired');
    this.setLeader(true);
  }

  private async renew(): Promise<void> {
    const kv = this.kv as KV;
    const value = JSON.stringify({ instance: this.instanceId, renewedAt: Date.now() });
    try {
      this.revision = await kv.update(LEADER_KEY, value, this.revision);
      this.renewedAt = Date.now();
      return;
    } catch (err) {
      const lost = /wrong last sequence/i.test((err as Error).message);
      const overdue = Date.now() - this.renewedAt > this.ttlMs * 0.75;
      if (!lost && !overdue) {
        this.log.warn({ err }, 'leader lease renewal failed; retrying');
        return;
      }
      this.log.error({ err, lost, overdue }, 'leader lease lost; stepping down');
    }
    this.setLeader(false);
  }

  private setLeader(leader: boolean): void {
    if (this.leader === leader) return;
    this.leader = leader;
    this.onChange(leader);
  }
}
