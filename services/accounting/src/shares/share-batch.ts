import type { AcceptedShare } from '@rxpool/messages';

/**
 * A batch of accepted shares as the insert statement takes them: one
 * comma-joined text per column (cheaper to send than pg's array literals).
 */
export interface ShareColumns {
  ids: string;
  acceptedAt: string;
  jobDifficulty: string;
  workerIds: string;
  heights: string;
  schemes: string;
  /** Ids of block-candidate shares, comma-joined ('' if none). */
  candidates: string;
}

const HEX_LIST = /^[0-9a-f]*(?:,[0-9a-f]+)*$/;
const INT_LIST = /^-?\d*(?:,-?\d+)*$/;
const WORD_LIST = /^[a-z]*(?:,[a-z]+)*$/;

/**
 * Refuses columns holding anything but hex, digits or words and commas: a
 * value with a comma of its own would shift every later row of its column.
 */
export function checkColumns(c: ShareColumns): ShareColumns {
  const check = (text: string, pattern: RegExp, name: string) => {
    if (!pattern.test(text)) throw new Error(`share batch column ${name} has unexpected characters`);
  };
  check(c.ids, HEX_LIST, 'ids');
  check(c.acceptedAt, INT_LIST, 'acceptedAt');
  check(c.jobDifficulty, INT_LIST, 'jobDifficulty');
  check(c.workerIds, INT_LIST, 'workerIds');
  check(c.heights, INT_LIST, 'heights');
  check(c.schemes, WORD_LIST, 'schemes');
  check(c.candidates, HEX_LIST, 'candidates');
  return c;
}

/** `workerIds[i]` is the id of share i's worker (see WorkerCache.resolve). */
export function toColumns(shares: readonly AcceptedShare[], workerIds: ArrayLike<number>): ShareColumns {
  const ids: string[] = new Array(shares.length);
  const at: number[] = new Array(shares.length);
  const jobDifficulty: number[] = new Array(shares.length);
  const workers: number[] = new Array(shares.length);
  const heights: number[] = new Array(shares.length);
  const schemes: string[] = new Array(shares.length);
  const candidates: string[] = [];
  for (let i = 0; i < shares.length; i++) {
    const s = shares[i] as AcceptedShare;
    const id = workerIds[i];
    if (id === undefined || id <= 0) throw new Error(`worker of share ${s.shareId} was not resolved`);
    ids[i] = s.shareId;
    at[i] = s.acceptedAt;
    jobDifficulty[i] = s.jobDifficulty;
    workers[i] = id;
    heights[i] = s.height;
    schemes[i] = s.scheme;
    if (s.blockCandidate) candidates.push(s.shareId);
  }
  return {
    ids: ids.join(','),
    acceptedAt: at.join(','),
    jobDifficulty: jobDifficulty.join(','),
    workerIds: workers.join(','),
    heights: heights.join(','),
    schemes: schemes.join(','),
    candidates: candidates.join(','),
  };
}

/** Shares that need more than the plain insert: PPS credits or a block row. */
export function hasPpsOrCandidates(shares: readonly AcceptedShare[]): boolean {
  for (const s of shares) if (s.scheme === 'pps' || s.blockCandidate) return true;
  return false;
}
