import type { RequestId } from './errors.js';
import type { StratumMethods } from './methods.js';

export interface LoginParams {
  login: string;
  /** Empty when the miner sent none. */
  pass: string;
  /** Empty when the miner sent none. */
  agent: string;
  /** XMRig's `rig-id`, sent only when configured. */
  rigid?: string;
  /** Every algorithm the miner has enabled (XMRig). */
  algo?: string[];
  /** `self-select` when XMRig wants to build its own templates. */
  mode?: string;
}

export interface SubmitParams {
  /** The session id the login reply handed out. */
  id: string;
  job_id: string;
  /** 8 lower-case hex characters: the 4 nonce bytes as they sit in the blob at offset 39. */
  nonce: string;
  /** 64 lower-case hex characters: the 32-byte proof-of-work hash. */
  result: string;
  /** Sent by XMRig when the `algo` extension is on. */
  algo?: string;
}

export interface SessionParams {
  id: string;
}

export type LoginRequest = { method: typeof StratumMethods.Login; id: RequestId; params: LoginParams };
export type SubmitRequest = { method: typeof StratumMethods.Submit; id: RequestId; params: SubmitParams };
export type GetJobRequest = { method: typeof StratumMethods.GetJob; id: RequestId; params: SessionParams };
export type KeepalivedRequest = {
  method: typeof StratumMethods.Keepalived;
  id: RequestId;
  params: SessionParams;
};

export type StratumRequest = LoginRequest | SubmitRequest | GetJobRequest | KeepalivedRequest;
