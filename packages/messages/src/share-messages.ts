import { SHARE_ID_PATTERN } from '@rxpool/share-id';
import {
  asObject,
  bool,
  DECIMAL,
  HASH_HEX,
  HEX,
  int,
  MessageError,
  NONCE_HEX,
  oneOf,
  optStr,
  str,
} from './decode.js';

export const REWARD_SCHEMES = ['pplns', 'pps', 'solo'] as const;
export type RewardScheme = (typeof REWARD_SCHEMES)[number];

/** The identity of a share: who, which job, which bytes. */
export interface ShareIdentity {
  /** hex(instance id u32 BE ‖ job counter u32 BE ‖ nonce 4 bytes): unique across the cluster. */
  shareId: string;
  miner: string;
  worker: string;
  jobId: string;
  templateId: string;
  height: number;
  /** The reserved bytes written into the template for this job (hex). */
  reserved: string;
  /** The 4 nonce bytes as the miner sent them (hex). */
  nonce: string;
  scheme: RewardScheme;
}

/** shares.validate.v1 request: gateway → validator (queue group). */
export interface ValidateRequest extends ShareIdentity {
  /** The job's hashing blob with the nonce in place (hex). */
  hashingBlob: string;
  seedHash: string;
  /** The miner's claimed RandomX result (hex, lower case). */
  result: string;
  /** The difficulty the job asked for. */
  jobDifficulty: number;
  /** 128-bit network difficulty, decimal. */
  networkDifficulty: string;
  /** ms since epoch when the gateway received the submit. */
  receivedAt: number;
}

/**
 * Why a validator refused a share. The keys are spelled like the stratum rejection keys
 * (packages/stratum rejections.ts, snake_case): one name from the validator to the miner's
 * error and the gateway's metric label.
 */
export const REJECT_REASONS = [
  'hash_mismatch',
  'low_difficulty',
  'unknown_seed',
  'busy',
  'bad_request',
] as const;
export type ValidateRejectReason = (typeof REJECT_REASONS)[number];

/**
 * shares.validate.v1 reply. `hashMicros`, when present: the validator's RandomX time for
 * this share (waiting for a hashing thread included), so latency can be told apart from it.
 */
export type ValidateReply =
  | { ok: true; shareId: string; blockCandidate: boolean; hashDifficulty: string; hashMicros?: number }
  | { ok: false; shareId: string; reason: ValidateRejectReason; message: string };

/** shares.accepted.v1 (stream SHARES): validator → accounting. Nats-Msg-Id = shareId. */
export interface AcceptedShare extends ShareIdentity {
  jobDifficulty: number;
  /** Difficulty the hash actually reached (decimal, may exceed 2^64). */
  hashDifficulty: string;
  networkDifficulty: string;
  blockCandidate: boolean;
  /** Hash result (hex); the miner's claimed result when `verified` is false. */
  hash: string;
  acceptedAt: number;
  /**
   * false: accepted on trust (sampled trust), not hashed; absent means true, and a
   * verified share leaves it out. Such a share may be voided later (SharesVoided).
   */
  verified?: boolean;
}

/** blocks.candidate.v1 (stream BLOCKS): validator → job-manager. */
export interface BlockCandidate {
  candidateId: string;
  templateId: string;
  height: number;
  reserved: string;
  nonce: string;
  powHash: string;
  miner: string;
  worker: string;
  networkDifficulty: string;
  foundAt: number;
}

const V = 'ValidateRequest';
const A = 'AcceptedShare';
const C = 'BlockCandidate';

// Hoisted: a regex literal inside a per-share function costs more than the check itself.
const SHARE_ID = SHARE_ID_PATTERN;
const MINER = /^[1-9A-HJ-NP-Za-km-z]{95,106}$/;
const WORKER = /^.{0,64}$/;
const JOB_ID = /^.{1,64}$/;
const TEMPLATE_ID = /^[\w.-]{1,64}$/;
const HASHING_BLOB = /^(?:[0-9a-f]{2}){43,400}$/;

function decodeIdentity(s: string, o: Record<string, unknown>): ShareIdentity {
  return {
    shareId: str(s, o, 'shareId', SHARE_ID),
    miner: str(s, o, 'miner', MINER),
    worker: str(s, o, 'worker', WORKER),
    jobId: str(s, o, 'jobId', JOB_ID),
    templateId: str(s, o, 'templateId', TEMPLATE_ID),
    height: int(s, o, 'height'),
    reserved: str(s, o, 'reserved', HEX),
    nonce: str(s, o, 'nonce', NONCE_HEX),
    scheme: oneOf(s, o, 'scheme', REWARD_SCHEMES),
  };
}

// The per-share decoders add their fields to the identity object in place: an object
// spread (`{ ...identity, … }`) made each call about ten times slower in V8.
export function decodeValidateRequest(value: unknown): ValidateRequest {
  const o = asObject(V, value);
  const r = decodeIdentity(V, o) as ValidateRequest;
  r.hashingBlob = str(V, o, 'hashingBlob', HASHING_BLOB);
  r.seedHash = str(V, o, 'seedHash', HASH_HEX);
  r.result = str(V, o, 'result', HASH_HEX);
  r.jobDifficulty = int(V, o, 'jobDifficulty', 1);
  r.networkDifficulty = str(V, o, 'networkDifficulty', DECIMAL);
  r.receivedAt = int(V, o, 'receivedAt');
  return r;
}

export function decodeValidateReply(value: unknown): ValidateReply {
  const o = asObject('ValidateReply', value);
  const shareId = str('ValidateReply', o, 'shareId');
  if (bool('ValidateReply', o, 'ok')) {
    const reply: ValidateReply = {
      ok: true,
      shareId,
      blockCandidate: bool('ValidateReply', o, 'blockCandidate'),
      hashDifficulty: str('ValidateReply', o, 'hashDifficulty', DECIMAL),
    };
    if (o.hashMicros !== undefined) reply.hashMicros = int('ValidateReply', o, 'hashMicros');
    return reply;
  }
  return {
    ok: false,
    shareId,
    reason: oneOf('ValidateReply', o, 'reason', REJECT_REASONS),
    message: str('ValidateReply', o, 'message'),
  };
}

export function decodeAcceptedShare(value: unknown): AcceptedShare {
  const o = asObject(A, value);
  const r = decodeIdentity(A, o) as AcceptedShare;
  r.jobDifficulty = int(A, o, 'jobDifficulty', 1);
  r.hashDifficulty = str(A, o, 'hashDifficulty', DECIMAL);
  r.networkDifficulty = str(A, o, 'networkDifficulty', DECIMAL);
  r.blockCandidate = bool(A, o, 'blockCandidate');
  r.hash = str(A, o, 'hash', HASH_HEX);
  r.acceptedAt = int(A, o, 'acceptedAt');
  // Left absent when absent (every verified share, validators before sampled trust): it means true.
  if (o.verified !== undefined) r.verified = bool(A, o, 'verified');
  return r;
}

/** Whether the validator hashed the share: `verified` absent means it did. */
export function shareVerified(share: Pick<AcceptedShare, 'verified'>): boolean {
  return share.verified !== false;
}

export function decodeBlockCandidate(value: unknown): BlockCandidate {
  const o = asObject(C, value);
  return {
    candidateId: str(C, o, 'candidateId', /^[0-9a-f]{24}$/),
    templateId: str(C, o, 'templateId', /^[\w.-]{1,64}$/),
    height: int(C, o, 'height'),
    reserved: str(C, o, 'reserved', HEX),
    nonce: str(C, o, 'nonce', NONCE_HEX),
    powHash: str(C, o, 'powHash', HASH_HEX),
    miner: str(C, o, 'miner'),
    worker: optStr(C, o, 'worker') ?? '',
    networkDifficulty: str(C, o, 'networkDifficulty', DECIMAL),
    foundAt: int(C, o, 'foundAt'),
  };
}

/**
 * shares.voided.v1 (stream SHARES): validator → accounting. The shares a miner had
 * accepted on trust since its last verified share, when one of its sampled shares
 * proved bad. Nats-Msg-Id = `void-<bad share id>` from the replica that caught it;
 * every other replica holding such shares of the miner publishes its own list with
 * `void-<bad share id>-<replica id>`.
 */
export interface SharesVoided {
  miner: string;
  /** Why, e.g. `hash_mismatch on share <id>`. */
  reason: string;
  shareIds: string[];
  detectedAt: number;
}

/** validator.trust.revoked.v1 (core NATS): validator → every validator replica. */
export interface TrustRevoked {
  miner: string;
  /** The bad share that ended the trust. */
  shareId: string;
  reason: string;
  /** The replica that caught it (its own message is not applied twice). */
  replica: string;
  revokedAt: number;
}

const SV = 'SharesVoided';
const TR = 'TrustRevoked';

export function decodeSharesVoided(value: unknown): SharesVoided {
  const o = asObject(SV, value);
  const ids = o.shareIds;
  if (!Array.isArray(ids)) throw new MessageError(SV, 'shareIds', 'must be an array');
  const shareIds = ids.map((id: unknown, i) => {
    if (typeof id !== 'string' || !SHARE_ID.test(id))
      throw new MessageError(SV, `shareIds[${i}]`, `must match ${SHARE_ID}`);
    return id;
  });
  return {
    miner: str(SV, o, 'miner', MINER),
    reason: str(SV, o, 'reason'),
    shareIds,
    detectedAt: int(SV, o, 'detectedAt'),
  };
}

export function decodeTrustRevoked(value: unknown): TrustRevoked {
  const o = asObject(TR, value);
  return {
    miner: str(TR, o, 'miner', MINER),
    shareId: str(TR, o, 'shareId', SHARE_ID),
    reason: str(TR, o, 'reason'),
    replica: str(TR, o, 'replica', /^[\w-]{1,64}$/),
    revokedAt: int(TR, o, 'revokedAt'),
  };
}
