import { describe, expect, it } from 'vitest';
import { firstJobAbove, type MinerJobs, nextJobDelays, rivalTiming } from './job-delays.js';

const alice: MinerJobs = {
  name: 'alice',
  jobs: [
    { at: 100, height: 10 },
    { at: 900, height: 10 }, // a new job at the same height (vardiff): not the next height
    { at: 1_250, height: 11 },
    { at: 3_000, height: 12 },
  ],
};
const bob: MinerJobs = {
  name: 'bob',
  jobs: [
    { at: 120, height: 10 },
    { at: 1_400, height: 11 },
  ],
};

describe('job delays after a block', () => {
  it('finds the first job above a height received after a time', () => {
    expect(firstJobAbove(alice, 10, 1_000)).toBe(1_250);
    expect(firstJobAbove(alice, 10, 2_000)).toBe(3_000);
    expect(firstJobAbove(bob, 11, 0)).toBeUndefined();
  });

  it('is the slowest miner’s delay per block (undefined if one never got the next height), and monerod’s part', () => {
    const blocks = [
      { height: 10, foundAt: 1_000, submittedAt: 1_200, worker: 'bob' },
      { height: 11, foundAt: 2_900, submittedAt: 2_950, worker: 'alice' },
    ];
    expect(nextJobDelays(blocks, [alice, bob])).toEqual([
      { toAnswer: 200, toMiners: 400 },
      { toAnswer: 50, toMiners: undefined },
    ]);
    expect(nextJobDelays(blocks, [alice])).toEqual([
      { toAnswer: 200, toMiners: 250 },
      { toAnswer: 50, toMiners: 100 },
    ]);
  });

  it('tells a rival found before its finder had the next job from one found after', () => {
    const winner = { height: 10, foundAt: 1_000, submittedAt: 1_100, worker: 'alice' };
    expect(
      rivalTiming(winner, { height: 10, foundAt: 1_300, submittedAt: 1_400, worker: 'bob' }, [alice, bob]),
    ).toEqual({
      afterWinnerMs: 300,
      finderHadNextJob: false,
    });
    expect(
      rivalTiming(winner, { height: 10, foundAt: 1_500, submittedAt: 1_600, worker: 'bob' }, [alice, bob]),
    ).toEqual({
      afterWinnerMs: 500,
      finderHadNextJob: true,
    });
    expect(
      rivalTiming(winner, { height: 10, foundAt: 1_500, submittedAt: 1_600, worker: 'nobody' }, [alice, bob])
        .finderHadNextJob,
    ).toBe(false);
  });
});
