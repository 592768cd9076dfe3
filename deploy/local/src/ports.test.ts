import { describe, expect, it } from 'vitest';
import { parseOptions } from './options.js';
import { poolPorts } from './ports.js';

const ports = (argv: string[]) => {
  const o = parseOptions(argv, {}, '/repo');
  if (o === 'help') throw new Error('unexpected help');
  return poolPorts(o);
};

describe('pool ports', () => {
  it('checks three ports per node of a NATS cluster, from --nats-port up, none shared', () => {
    const nats = ports(['--nats-cluster', '3']).filter((p) => p.what.startsWith('nats-server'));
    expect(nats.map((p) => p.port)).toEqual([14222, 14223, 14224, 14225, 14226, 14227, 14228, 14229, 14230]);
    expect(nats.every((p) => p.option === '--nats-port')).toBe(true);
    const all = ports(['--nats-cluster', '3']).map((p) => p.port);
    expect(new Set(all).size).toBe(all.length);
    expect(ports([]).filter((p) => p.what.startsWith('nats-server'))).toEqual([
      { port: 14222, what: 'nats-server', option: '--nats-port' },
    ]);
  });
});
