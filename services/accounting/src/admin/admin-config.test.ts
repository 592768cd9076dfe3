import { ConfigError, loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { readPayoutConfig } from '../payouts/payout-config.js';
import { readAdminConfig } from './admin-config.js';

const TOKEN = 'a'.repeat(32);

describe('admin and payout config', () => {
  it('serves the admin API when a token is set, on port 50051 by default', () => {
    expect(loadConfig(readAdminConfig, {}).enabled).toBe(false);
    const c = loadConfig(readAdminConfig, { ADMIN_TOKEN: TOKEN });
    expect(c).toMatchObject({ enabled: true, port: 50051, token: TOKEN, tls: undefined });
    expect(loadConfig(readAdminConfig, { ADMIN_TOKEN: TOKEN, ADMIN_GRPC_ENABLED: 'false' }).enabled).toBe(
      false,
    );
  });

  it('refuses an admin port without a token, a short token, half a TLS pair', () => {
    expect(() => loadConfig(readAdminConfig, { ADMIN_GRPC_PORT: '50051' })).toThrow(
      /ADMIN_TOKEN is required/,
    );
    expect(() => loadConfig(readAdminConfig, { ADMIN_TOKEN: 'short' })).toThrow(/at least 16 characters/);
    expect(() =>
      loadConfig(readAdminConfig, { ADMIN_TOKEN: TOKEN, ADMIN_TLS_CERT: '/nonexistent.pem' }),
    ).toThrow(ConfigError);
  });

  it('reads payouts: off without a wallet, threshold in atomic units, at most 15 destinations', () => {
    expect(loadConfig(readPayoutConfig, {}).enabled).toBe(false);
    const c = loadConfig(readPayoutConfig, {
      WALLET_RPC_URL: 'http://127.0.0.1:18083',
      PAYOUT_THRESHOLD: '250000000000',
      WALLET_RPC_LOGIN: 'pool:se:cret',
    });
    expect(c).toMatchObject({ enabled: true, threshold: 250_000_000_000n, maxDestinations: 15 });
    expect(c.walletLogin).toEqual({ user: 'pool', password: 'se:cret' });
    expect(() => loadConfig(readPayoutConfig, { PAYOUTS_ENABLED: 'true' })).toThrow(
      /WALLET_RPC_URL is required/,
    );
    expect(() => loadConfig(readPayoutConfig, { PAYOUT_MAX_DESTINATIONS: '16' })).toThrow(/≤ 15/);
    expect(() => loadConfig(readPayoutConfig, { PAYOUT_THRESHOLD: '1.5' })).toThrow(/PAYOUT_THRESHOLD/);
  });
});
