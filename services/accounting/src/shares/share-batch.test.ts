import { describe, expect, it } from 'vitest';
import { TemplateRewardBook } from '../rewards/network-reward-source.js';
import { acceptedShare, address, shareId } from '../testing/fixtures.js';
import { checkColumns, hasPpsOrCandidates, toColumns } from './share-batch.js';

describe('share batch columns', () => {
  const a = acceptedShare({
    shareId: shareId(1, 2, 3),
    miner: address(1),
    worker: 'rig',
    acceptedAt: 10,
    jobDifficulty: 7,
  });
  const b = acceptedShare({
    shareId: shareId(1, 3, 4),
    miner: address(2),
    worker: '',
    scheme: 'pps',
    blockCandidate: true,
  });
  const ids = [5, 6];

  it('joins each column and lists block candidates', () => {
    const c = toColumns([a, b], ids);
    expect(c.ids).toBe(`${a.shareId},${b.shareId}`);
    expect(c.workerIds).toBe('5,6');
    expect(c.acceptedAt.startsWith('10,')).toBe(true);
    expect(c.jobDifficulty.startsWith('7,')).toBe(true);
    expect(c.schemes).toBe('pplns,pps');
    expect(c.candidates).toBe(b.shareId);
    expect(hasPpsOrCandidates([a])).toBe(false);
    expect(hasPpsOrCandidates([a, b])).toBe(true);
  });

  it('passes only hex, digits and words: anything else is refused', () => {
    const c = toColumns([a], ids);
    expect(checkColumns(c).ids).toBe(a.shareId);
    expect(() => checkColumns({ ...c, ids: "aa','bb" })).toThrow(/ids has unexpected characters/);
    expect(() => checkColumns({ ...c, schemes: 'pplns;drop' })).toThrow(/schemes/);
    expect(() => checkColumns({ ...c, acceptedAt: '1e3' })).toThrow(/acceptedAt/);
  });

  it('refuses a batch whose worker was not resolved', () => {
    expect(() => toColumns([a], [])).toThrow(/not resolved/);
    expect(() => toColumns([a], new Int32Array(1))).toThrow(/not resolved/);
  });
});

describe('TemplateRewardBook', () => {
  it('answers by height, else with the newest reward, else not at all', () => {
    const book = new TemplateRewardBook(2);
    expect(book.rewardFor(5)).toBeUndefined();
    book.record(5, 100n);
    book.record(6, 90n);
    book.record(7, 80n);
    expect(book.rewardFor(6)).toBe(90n);
    expect(book.rewardFor(5)).toBe(80n); // forgotten: the newest stands in
    expect(book.rewardFor(99)).toBe(80n);
  });
});
