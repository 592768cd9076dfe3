/**
 * DATABASE_READ_URL: the admin API's listings come from the read replica, not the
 * primary. Two real databases stand in for primary and replica; each holds a block the
 * other lacks, so the answer shows which one was read.
 */
import { join } from 'node:path';
import type { ManagedProcess } from '@rxpool/devstack';
import { freePort, makeTestDir, type NatsInstance, startNats, TEST_WALLET, waitFor } from '@rxpool/devstack';
import { encodeJson, messageNames } from '@rxpool/messages';
import { AdminClient } from '@rxpool/proto';
import { ATOMIC_UNITS_PER_XMR as XMR } from '@rxpool/rewards';
import { connect } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LedgerRepository } from '../ledger/ledger.repository.js';
import { creditThroughSoloBlock } from '../payouts/test-credits.js';
import { accountingProcess, isReady } from '../testing/accounting-process.js';
import { acceptedShare, address, migratedDatabase, shareId } from '../testing/fixtures.js';

const TOKEN = 'read-replica-admin-token-0123456789';

describe('accounting with a read replica (real Postgres, nats-server, the compiled service)', () => {
  let nats: NatsInstance;
  let primary: Awaited<ReturnType<typeof migratedDatabase>>;
  let replica: Awaited<ReturnType<typeof migratedDatabase>>;
  let proc: ManagedProcess | undefined;
  let client: AdminClient | undefined;

  beforeAll(async () => {
    const dir = makeTestDir('admin-read-replica');
    nats = await startNats({ dir: join(dir, 'nats') });
    [primary, replica] = await Promise.all([migratedDatabase('rr_primary'), migratedDatabase('rr_replica')]);
    await creditThroughSoloBlock(
      primary.database,
      new LedgerRepository(primary.database.db),
      TEST_WALLET.address,
      XMR,
      100,
    );
    await creditThroughSoloBlock(
      replica.database,
      new LedgerRepository(replica.database.db),
      TEST_WALLET.address,
      2n * XMR,
      4242,
    );
    const adminPort = await freePort();
    const started = await accountingProcess(dir, {
      DATABASE_URL: primary.url,
      DATABASE_READ_URL: replica.url,
      NATS_URL: nats.url,
      NATS_NAMESPACE: 'readreplica',
      ADMIN_TOKEN: TOKEN,
      ADMIN_GRPC_HOST: '127.0.0.1',
      ADMIN_GRPC_PORT: String(adminPort),
      UNLOCK_INTERVAL_MS: '3600000',
      MONERO_NETWORK: 'mainnet',
    });
    proc = started.proc;
    proc.start();
    await waitFor('accounting ready', () => isReady(started.healthPort), 60_000, 200);
    client = new AdminClient({ address: `127.0.0.1:${adminPort}`, token: TOKEN });
  }, 120_000);

  afterAll(async () => {
    client?.close();
    await proc?.stop();
    await nats?.stop();
    await Promise.all([primary?.drop(), replica?.drop()]);
  });

  it('lists blocks from the replica', async () => {
    const listed = await client!.call('ListBlocks', { limit: 10, beforeHeight: 0, status: '' });
    expect(listed.blocks.map((b) => b.height)).toEqual([4242]);
    const rewards = await client!.call('GetBlockRewards', { height: 4242, blockId: '' });
    expect(rewards.reward).toBe(String(2n * XMR));
  });

  it('writes to the primary: published shares are stored there, none on the replica', async () => {
    const nc = await connect({ servers: nats.url });
    const js = nc.jetstream();
    const ids = Array.from({ length: 20 }, (_, i) => shareId(7, i));
    await Promise.all(
      ids.map((id, i) =>
        js.publish(
          messageNames('readreplica').subjects.sharesAccepted,
          encodeJson(
            acceptedShare({ shareId: id, miner: address(i % 3), acceptedAt: 1_700_000_000_000 + i }),
          ),
          { msgID: id },
        ),
      ),
    );
    await nc.close();
    const count = async (db: typeof primary) =>
      Number(
        (await db.database.pool.query<{ n: string }>('SELECT count(*)::text AS n FROM shares')).rows[0]?.n,
      );
    await waitFor('shares stored', async () => (await count(primary)) === ids.length, 30_000, 100);
    expect(await count(replica)).toBe(0);
  });
});
