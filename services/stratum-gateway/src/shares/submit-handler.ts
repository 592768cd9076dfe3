import { hexToBytes } from '@rxpool/cryptonote';
import type { ValidateReply, ValidateRequest } from '@rxpool/messages';
import { parseJobId, reservedBytes, shareIdOf } from '@rxpool/share-id';
import { okLine, type Rejection, Rejections, type SubmitRequest } from '@rxpool/stratum';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import type { JobDispatcher } from '../jobs/job-dispatcher.js';
import { findRecentJob, type MinerJob } from '../jobs/miner-job.js';
import { claimedResultMeetsTarget } from '../jobs/target-cache.js';
import type { GatewayMetrics } from '../metrics.js';
import type { MinerSession } from '../session/miner-session.js';
import type { Replier } from '../session/replier.js';
import type { VardiffController } from '../vardiff/vardiff-controller.js';
import type { ShareValidator } from './share-validator.js';

export interface SubmitSettings {
  submitBurst: number;
  submitPerSecond: number;
  maxInFlightSubmits: number;
}

/** The validators' reasons, as the miner hears them. */
function rejectionFor(reply: Extract<ValidateReply, { ok: false }>): Rejection {
  switch (reply.reason) {
    case 'hash_mismatch':
      return Rejections.HashMismatch;
    case 'low_difficulty':
      return Rejections.LowDifficulty;
    case 'bad_request':
      return Rejections.InvalidShare;
    case 'unknown_seed':
    case 'busy':
      return Rejections.Busy;
  }
}

/**
 * submit, as a checklist: logged in → the session id matches → submit rate → job
 * known → job not expired → nonce inside the miner's nonce space → nonce new for the
 * job → claimed result under the job's target → validators (NATS) → reply → vardiff.
 * "OK" is sent only after a validator accepted the share, which it does only once the
 * share is stored in JetStream: OK means durable.
 */
export class SubmitHandler {
  /** Submits waiting for a validator, across all sessions (drained on shutdown). */
  inFlight = 0;

  constructor(
    private readonly settings: SubmitSettings,
    private readonly validator: ShareValidator,
    private readonly abuse: AbuseGuard,
    private readonly reply: Replier,
    private readonly jobs: JobDispatcher,
    private readonly vardiff: VardiffController,
    private readonly metrics: GatewayMetrics,
    private readonly now: () => number,
  ) {}

  async handle(session: MinerSession, request: SubmitRequest, receivedAt: number): Promise<void> {
    const { id, params } = request;
    const miner = session.miner;
    if (miner === undefined) {
      this.reply.reject(session, id, Rejections.Unauthenticated, receivedAt, 'login first');
      return;
    }
    if (params.id !== miner.sessionId) {
      this.reply.reject(session, id, Rejections.Unauthenticated, receivedAt, 'unknown session id');
      return;
    }
    const { submitBurst, submitPerSecond } = this.settings;
    if (session.submitBucket?.take(receivedAt, submitBurst, submitPerSecond) === false) {
      this.reply.reject(session, id, Rejections.RateLimited, receivedAt);
      return;
    }
    const job = findRecentJob(session.jobs ?? [], params.job_id);
    if (job === undefined) {
      const expired = this.looksLikeOldJob(session, params.job_id);
      this.reply.reject(session, id, expired ? Rejections.BlockExpired : Rejections.InvalidJobId, receivedAt);
      return;
    }
    if (job.expiresAt !== 0 && receivedAt > job.expiresAt) {
      this.reply.reject(session, id, Rejections.BlockExpired, receivedAt);
      return;
    }
    const nonce = Number.parseInt(params.nonce, 16);
    if (job.nicehashByte >= 0 && (nonce & 0xff) !== job.nicehashByte) {
      const detail = `nonce byte 4 must be ${job.nicehashByte.toString(16).padStart(2, '0')} (nicehash)`;
      this.reply.reject(session, id, Rejections.InvalidShare, receivedAt, detail);
      return;
    }
    if (!job.claimNonce(nonce)) {
      this.reply.reject(session, id, Rejections.Duplicate, receivedAt);
      return;
    }
    if (!claimedResultMeetsTarget(params.result, job.target.target64)) {
      this.reply.reject(session, id, Rejections.LowDifficulty, receivedAt);
      return;
    }
    if (session.inFlight >= this.settings.maxInFlightSubmits) {
      job.releaseNonce(nonce);
      this.reply.reject(session, id, Rejections.Busy, receivedAt, 'too many shares waiting');
      return;
    }
    const request_ = this.validateRequest(session, job, params.nonce, params.result, receivedAt);
    // The job object may be reused for a later job while the validator works.
    const difficulty = job.difficulty;
    const { instanceId, counter } = job;
    session.inFlight++;
    this.inFlight++;
    let outcome: Awaited<ReturnType<ShareValidator['validate']>>;
    try {
      outcome = await this.validator.validate(request_);
    } finally {
      session.inFlight--;
      this.inFlight--;
    }
    const now = this.now();
    this.metrics.submitSeconds.observe((now - receivedAt) / 1000);
    if (outcome.kind === 'unavailable') {
      this.metrics.validatorUnavailable.inc({ why: outcome.why });
      this.unjudged(job, instanceId, counter, nonce);
      this.reply.reject(session, id, Rejections.Busy, now, 'share not checked, validators unavailable');
      return;
    }
    const verdict = outcome.reply;
    if (!verdict.ok) {
      const rejection = rejectionFor(verdict);
      if (rejection === Rejections.Busy) this.unjudged(job, instanceId, counter, nonce);
      this.reply.reject(session, id, rejection, now);
      return;
    }
    session.send(okLine(id));
    this.abuse.accepted(session);
    this.retarget(session, difficulty, now);
  }

  private validateRequest(
    session: MinerSession,
    job: MinerJob,
    nonceHex: string,
    result: string,
    receivedAt: number,
  ): ValidateRequest {
    const miner = session.miner;
    if (miner === undefined) throw new Error('validateRequest needs a logged-in session');
    const template = job.template;
    const reserved = reservedBytes(job.instanceId, job.counter, template.reserveSize);
    const blob = template.hashingBlob(reserved, hexToBytes(nonceHex));
    return {
      shareId: shareIdOf(job.instanceId, job.counter, nonceHex),
      miner: miner.address,
      worker: miner.worker,
      jobId: job.id,
      templateId: template.templateId,
      height: template.height,
      reserved: Buffer.from(reserved).toString('hex'),
      nonce: nonceHex,
      scheme: miner.scheme,
      hashingBlob: Buffer.from(blob).toString('hex'),
      seedHash: template.seedHash,
      result,
      jobDifficulty: job.difficulty,
      networkDifficulty: template.networkDifficulty,
      receivedAt,
    };
  }

  private retarget(session: MinerSession, shareDifficulty: number, now: number): void {
    if (session.vardiff === undefined || !session.isOpen) return;
    const next = this.vardiff.onShare(session.vardiff, shareDifficulty, session.difficulty, now);
    if (next === undefined) return;
    session.difficulty = next;
    try {
      this.jobs.send(session, now, 'retarget');
    } catch {
      // No template or instance id right now: the next template carries the new difficulty.
    }
  }

  /**
   * "Server busy, retry" must mean it: the share was not judged, so its nonce is free
   * again (a retry would otherwise be a "Duplicate share", which counts toward a ban).
   * Unless the job object was meanwhile reused for another job.
   */
  private unjudged(job: MinerJob, instanceId: number, counter: number, nonce: number): void {
    if (job.instanceId === instanceId && job.counter === counter) job.releaseNonce(nonce);
  }

  /** A job id of ours that has left the miner's recent jobs: stale, not unknown. */
  private looksLikeOldJob(session: MinerSession, jobId: string): boolean {
    const oldest = session.jobs?.[0];
    const named = parseJobId(jobId);
    if (oldest === undefined || named === undefined) return false;
    return named.instanceId === oldest.instanceId && named.counter < oldest.counter;
  }
}
