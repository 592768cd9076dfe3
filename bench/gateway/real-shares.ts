/**
 * Shared by the benches that submit real shares: shares for one job precomputed with
 * RandomX in this process (a difficulty-1 job takes every hash), and a pacer.
 */
import { hexToBytes } from '@rxpool/cryptonote';
import type { RandomXContext } from '@rxpool/randomx';
import type { StratumJob } from '@rxpool/stratum';
import { sleep } from './bench-support.js';

const TICK_MS = 5;

export interface RealShare {
  jobId: string;
  nonce: string;
  result: string;
}

/** `count` real shares for `job`, nonces 0, 1, 2…, hashed 16 at a time. */
export async function realShares(
  context: RandomXContext,
  job: StratumJob,
  count: number,
): Promise<RealShare[]> {
  const blob = hexToBytes(job.blob);
  const out: RealShare[] = [];
  for (let n = 0; n < count; n += 16) {
    const nonces = Array.from({ length: Math.min(16, count - n) }, (_, k) => n + k);
    const blobs = nonces.map((nonce) => {
      const b = blob.slice();
      new DataView(b.buffer, b.byteOffset).setUint32(39, nonce, true);
      return b;
    });
    const hashes = await context.hashBatch(blobs);
    nonces.forEach((nonce, k) => {
      const hex = Buffer.alloc(4);
      hex.writeUInt32LE(nonce);
      out.push({
        jobId: job.job_id,
        nonce: hex.toString('hex'),
        result: (hashes[k] as Buffer).toString('hex'),
      });
    });
  }
  return out;
}

/** Sends `count` things at `rate` per second; resolves when all have been answered. */
export async function paced(count: number, rate: number, send: (i: number) => Promise<void>): Promise<void> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  let sent = 0;
  while (sent < count) {
    const due = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
    while (sent < due) pending.push(send(sent++));
    await sleep(TICK_MS);
  }
  await Promise.all(pending);
}
