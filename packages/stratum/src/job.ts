/** A job as the pool sends it (login reply `result.job`, `job` notification, `getjob` reply). */
export interface StratumJob {
  /** Hashing blob, hex, nonce bytes 39..42 zero. */
  blob: string;
  /** Fresh for every job sent: XMRig drops the connection on a repeated identical job. */
  job_id: string;
  /** 8 hex (4-byte) or 16 hex (8-byte) little-endian target. */
  target: string;
  algo: string;
  height: number;
  /** 64 hex: the RandomX key for this block. */
  seed_hash: string;
  /** 64 hex: the next epoch's key, when known, so miners can prepare. */
  next_seed_hash?: string;
}
