import type { EnvReader } from '@rxpool/config';
import type { DigestCredentials } from '@rxpool/http-digest';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';

export interface PayoutConfig {
  enabled: boolean;
  /** Atomic units; a balance at or above it is paid. */
  threshold: bigint;
  intervalMs: number;
  maxDestinations: number;
  /** Depth at which a payment counts as confirmed. */
  confirmations: number;
  walletRpcUrl: string;
  walletLogin: DigestCredentials | undefined;
  walletTimeoutMs: number;
}

export function readPayoutConfig(env: EnvReader): PayoutConfig {
  const walletRpcUrl = env.url('WALLET_RPC_URL', '', ['http', 'https']);
  const enabled = env.bool('PAYOUTS_ENABLED', walletRpcUrl !== '');
  env.check('WALLET_RPC_URL', !enabled || walletRpcUrl !== '', 'is required when PAYOUTS_ENABLED is true');
  const thresholdText = env.string('PAYOUT_THRESHOLD', String(XMR / 10n));
  let threshold = XMR / 10n;
  if (/^\d{1,20}$/.test(thresholdText) && BigInt(thresholdText) >= 100_000_000n)
    threshold = BigInt(thresholdText);
  else
    env.check(
      'PAYOUT_THRESHOLD',
      false,
      'must be atomic units ≥ 100000000 (0.0001 XMR, above any fee share)',
    );
  const login = env.optionalString('WALLET_RPC_LOGIN');
  let walletLogin: DigestCredentials | undefined;
  if (login !== undefined) {
    const at = login.indexOf(':');
    env.check('WALLET_RPC_LOGIN', at > 0, 'must be user:password');
    if (at > 0) walletLogin = { user: login.slice(0, at), password: login.slice(at + 1) };
  }
  return {
    enabled,
    threshold,
    intervalMs: env.int('PAYOUT_INTERVAL_MS', 600_000, { min: 100 }),
    maxDestinations: env.int('PAYOUT_MAX_DESTINATIONS', 15, { min: 1, max: 15 }),
    confirmations: env.int('PAYOUT_CONFIRMATIONS', 10, { min: 1, max: 1000 }),
    walletRpcUrl,
    walletLogin,
    walletTimeoutMs: env.int('WALLET_RPC_TIMEOUT_MS', 60_000, { min: 500 }),
  };
}
