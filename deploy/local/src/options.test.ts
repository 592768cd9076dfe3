import { describe, expect, it } from 'vitest';
import { OptionsError, parseOptions } from './options.js';

const parse = (argv: string[], env: NodeJS.ProcessEnv = {}) => parseOptions(argv, env, '/repo');

describe('local pool options', () => {
  it('has defaults for a laptop miner, the state folder under the working directory', () => {
    const o = parse([]);
    if (o === 'help') throw new Error('unexpected help');
    expect(o.stateDir).toBe('/repo/.local/pool');
    expect(o.stratumPort).toBe(3333);
    expect(o.adminGrpcPort).toBe(50051);
    expect(o.gateways).toBe(1);
    expect(o.postgresUrl).toBeUndefined();
    expect(o.shareDifficulty).toBeLessThan(o.blockDifficulty / 10);
  });

  it('takes flags over environment variables over defaults', () => {
    const o = parse(['--gateways', '2', '--state-dir', '/tmp/x'], {
      RXPOOL_GATEWAYS: '3',
      RXPOOL_VALIDATORS: '2',
    });
    if (o === 'help') throw new Error('unexpected help');
    expect(o.gateways).toBe(2);
    expect(o.validators).toBe(2);
    expect(o.stateDir).toBe('/tmp/x');
  });

  it('names the flag or variable of a bad number', () => {
    expect(() => parse(['--stratum-port', 'abc'])).toThrow(
      new OptionsError('--stratum-port="abc" must be a whole number'),
    );
    expect(() => parse([], { RXPOOL_NATS_PORT: '70000' })).toThrow(
      new OptionsError('RXPOOL_NATS_PORT="70000" must be a TCP port number (1-65535)'),
    );
  });

  it('rejects unknown flags, zero instances and a share difficulty at or above the block difficulty', () => {
    expect(() => parse(['--nope'])).toThrow(OptionsError);
    expect(() => parse(['--validators', '0'])).toThrow(/at least 1/);
    expect(() => parse(['--share-difficulty', '5000', '--block-difficulty', '5000'])).toThrow(
      /below the block/,
    );
  });

  it('runs one nats-server unless told a cluster of 3 to 5', () => {
    const one = parse([]);
    const three = parse(['--nats-cluster', '3'], { RXPOOL_NATS_CLUSTER: '5' });
    if (one === 'help' || three === 'help') throw new Error('unexpected help');
    expect([one.natsCluster, three.natsCluster]).toEqual([1, 3]);
    expect(() => parse(['--nats-cluster', '2'])).toThrow(/1 \(one nats-server\) or 3 to 5/);
    expect(() => parse([], { RXPOOL_NATS_CLUSTER: '6' })).toThrow(/3 to 5/);
  });

  it('answers help', () => {
    expect(parse(['--help'])).toBe('help');
  });
});
