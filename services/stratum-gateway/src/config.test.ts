import { ConfigError, loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { readGatewayConfig } from './config.js';

const ADDR = `4${'A'.repeat(94)}`;

describe('gateway config: reward schemes', () => {
  it('offers PPLNS and SOLO by default', () => {
    const c = loadConfig(readGatewayConfig, {});
    expect(c.schemes).toEqual(['pplns', 'solo']);
    expect(c.defaultScheme).toBe('pplns');
  });

  it('offers PPS only with the account that receives PPS block rewards', () => {
    expect(() => loadConfig(readGatewayConfig, { STRATUM_SCHEMES: 'pplns,pps' })).toThrow(ConfigError);
    expect(() => loadConfig(readGatewayConfig, { STRATUM_SCHEMES: 'pplns,pps' })).toThrow(
      /PPS_REWARD_ADDRESS is required when STRATUM_SCHEMES offers pps/,
    );
    const c = loadConfig(readGatewayConfig, { STRATUM_SCHEMES: 'pplns,pps', PPS_REWARD_ADDRESS: ADDR });
    expect(c.schemes).toEqual(['pplns', 'pps']);
  });

  it('refuses a default scheme it does not offer, and unknown schemes', () => {
    expect(() => loadConfig(readGatewayConfig, { STRATUM_DEFAULT_SCHEME: 'pps' })).toThrow(
      /STRATUM_DEFAULT_SCHEME must be one of STRATUM_SCHEMES/,
    );
    expect(() => loadConfig(readGatewayConfig, { STRATUM_SCHEMES: 'pplns,prop' })).toThrow(
      /STRATUM_SCHEMES has unknown scheme "prop"/,
    );
  });
});
