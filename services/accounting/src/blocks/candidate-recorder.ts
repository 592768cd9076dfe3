import type { AcceptedShare } from '@rxpool/messages';
import type pg from 'pg';

/**
 * A share that reached network difficulty opens a 'candidate' block row in
 * the same transaction that stores it. If blocks.submitted.v1 got there
 * first, the row exists: the share fills in what only it knows (scheme,
 * the window end) and leaves the status alone.
 */
export class CandidateRecorder {
  async record(client: pg.ClientBase, shares: readonly AcceptedShare[]): Promise<void> {
    for (const s of shares) {
      await client.query(
        `INSERT INTO blocks (candidate_id, height, status, scheme, miner, worker, network_difficulty, found_share_id, found_at)
         VALUES ($1, $2, 'candidate', $3, $4, $5, $6, decode($1, 'hex'), $7)
         ON CONFLICT (candidate_id) DO UPDATE SET
           scheme = excluded.scheme, miner = excluded.miner, worker = excluded.worker,
           found_share_id = excluded.found_share_id, found_at = excluded.found_at, updated_at = now()
         WHERE blocks.found_share_id IS NULL`,
        [s.shareId, s.height, s.scheme, s.miner, s.worker, s.networkDifficulty, s.acceptedAt],
      );
    }
  }
}
