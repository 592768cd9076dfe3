import { ConfigError, loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { readAccountingConfig } from './config.js';

const ADDR = `4${'A'.repeat(94)}`;
const base = { DATABASE_URL: 'postgres://u@127.0.0.1/db' };

describe('accounting config', () => {
  it('has working defaults', () => {
    const c = loadConfig(readAccountingConfig, base);
    expect(c.common.healthPort).toBe(9104);
    expect(c.rewards.pplnsK).toEqual({ num: 2n, den: 1n });
    expect(c.rewards.feeBasisPoints).toBe(0);
    expect(c.blocks.unlockDepth).toBe(60);
    expect(c.databaseReadUrl).toBeUndefined();
  });

  it('takes an optional read replica URL, checked like DATABASE_URL', () => {
    const c = loadConfig(readAccountingConfig, { ...base, DATABASE_READ_URL: 'postgres://r@10.0.0.2/db' });
    expect(c.databaseReadUrl).toBe('postgres://r@10.0.0.2/db');
    expect(() => loadConfig(readAccountingConfig, { ...base, DATABASE_READ_URL: 'http://x' })).toThrow(
      /DATABASE_READ_URL="http:\/\/x" must use postgres:\/\//,
    );
  });

  it('reads the fee as percent or basis points, with weighted recipients', () => {
    const c = loadConfig(readAccountingConfig, {
      ...base,
      POOL_FEE_PERCENT: '0.75',
      FEE_ADDRESSES: `${ADDR}:3`,
      PPLNS_K: '1.5',
    });
    expect(c.rewards.feeBasisPoints).toBe(75);
    expect(c.rewards.feeRecipients).toEqual([{ account: ADDR, weight: 3n }]);
    expect(c.rewards.pplnsK).toEqual({ num: 15n, den: 10n });
  });

  it('reads the chain-finality settings and the PPS reward account, checked', () => {
    const c = loadConfig(readAccountingConfig, { ...base, ORPHAN_DEPTH: '4', PPS_REWARD_ADDRESS: ADDR });
    expect(c.blocks.orphanDepth).toBe(4);
    expect(c.blocks.ingestGraceMs).toBe(15_000);
    expect(c.rewards.ppsRewardAccount).toBe(ADDR);
    expect(loadConfig(readAccountingConfig, base).rewards.ppsRewardAccount).toBeUndefined();
    expect(() => loadConfig(readAccountingConfig, { ...base, ORPHAN_DEPTH: '61' })).toThrow(
      /ORPHAN_DEPTH.*must not exceed UNLOCK_DEPTH/,
    );
    expect(() => loadConfig(readAccountingConfig, { ...base, PPS_REWARD_ADDRESS: `${ADDR}:2` })).toThrow(
      /PPS_REWARD_ADDRESS.*must be one Monero address/,
    );
  });

  it('names each wrong variable on one line', () => {
    let error: unknown;
    try {
      loadConfig(readAccountingConfig, {
        DATABASE_URL: 'mysql://x',
        POOL_FEE_PERCENT: '2',
        PPLNS_K: 'two',
        UNLOCK_DEPTH: '0',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toMatch(/DATABASE_URL="mysql:\/\/x" must use postgres:\/\//);
    expect(message).toMatch(/FEE_ADDRESSES is required when the pool fee is above 0/);
    expect(message).toMatch(/PPLNS_K must be a positive decimal like 2 or 1.5, got "two"/);
    expect(message).toMatch(/UNLOCK_DEPTH="0" must be ≥ 1/);
  });
});
