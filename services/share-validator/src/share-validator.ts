import { bytesToHex, hashDifficulty, hexToBytes, meetsDifficulty } from '@rxpool/cryptonote';
import type {
  AcceptedShare,
  BlockCandidate,
  ValidateRejectReason,
  ValidateReply,
  ValidateRequest,
} from '@rxpool/messages';
import type { SeedContextManager } from './seed-context-manager.js';
import type { TrustDecision } from './trust-policy.js';
import type { ValidationQueue } from './validation-queue.js';

/** Durable outputs of an accepted share; resolves once JetStream acknowledged. */
export interface SharePublisher {
  publishAccepted(share: AcceptedShare): Promise<void>;
  publishCandidate(candidate: BlockCandidate): Promise<void>;
}

export type ValidationOutcome = 'accepted' | ValidateRejectReason;

/** Sampled trust as the validator sees it (TrustEnforcer); absent when VALIDATOR_TRUST is off. */
export interface ShareTrust {
  /** Hash this share, or accept it on trust (then it is recorded as such). */
  decide(request: ValidateRequest, claimsBlock: boolean): TrustDecision;
  /** A share accepted on trust is being stored; `durable` settles as its publish does. */
  accepting(request: ValidateRequest, durable: Promise<void>): void;
  passed(request: ValidateRequest, decision: Extract<TrustDecision, { verify: true }>): void;
  failed(request: ValidateRequest, reason: 'hash_mismatch' | 'low_difficulty'): void;
}

export interface ValidationObserver {
  validated(outcome: ValidationOutcome, blockCandidate: boolean, seconds: number): void;
  /** Something that is not the miner's fault: a failed publish, a native error. */
  trouble(what: string, err: unknown, request: ValidateRequest): void;
}

/**
 * The share check: RandomX hash with the job's seed, compared with the
 * miner's result, then against the job and network difficulties. An accepted
 * share is durable (JetStream ack) before the reply says so.
 */
export class ShareValidator {
  constructor(
    private readonly seeds: Pick<SeedContextManager, 'lookup'>,
    private readonly queue: Pick<ValidationQueue, 'tryHash'>,
    private readonly publisher: SharePublisher,
    private readonly observer: ValidationObserver,
    private readonly now: () => number = Date.now,
    private readonly trust?: ShareTrust,
  ) {}

  async validate(request: ValidateRequest): Promise<ValidateReply> {
    const started = performance.now();
    const reply = await this.check(request);
    const outcome: ValidationOutcome = reply.ok ? 'accepted' : reply.reason;
    this.observer.validated(outcome, reply.ok && reply.blockCandidate, (performance.now() - started) / 1000);
    return reply;
  }

  private async check(request: ValidateRequest): Promise<ValidateReply> {
    const reject = (reason: ValidateRejectReason, message: string): ValidateReply => ({
      ok: false,
      shareId: request.shareId,
      reason,
      message,
    });

    const seed = this.seeds.lookup(request.seedHash);
    if (seed.state === 'unknown')
      return reject('unknown_seed', `no RandomX context for seed ${request.seedHash}`);
    if (seed.state === 'building')
      return reject('busy', `the context for seed ${request.seedHash} is being built`);

    let decision: Extract<TrustDecision, { verify: true }> | undefined;
    if (this.trust) {
      // The cheap checks every share gets: the claimed result against the job, then
      // against the network (a claimed block is always hashed).
      const claimed = hexToBytes(request.result);
      if (!meetsDifficulty(claimed, request.jobDifficulty)) {
        this.trust.failed(request, 'low_difficulty');
        return reject(
          'low_difficulty',
          `the result does not reach the job difficulty ${request.jobDifficulty}`,
        );
      }
      const network = BigInt(request.networkDifficulty);
      const d = this.trust.decide(request, network >= 1n && meetsDifficulty(claimed, network));
      if (!d.verify) return this.acceptOnTrust(request, claimed, this.trust, reject);
      decision = d;
    }

    const pending = this.queue.tryHash(seed.context, hexToBytes(request.hashingBlob));
    if (!pending) return reject('busy', 'the validation queue is full');
    const hashStarted = performance.now();
    let hash: Buffer;
    try {
      hash = await pending;
    } catch (err) {
      const now = this.seeds.lookup(request.seedHash);
      if (now.state !== 'ready' || now.context !== seed.context) {
        // The seed was retired while the share waited: its context is gone.
        return reject('unknown_seed', `seed ${request.seedHash} was retired`);
      }
      this.observer.trouble('hash', err, request);
      return reject('busy', 'hashing failed');
    }

    const hashHex = bytesToHex(hash);
    if (hashHex !== request.result) {
      this.trust?.failed(request, 'hash_mismatch');
      return reject('hash_mismatch', 'the result is not the RandomX hash of the blob');
    }
    if (!meetsDifficulty(hash, request.jobDifficulty)) {
      this.trust?.failed(request, 'low_difficulty');
      return reject('low_difficulty', `the hash does not reach the job difficulty ${request.jobDifficulty}`);
    }
    if (decision) this.trust?.passed(request, decision);
    const network = BigInt(request.networkDifficulty);
    const blockCandidate = network >= 1n && meetsDifficulty(hash, network);
    const difficulty = hashDifficulty(hash).toString();
    const now = this.now();
    try {
      await Promise.all([
        this.publisher.publishAccepted(acceptedShare(request, hashHex, difficulty, blockCandidate, now)),
        blockCandidate ? this.publisher.publishCandidate(candidate(request, hashHex, now)) : undefined,
      ]);
    } catch (err) {
      // Not durable, so not accepted: the gateway may retry, the share id keeps a retry harmless.
      this.observer.trouble('publish', err, request);
      return reject('busy', 'the share could not be stored');
    }
    // The share's RandomX time (queue wait included), so callers can tell latency from hashing.
    const hashMicros = Math.round((performance.now() - hashStarted) * 1000);
    return { ok: true, shareId: request.shareId, blockCandidate, hashDifficulty: difficulty, hashMicros };
  }

  /** Stored with the claimed result as its hash and `verified: false`; no block (that is always hashed). */
  private async acceptOnTrust(
    request: ValidateRequest,
    claimed: Uint8Array,
    trust: ShareTrust,
    reject: (reason: ValidateRejectReason, message: string) => ValidateReply,
  ): Promise<ValidateReply> {
    const difficulty = hashDifficulty(claimed).toString();
    const share = acceptedShare(request, request.result, difficulty, false, this.now());
    share.verified = false;
    const durable = this.publisher.publishAccepted(share);
    trust.accepting(request, durable);
    try {
      await durable;
    } catch (err) {
      this.observer.trouble('publish', err, request);
      return reject('busy', 'the share could not be stored');
    }
    return { ok: true, shareId: request.shareId, blockCandidate: false, hashDifficulty: difficulty };
  }
}

function acceptedShare(
  r: ValidateRequest,
  hash: string,
  hashDifficulty: string,
  blockCandidate: boolean,
  acceptedAt: number,
): AcceptedShare {
  return {
    shareId: r.shareId,
    miner: r.miner,
    worker: r.worker,
    jobId: r.jobId,
    templateId: r.templateId,
    height: r.height,
    reserved: r.reserved,
    nonce: r.nonce,
    scheme: r.scheme,
    jobDifficulty: r.jobDifficulty,
    hashDifficulty,
    networkDifficulty: r.networkDifficulty,
    blockCandidate,
    hash,
    acceptedAt,
  };
}

function candidate(r: ValidateRequest, powHash: string, foundAt: number): BlockCandidate {
  return {
    candidateId: r.shareId,
    templateId: r.templateId,
    height: r.height,
    reserved: r.reserved,
    nonce: r.nonce,
    powHash,
    miner: r.miner,
    worker: r.worker,
    networkDifficulty: r.networkDifficulty,
    foundAt,
  };
}
