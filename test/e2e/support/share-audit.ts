import { waitFor } from '@rxpool/devstack';
import type { HonestMiner } from './honest-miner.js';
import type { PoolUnderTest } from './pool-under-test.js';

/** How the shares the miners were told OK compare with the shares table. */
export interface ShareAudit {
  /** Shares answered OK. */
  okd: number;
  /** OK'd shares found in the table exactly once. */
  stored: number;
  /** OK'd shares not in the table. */
  missing: string[];
  /** OK'd shares in the table more than once (the primary key should make this impossible). */
  duplicated: string[];
  /** Rows of the miners' workers without an OK (the reply was lost, e.g. its gateway died). */
  unconfirmedRows: number;
  /** accepted_at (validator clock, ms) of each of those rows. */
  unconfirmedAt: number[];
}

/** Compares every share the miners were told OK with the rows stored for their workers. */
export async function auditShares(pool: PoolUnderTest, miners: readonly HonestMiner[]): Promise<ShareAudit> {
  const okd = new Set(miners.flatMap((m) => [...m.ok.keys()]));
  const ids = [...okd];
  const counted = await pool.query<{ id: string; n: string }>(
    `SELECT encode(share_id, 'hex') AS id, count(*)::text AS n
       FROM shares WHERE share_id = ANY($1::bytea[]) GROUP BY 1`,
    [ids.map((id) => Buffer.from(id, 'hex'))],
  );
  const seen = new Map(counted.map((r) => [r.id, Number(r.n)]));
  const workers = miners.map((m) => [m.o.miner, m.o.worker]);
  const ofWorkers = await pool.query<{ id: string; at: string }>(
    `SELECT encode(s.share_id, 'hex') AS id, s.accepted_at::text AS at FROM shares s JOIN workers w ON w.id = s.worker_id
      WHERE (w.miner, w.worker) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [workers.map((w) => w[0]), workers.map((w) => w[1])],
  );
  return {
    okd: okd.size,
    stored: ids.filter((id) => seen.get(id) === 1).length,
    missing: ids.filter((id) => !seen.has(id)),
    duplicated: ids.filter((id) => (seen.get(id) ?? 0) > 1),
    unconfirmedRows: ofWorkers.filter((r) => !okd.has(r.id)).length,
    unconfirmedAt: ofWorkers.filter((r) => !okd.has(r.id)).map((r) => Number(r.at)),
  };
}

/** Waits until every OK'd share is stored (accounting ingests asynchronously); returns the last audit. */
export async function settledAudit(
  pool: PoolUnderTest,
  miners: readonly HonestMiner[],
  timeoutMs = 120_000,
): Promise<ShareAudit & { settledMs: number }> {
  const started = Date.now();
  let audit: ShareAudit | undefined;
  await waitFor(
    'every OK share in the database',
    async () => {
      audit = await auditShares(pool, miners);
      return audit.missing.length === 0;
    },
    timeoutMs,
    1_000,
  ).catch(() => undefined);
  const last = audit ?? (await auditShares(pool, miners));
  return { ...last, settledMs: Date.now() - started };
}
