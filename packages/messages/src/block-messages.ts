import { asObject, DECIMAL, HASH_HEX, int, oneOf, optStr, str } from './decode.js';

/**
 * blocks.submitted.v1 (stream BLOCKS): job-manager → accounting.
 * `unknown-template`: the candidate named a template the job-manager no longer holds.
 */
export const SUBMIT_STATUSES = ['accepted', 'rejected', 'unknown-template'] as const;
export type SubmitStatus = (typeof SUBMIT_STATUSES)[number];

export interface BlockSubmitted {
  candidateId: string;
  templateId: string;
  height: number;
  status: SubmitStatus;
  /** Block id when accepted. */
  blockHash?: string;
  /** monerod's reason when rejected. */
  reason?: string;
  /** Block reward in atomic units (expected_reward of the template). */
  reward: string;
  miner: string;
  worker: string;
  networkDifficulty: string;
  submittedAt: number;
}

const B = 'BlockSubmitted';

export function decodeBlockSubmitted(value: unknown): BlockSubmitted {
  const o = asObject(B, value);
  const blockHash = optStr(B, o, 'blockHash');
  if (blockHash !== undefined && !HASH_HEX.test(blockHash)) throw new Error(`${B}: blockHash must be 64 hex`);
  return {
    candidateId: str(B, o, 'candidateId'),
    templateId: str(B, o, 'templateId'),
    height: int(B, o, 'height'),
    status: oneOf(B, o, 'status', SUBMIT_STATUSES),
    blockHash,
    reason: optStr(B, o, 'reason'),
    reward: str(B, o, 'reward', DECIMAL),
    miner: str(B, o, 'miner'),
    worker: optStr(B, o, 'worker') ?? '',
    networkDifficulty: str(B, o, 'networkDifficulty', DECIMAL),
    submittedAt: int(B, o, 'submittedAt'),
  };
}

/** chain.header.v1 request: by height or by hash. */
export type ChainHeaderRequest = { height: number } | { hash: string };

export interface ChainHeader {
  height: number;
  hash: string;
  prevHash: string;
  depth: number;
  orphan: boolean;
  reward: string;
  timestamp: number;
  /** The block's network difficulty, decimal text (128-bit safe). */
  networkDifficulty: string;
}

export type ChainHeaderReply = { ok: true; header: ChainHeader } | { ok: false; error: string };

export function decodeChainHeaderRequest(value: unknown): ChainHeaderRequest {
  const o = asObject('ChainHeaderRequest', value);
  if (o.hash !== undefined) return { hash: str('ChainHeaderRequest', o, 'hash', HASH_HEX) };
  return { height: int('ChainHeaderRequest', o, 'height') };
}

export function decodeChainHeaderReply(value: unknown): ChainHeaderReply {
  const o = asObject('ChainHeaderReply', value);
  if (o.ok !== true) return { ok: false, error: str('ChainHeaderReply', o, 'error') };
  const h = asObject('ChainHeader', o.header);
  const S = 'ChainHeader';
  return {
    ok: true,
    header: {
      height: int(S, h, 'height'),
      hash: str(S, h, 'hash', HASH_HEX),
      prevHash: str(S, h, 'prevHash', HASH_HEX),
      depth: int(S, h, 'depth'),
      orphan: h.orphan === true,
      reward: str(S, h, 'reward', DECIMAL),
      timestamp: int(S, h, 'timestamp'),
      // A job-manager from before the rename sends `difficulty`.
      networkDifficulty: str(
        S,
        h,
        h.networkDifficulty === undefined ? 'difficulty' : 'networkDifficulty',
        DECIMAL,
      ),
    },
  };
}
