import { type CommonConfig, type EnvReader, readCommonConfig } from '@rxpool/config';
import {
  type FeeRecipient,
  parseFeeRecipients,
  parseRatio,
  percentToBasisPoints,
  type Ratio,
  RewardError,
} from '@rxpool/rewards';
import { type AdminConfig, readAdminConfig } from './admin/admin-config.js';
import { type PayoutConfig, readPayoutConfig } from './payouts/payout-config.js';

export const DEFAULT_HEALTH_PORT = 9104;

export interface RewardPolicy {
  /** PPLNS window = k × network difficulty (share-difficulty units). */
  pplnsK: Ratio;
  feeBasisPoints: number;
  feeRecipients: FeeRecipient[];
  /** Receives PPS blocks' rewards (PPS_REWARD_ADDRESS); without it the fee recipients do. */
  ppsRewardAccount?: string | undefined;
}

export interface AccountingConfig {
  common: CommonConfig;
  databaseUrl: string;
  /** A read replica for the admin API's queries; unset = the primary. */
  databaseReadUrl: string | undefined;
  dbPoolSize: number;
  /** How long the database may take to answer at start before the process stops. */
  dbStartupTimeoutMs: number;
  rewards: RewardPolicy;
  ingest: {
    batchSize: number;
    batchWaitMs: number;
    /** Parallel insert transactions (each its own connection). */
    connections: number;
    ackWaitMs: number;
  };
  blocks: {
    unlockDepth: number;
    /** A block is orphaned once the main chain's block at its height is this deep (monerod's depth). */
    orphanDepth: number;
    unlockIntervalMs: number;
    /** How late a share accepted before a block's finding share may still reach the share stream. */
    ingestGraceMs: number;
    chainHeaderTimeoutMs: number;
  };
  retention: {
    rollupIntervalMs: number;
    /** The rollup watermark trails the newest share by this much. */
    rollupLagMs: number;
    pruneIntervalMs: number;
    /** Raw shares are kept for this many PPLNS windows back. */
    pruneWindows: Ratio;
    /** …and never less than this. */
    minShareRetentionMs: number;
    minuteRetentionMs: number;
  };
  payouts: PayoutConfig;
  admin: AdminConfig;
}

/** Reads and checks every setting; a bad value is reported by name (see @rxpool/config). */
export function readAccountingConfig(env: EnvReader): AccountingConfig {
  const common = readCommonConfig(env, 'accounting', DEFAULT_HEALTH_PORT);
  const config = readSettings(env, common);
  const { orphanDepth, unlockDepth } = config.blocks;
  env.check('ORPHAN_DEPTH', orphanDepth <= unlockDepth, 'must not exceed UNLOCK_DEPTH');
  return config;
}

function readSettings(env: EnvReader, common: CommonConfig): AccountingConfig {
  return {
    common,
    databaseUrl: env.url('DATABASE_URL', undefined, ['postgres', 'postgresql']),
    databaseReadUrl: env.url('DATABASE_READ_URL', '', ['postgres', 'postgresql']) || undefined,
    dbPoolSize: env.int('DB_POOL_SIZE', 10, { min: 3, max: 200 }),
    dbStartupTimeoutMs: env.int('DB_STARTUP_TIMEOUT_MS', 20_000, { min: 1_000 }),
    rewards: readRewardPolicy(env),
    ingest: {
      batchSize: env.int('SHARE_BATCH_SIZE', 1000, { min: 1, max: 10_000 }),
      batchWaitMs: env.int('SHARE_BATCH_WAIT_MS', 25, { min: 1, max: 10_000 }),
      connections: env.int('SHARE_INSERT_CONNECTIONS', 2, { min: 1, max: 16 }),
      ackWaitMs: env.int('SHARE_ACK_WAIT_MS', 120_000, { min: 5_000 }),
    },
    blocks: {
      unlockDepth: env.int('UNLOCK_DEPTH', 60, { min: 1, max: 10_000 }),
      orphanDepth: env.int('ORPHAN_DEPTH', 10, { min: 1, max: 10_000 }),
      unlockIntervalMs: env.int('UNLOCK_INTERVAL_MS', 20_000, { min: 100 }),
      ingestGraceMs: env.int('SPLIT_INGEST_GRACE_MS', 15_000, { min: 0, max: 3_600_000 }),
      chainHeaderTimeoutMs: env.int('CHAIN_HEADER_TIMEOUT_MS', 5_000, { min: 100 }),
    },
    retention: {
      rollupIntervalMs: env.int('ROLLUP_INTERVAL_MS', 5_000, { min: 100 }),
      rollupLagMs: env.int('ROLLUP_LAG_MS', 30_000, { min: 0 }),
      pruneIntervalMs: env.int('PRUNE_INTERVAL_MS', 300_000, { min: 1_000 }),
      pruneWindows: ratio(env, 'PRUNE_WINDOWS', '2'),
      minShareRetentionMs: env.int('SHARE_MIN_RETENTION_MS', 6 * 3600_000, { min: 0 }),
      minuteRetentionMs: env.int('MINUTE_RETENTION_MS', 30 * 24 * 3600_000, { min: 25 * 3600_000 }),
    },
    payouts: readPayoutConfig(env),
    admin: readAdminConfig(env),
  };
}

function readRewardPolicy(env: EnvReader): RewardPolicy {
  const pplnsK = ratio(env, 'PPLNS_K', '2');
  let feeBasisPoints = 0;
  const bps = env.optionalString('POOL_FEE_BASIS_POINTS');
  const percent = env.optionalString('POOL_FEE_PERCENT');
  if (bps !== undefined) {
    feeBasisPoints = env.int('POOL_FEE_BASIS_POINTS', 0, { min: 0, max: 10_000 });
    env.check(
      'POOL_FEE_PERCENT',
      percent === undefined,
      'must not be set together with POOL_FEE_BASIS_POINTS',
    );
  } else if (percent !== undefined) {
    try {
      feeBasisPoints = percentToBasisPoints(percent, 'POOL_FEE_PERCENT');
    } catch (err) {
      env.check('POOL_FEE_PERCENT', false, (err as Error).message.replace(/^POOL_FEE_PERCENT /, ''));
    }
  }
  let feeRecipients: FeeRecipient[] = [];
  try {
    feeRecipients = parseFeeRecipients(env.string('FEE_ADDRESSES', ''));
  } catch (err) {
    env.check(
      'FEE_ADDRESSES',
      false,
      (err as RewardError).message.replace(/^fee recipient/, 'has a recipient'),
    );
  }
  env.check(
    'FEE_ADDRESSES',
    feeBasisPoints === 0 || feeRecipients.length > 0,
    'is required when the pool fee is above 0',
  );
  const ppsRewardAccount = env.optionalString('PPS_REWARD_ADDRESS');
  if (ppsRewardAccount !== undefined) {
    let one = false;
    try {
      const parsed = parseFeeRecipients(ppsRewardAccount);
      one = parsed.length === 1 && parsed[0]?.account === ppsRewardAccount;
    } catch {
      one = false;
    }
    env.check('PPS_REWARD_ADDRESS', one, 'must be one Monero address');
  }
  return { pplnsK, feeBasisPoints, feeRecipients, ppsRewardAccount };
}

function ratio(env: EnvReader, name: string, fallback: string): Ratio {
  const raw = env.string(name, fallback);
  try {
    return parseRatio(raw, name);
  } catch (err) {
    env.check(name, false, (err as Error).message.replace(`${name} `, ''));
    return parseRatio(fallback);
  }
}
