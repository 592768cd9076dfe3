import { type CommonConfig, type EnvReader, readCommonConfig } from '@rxpool/config';
import { isValidAddress } from '@rxpool/cryptonote';
import { RESERVED_BYTES } from '@rxpool/share-id';

/** Bytes asked of get_block_template: gateway instance id (4) ‖ job counter (4) ‖ proxy space (8). */
export const RESERVE_SIZE = RESERVED_BYTES;

export interface MonerodLogin {
  user: string;
  password: string;
}

export interface JobManagerConfig {
  common: CommonConfig;
  /** monerod RPC base URLs (http://host:port), highest priority first. */
  monerodUrls: string[];
  monerodLogin: MonerodLogin | undefined;
  /** monerod's ZMQ publisher (tcp://…); undefined = polling only. */
  zmqUrl: string | undefined;
  walletAddress: string;
  reserveSize: number;
  /** Fetch a fresh template this often to pick up new transactions. */
  templateRefreshMs: number;
  /** get_info polling: the fallback when ZMQ is absent or silent, and the health probe. */
  pollIntervalMs: number;
  /** One JSON-RPC attempt is abandoned after this long. */
  rpcTimeoutMs: number;
  /** Attempts per call over all daemons before a call fails. */
  rpcAttempts: number;
  leaderLeaseTtlMs: number;
  /** Alarm when monerod's height moved and no template followed for this long. */
  stuckTemplateMs: number;
  /** Templates kept by id for rebuilding blocks. */
  templateHistory: number;
}

export function readJobManagerConfig(env: EnvReader): JobManagerConfig {
  const common = readCommonConfig(env, 'job-manager', 9103);
  const monerodUrls = env.url('MONEROD_URLS', 'http://127.0.0.1:18081', ['http', 'https']);
  const login = env.optionalString('MONEROD_RPC_LOGIN');
  const colon = login?.indexOf(':') ?? -1;
  if (login !== undefined) env.check('MONEROD_RPC_LOGIN', colon > 0, 'must be user:password');
  const zmqUrl = env.optionalString('MONEROD_ZMQ_URL');
  if (zmqUrl !== undefined) env.url('MONEROD_ZMQ_URL', undefined, ['tcp', 'ipc']);
  const walletAddress = env.string('POOL_WALLET_ADDRESS');
  if (walletAddress !== '') {
    env.check(
      'POOL_WALLET_ADDRESS',
      isValidAddress(walletAddress, common.network),
      `is not a valid ${common.network} Monero address`,
    );
  }
  const leaderLeaseTtlMs = env.int('LEADER_LEASE_TTL_MS', 6_000, { min: 1_000, max: 600_000 });
  return {
    common,
    monerodUrls: monerodUrls
      .split(',')
      .map((s) => s.trim().replace(/\/+$/, ''))
      .filter((s) => s !== ''),
    monerodLogin:
      login !== undefined && colon > 0
        ? { user: login.slice(0, colon), password: login.slice(colon + 1) }
        : undefined,
    zmqUrl,
    walletAddress,
    reserveSize: RESERVE_SIZE,
    templateRefreshMs: env.int('TEMPLATE_REFRESH_MS', 10_000, { min: 500 }),
    pollIntervalMs: env.int('POLL_INTERVAL_MS', 1_000, { min: 50 }),
    rpcTimeoutMs: env.int('MONEROD_RPC_TIMEOUT_MS', 10_000, { min: 100 }),
    rpcAttempts: env.int('MONEROD_RPC_ATTEMPTS', 3, { min: 1, max: 20 }),
    leaderLeaseTtlMs,
    stuckTemplateMs: env.int('STUCK_TEMPLATE_MS', 30_000, { min: 1_000 }),
    templateHistory: env.int('TEMPLATE_HISTORY', 256, { min: 8, max: 10_000 }),
  };
}
