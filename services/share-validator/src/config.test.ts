import { loadConfig } from '@rxpool/config';
import { describe, expect, it } from 'vitest';
import { readValidatorConfig } from './config.js';

describe('validator config', () => {
  it('defaults to fast mode on every core, health on 9102', () => {
    const c = loadConfig(readValidatorConfig, { VALIDATOR_THREADS: '2' });
    expect(c.mode).toBe('fast');
    expect(c.threads).toBe(2);
    expect(c.initThreads).toBe(2);
    expect(c.batchMax).toBe(2);
    expect(c.inFlightMax).toBe(4);
    expect(c.randomxFlags).toBeUndefined();
    expect(c.hashNice).toBe(5);
    expect(c.prewarmNice).toBe(15);
    expect(c.common.healthPort).toBe(9102);
  });

  it('reads light mode, a flag override and the queue bound', () => {
    const c = loadConfig(readValidatorConfig, {
      VALIDATOR_MODE: 'light',
      RANDOMX_FLAGS: '0',
      VALIDATOR_QUEUE_MAX: '16',
    });
    expect(c.mode).toBe('light');
    expect(c.randomxFlags).toBe(0);
    expect(c.queueMax).toBe(16);
  });

  it('leaves sampled trust off unless asked, with the README defaults', () => {
    expect(loadConfig(readValidatorConfig, {}).trust).toEqual({
      enabled: false,
      after: 100,
      sampleRate: 0.05,
      maxUnverified: 100,
      maxMiners: 100_000,
    });
    const on = loadConfig(readValidatorConfig, {
      VALIDATOR_TRUST: 'on',
      VALIDATOR_TRUST_AFTER: '5',
      VALIDATOR_TRUST_SAMPLE_RATE: '0.2',
      VALIDATOR_TRUST_MAX_UNVERIFIED: '50',
      VALIDATOR_TRUST_MAX_MINERS: '10',
    }).trust;
    expect(on).toEqual({ enabled: true, after: 5, sampleRate: 0.2, maxUnverified: 50, maxMiners: 10 });
    const bad = () =>
      loadConfig(readValidatorConfig, { VALIDATOR_TRUST: 'yes', VALIDATOR_TRUST_SAMPLE_RATE: '0' });
    expect(bad).toThrow(/VALIDATOR_TRUST="yes"/);
    expect(bad).toThrow(/VALIDATOR_TRUST_SAMPLE_RATE="0"/);
  });

  it('names every bad variable', () => {
    const bad = { VALIDATOR_MODE: 'turbo', VALIDATOR_THREADS: '0', RANDOMX_FLAGS: '300' };
    const read = () => loadConfig(readValidatorConfig, bad);
    expect(read).toThrow(/VALIDATOR_MODE="turbo"/);
    expect(read).toThrow(/VALIDATOR_THREADS="0"/);
    expect(read).toThrow(/RANDOMX_FLAGS="300"/);
  });
});
