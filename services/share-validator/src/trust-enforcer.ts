import { randomBytes } from 'node:crypto';
import {
  type BanEntry,
  decodeJson,
  decodeTrustRevoked,
  encodeJson,
  type MessageNames,
  type SharesVoided,
  type TrustRevoked,
  type ValidateRequest,
} from '@rxpool/messages';
import { backoffDelay, type Logger, sleep } from '@rxpool/observability';
import type { NatsConnection, Subscription } from 'nats';
import type { ShareTrust } from './share-validator.js';
import type { TrustDecision, TrustPolicy, VerifyReason } from './trust-policy.js';

export interface TrustObserver {
  trustDecided(decision: VerifyReason | 'trusted'): void;
  /** `caught`: a bad share here; `replica`: another replica caught the miner. */
  trustRevoked(origin: 'caught' | 'replica', voided: number): void;
  trustTrouble(what: string, err: unknown): void;
}

export interface BanWriter {
  ban(entry: BanEntry): Promise<string>;
}

export interface TrustEnforcerDeps {
  nc: NatsConnection;
  names: MessageNames;
  policy: TrustPolicy;
  bans: BanWriter;
  observer: TrustObserver;
  log: Logger;
  publishTimeoutMs: number;
  now?: () => number;
}

/** Attempts of a ban or void before giving up (logged): about 40 s of backoff. */
const ATTEMPTS = 8;

/**
 * Sampled trust with its consequences: asks the policy which shares to hash, and
 * when a trusted miner's share proves bad, tells every replica
 * (validator.trust.revoked.v1), bans the miner's address in the bans bucket the
 * gateways follow, and voids what it had accepted on trust since its last verified
 * share (shares.voided.v1). Each replica that follows a revocation voids its own list.
 */
export class TrustEnforcer implements ShareTrust {
  /** This replica: in its revocations, and in the void message ids of the lists it follows with. */
  readonly replica = randomBytes(4).toString('hex');
  private subscription: Subscription | undefined;
  /** Shares accepted on trust whose publish is in flight: true once stored, false if it failed. */
  private readonly inFlight = new Map<string, Promise<boolean>>();
  private readonly tasks = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly now: () => number;

  constructor(private readonly d: TrustEnforcerDeps) {
    this.now = d.now ?? Date.now;
  }

  get policy(): TrustPolicy {
    return this.d.policy;
  }

  decide(r: ValidateRequest, claimsBlock: boolean): TrustDecision {
    const decision = this.d.policy.decide(r.miner, r.shareId, r.scheme, claimsBlock, r.jobDifficulty);
    this.d.observer.trustDecided(decision.verify ? decision.why : 'trusted');
    return decision;
  }

  accepting(r: ValidateRequest, durable: Promise<void>): void {
    const stored = durable.then(
      () => true,
      () => {
        this.d.policy.unrecord(r.miner, r.shareId);
        return false;
      },
    );
    this.inFlight.set(r.shareId, stored);
    void stored.then(() => {
      if (this.inFlight.get(r.shareId) === stored) this.inFlight.delete(r.shareId);
    });
  }

  passed(r: ValidateRequest, decision: Extract<TrustDecision, { verify: true }>): void {
    this.d.policy.passed(r.miner, decision.ticket, r.jobDifficulty);
  }

  failed(r: ValidateRequest, reason: string): void {
    const { revoked, unverified } = this.d.policy.failed(r.miner);
    if (!revoked) return;
    const { nc, names, observer, log } = this.d;
    const at = this.now();
    const why = `${reason} on share ${r.shareId}`;
    observer.trustRevoked('caught', unverified.length);
    log.warn(
      { miner: r.miner, worker: r.worker, shareId: r.shareId, reason, voided: unverified.length },
      'bad share from a trusted miner: trust revoked everywhere, address banned, shares on trust voided',
    );
    const notice: TrustRevoked = {
      miner: r.miner,
      shareId: r.shareId,
      reason,
      replica: this.replica,
      revokedAt: at,
    };
    nc.publish(names.subjects.trustRevoked, encodeJson(notice));
    const ban: BanEntry = {
      kind: 'address',
      target: r.miner,
      reason: `sampled trust: ${why}`,
      until: 0,
      by: 'share-validator',
      createdAt: at,
    };
    this.track(this.retry('ban', () => this.d.bans.ban(ban)));
    this.track(this.void(r.miner, why, unverified, `void-${r.shareId}`, at));
  }

  /** Follows the other replicas' revocations. */
  start(): void {
    if (this.subscription) return;
    this.subscription = this.d.nc.subscribe(this.d.names.subjects.trustRevoked, {
      callback: (err, msg) => {
        if (err) return this.d.observer.trustTrouble('revocation-subscription', err);
        try {
          this.follow(decodeJson(msg.data, decodeTrustRevoked));
        } catch (e) {
          this.d.observer.trustTrouble('revocation-message', e);
        }
      },
    });
  }

  /** Stops following; bans and voids under way get one last attempt each. */
  async stop(): Promise<void> {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.stopping.abort();
    await Promise.allSettled([...this.tasks]);
  }

  private follow(notice: TrustRevoked): void {
    if (notice.replica === this.replica) return;
    const ids = this.d.policy.revoke(notice.miner);
    this.d.observer.trustRevoked('replica', ids.length);
    const why = `${notice.reason} on share ${notice.shareId} (caught by replica ${notice.replica})`;
    this.track(this.void(notice.miner, why, ids, `void-${notice.shareId}-${this.replica}`, this.now()));
  }

  private async void(miner: string, reason: string, ids: string[], msgID: string, at: number): Promise<void> {
    // Each listed share is in the stream before the void that names it; one never stored is left out.
    const stored = await Promise.all(ids.map((id) => this.inFlight.get(id) ?? true));
    const shareIds = ids.filter((_, i) => stored[i]);
    if (shareIds.length === 0) return;
    const message: SharesVoided = { miner, reason, shareIds, detectedAt: at };
    const js = this.d.nc.jetstream();
    await this.retry('void', () =>
      js.publish(this.d.names.subjects.sharesVoided, encodeJson(message), {
        msgID,
        timeout: this.d.publishTimeoutMs,
      }),
    );
  }

  private async retry(what: string, attempt: () => Promise<unknown>): Promise<void> {
    for (let n = 1; ; n++) {
      try {
        await attempt();
        return;
      } catch (err) {
        if (n >= ATTEMPTS || this.stopping.signal.aborted) return this.d.observer.trustTrouble(what, err);
        await sleep(backoffDelay(n, 250, 10_000), this.stopping.signal);
      }
    }
  }

  private track(task: Promise<void>): void {
    this.tasks.add(task);
    void task.finally(() => this.tasks.delete(task));
  }
}
