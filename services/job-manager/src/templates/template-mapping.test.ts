import { describe, expect, it } from 'vitest';
import { templateVectors } from '../../../../packages/cryptonote/src/testing/vectors.js';
import { assembleBlock } from '../blocks/block-assembly.js';
import type { MonerodBlockTemplate } from '../monerod/monerod-rpc.js';
import {
  networkDifficultyOf,
  sameWork,
  TemplateMappingError,
  templateFromMonerod,
} from './template-mapping.js';

const vector = templateVectors().find((v) => v.blocktemplate_blob !== undefined);
if (!vector?.blocktemplate_blob || !vector.with_reserved_bytes) throw new Error('template vector missing');

/** The recorded mainnet get_block_template answer (height 3195018, reserve_size 60). */
const answer: MonerodBlockTemplate = {
  blocktemplate_blob: vector.blocktemplate_blob,
  difficulty: vector.difficulty as number,
  wide_difficulty: vector.wide_difficulty,
  expected_reward: 600_000_000_000,
  height: 3195018,
  prev_hash: vector.prev_hash as string,
  reserved_offset: vector.reserved_offset as number,
  seed_hash: 'e2aa0b7b55042cd48b02e395d78fa66a29815ccc1584e38db2d1f0e8485cd44f',
  next_seed_hash: '',
};

describe('templateFromMonerod', () => {
  it('turns a real get_block_template answer into a template event', () => {
    const held = templateFromMonerod(answer, '3195018-abc-1', 60, 1234);
    expect(held.event).toEqual({
      templateId: '3195018-abc-1',
      height: 3195018,
      prevHash: answer.prev_hash,
      seedHash: answer.seed_hash,
      nextSeedHash: '',
      networkDifficulty: '283305047039',
      blob: answer.blocktemplate_blob,
      reservedOffset: 131,
      reserveSize: 60,
      expectedReward: '600000000000',
      createdAt: 1234,
    });
    expect(held.prepared.height).toBe(3195018);
  });

  it('rebuilds the published block id from reserved bytes and nonce', () => {
    const held = templateFromMonerod(answer, 't', 60, 0);
    const w = vector.with_reserved_bytes as NonNullable<typeof vector.with_reserved_bytes>;
    const block = assembleBlock(held, w.write_at_reserved_offset, w.nonce_at_39);
    expect(block.hash).toBe(w.block_id);
    expect(Buffer.from(block.blob.subarray(131, 135)).toString('hex')).toBe(w.write_at_reserved_offset);
    expect(Buffer.from(block.blob.subarray(39, 43)).toString('hex')).toBe(w.nonce_at_39);
  });

  it('refuses answers that do not add up', () => {
    expect(() => templateFromMonerod({ ...answer, height: 5 }, 't', 60, 0)).toThrow(TemplateMappingError);
    expect(() => templateFromMonerod({ ...answer, prev_hash: 'zz' }, 't', 60, 0)).toThrow(/prev_hash/);
    expect(() => templateFromMonerod({ ...answer, reserved_offset: 20 }, 't', 60, 0)).toThrow(/reserved/);
    expect(() => templateFromMonerod({ ...answer, expected_reward: -1 }, 't', 60, 0)).toThrow(
      /expected_reward/,
    );
  });

  it('tells new work from the same work', () => {
    const a = templateFromMonerod(answer, 'a', 60, 0);
    const b = templateFromMonerod(answer, 'b', 60, 1);
    expect(sameWork(undefined, a)).toBe(false);
    expect(sameWork(a, b)).toBe(true);
    const richer = templateFromMonerod(
      { ...answer, expected_reward: answer.expected_reward + 1 },
      'c',
      60,
      2,
    );
    expect(sameWork(a, richer)).toBe(false);
  });
});

describe('networkDifficultyOf', () => {
  it('reads wide_difficulty as decimal text, beyond 64 bits too', () => {
    expect(networkDifficultyOf({ difficulty: 1, wide_difficulty: '0x41f64bf3ff' })).toBe('283305047039');
    expect(networkDifficultyOf({ difficulty: 0, wide_difficulty: '0x10000000000000000' })).toBe(
      '18446744073709551616',
    );
  });

  it('falls back to difficulty and difficulty_top64', () => {
    expect(networkDifficultyOf({ difficulty: 10 })).toBe('10');
    expect(networkDifficultyOf({ difficulty: 0, difficulty_top64: 1 })).toBe('18446744073709551616');
  });
});
