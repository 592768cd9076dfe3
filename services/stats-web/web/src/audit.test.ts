import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MinerBlockView, SplitView } from '../../src/api/schema/api-schema.js';
import { checkSplit, sha256Hex } from './audit.js';

const TEXT =
  'rxpool-split-v1\nblock 9 aa\nscheme pplns\nreward 100\nfee 0 0\nminer 4me 30 30\nminer 4you 70 70\n';
const DIGEST = createHash('sha256').update(TEXT).digest('hex');
const split = { digest: DIGEST, digestVerified: true, canonicalText: TEXT, entries: [{}, {}] } as SplitView;
const block = { digest: DIGEST, weight: '30', amount: '30' } as MinerBlockView;

describe('block share audit', () => {
  it('hashes like the pool does', async () => {
    expect(await sha256Hex(TEXT)).toBe(DIGEST);
  });

  it('accepts a split whose text, digest and line all agree', () => {
    expect(checkSplit(split, block, '4me', DIGEST)).toEqual({
      ok: true,
      detail: '2 entries, sha256 checked in this browser',
    });
    expect(checkSplit(split, block, '4me', undefined).detail).toContain('checked by the pool');
  });

  it('names what does not agree', () => {
    expect(checkSplit(split, { ...block, digest: 'x' }, '4me', DIGEST).detail).toBe(
      'the split has another digest',
    );
    expect(checkSplit({ ...split, digestVerified: false }, block, '4me', DIGEST).ok).toBe(false);
    expect(checkSplit(split, block, '4me', 'f'.repeat(64)).detail).toBe(
      'the split text does not hash to its digest here',
    );
    expect(checkSplit(split, { ...block, amount: '31' }, '4me', DIGEST).detail).toBe(
      'your line is not in the split',
    );
    expect(checkSplit(split, block, '4other', DIGEST).ok).toBe(false);
  });
});
