import { existsSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startMonerod, TEST_WALLET } from './monerod-instance.js';
import { startNats } from './nats-instance.js';
import { portAnswers } from './net-utils.js';
import { canConnect, createDatabase, dropDatabase, startPostgres } from './postgres-instance.js';
import { makeTestDir } from './test-dirs.js';
import { startWalletRpc } from './wallet-rpc-instance.js';

describe('devstack', () => {
  const dir = makeTestDir('devstack');
  const stops: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const stop of stops.reverse()) await stop();
  });

  it('starts, kills and restarts a private nats-server', async () => {
    const nats = await startNats({ dir: join(dir, 'nats') });
    stops.push(nats.stop);
    expect(await portAnswers(nats.port)).toBe(true);
    await nats.kill();
    expect(await portAnswers(nats.port)).toBe(false);
    await nats.restart();
    expect(await portAnswers(nats.port)).toBe(true);
  });

  it('runs a private Postgres cluster and creates isolated databases', async () => {
    const pg = await startPostgres({ dir: join(dir, 'pg'), fsync: false });
    stops.push(pg.stop);
    const url = await createDatabase(pg.url, 'devstack');
    expect(await canConnect(url)).toBe(true);
    await dropDatabase(pg.url, url);
    expect(await canConnect(url)).toBe(false);
    await pg.stop();
    expect(await canConnect(pg.url)).toBe(false);
  });

  it('stops Postgres fast with a client still connected, and kill -9 leaves no server behind', async () => {
    const instance = await startPostgres({ dir: join(dir, 'pg-signals'), fsync: false });
    stops.push(instance.stop);
    const client = new pg.Client({ connectionString: instance.url });
    client.on('error', () => undefined);
    await client.connect();
    const started = Date.now();
    await instance.stop(); // a smart shutdown would wait for this client
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(existsSync(join(dir, 'pg-signals', 'data', 'postmaster.pid'))).toBe(false); // a clean stop
    await client.end().catch(() => undefined);

    await instance.restart();
    expect(await canConnect(instance.url)).toBe(true);
    await instance.kill();
    expect(await canConnect(instance.url)).toBe(false);
    await instance.restart(); // over the stale postmaster.pid
    expect(await canConnect(instance.url)).toBe(true);
  });

  it('runs a regtest monerod and a wallet-rpc against it', async () => {
    const monerod = await startMonerod({ dir: join(dir, 'monerod') });
    stops.push(monerod.stop);
    const before = await monerod.height();
    expect(await monerod.generateBlocks(3)).toBe(before + 3 - 1);
    expect(await monerod.height()).toBe(before + 3);
    // The tip's RandomX hash: 32 bytes, not its block id, the same when asked again.
    const pow = await monerod.warmPow();
    expect(pow).toMatch(/^[0-9a-f]{64}$/);
    const { block_header: tip } = await monerod.rpc<{ block_header: { hash: string } }>(
      'get_last_block_header',
    );
    expect(pow).not.toBe(tip.hash);
    expect(await monerod.warmPow()).toBe(pow);
    const wallet = await startWalletRpc({ dir: join(dir, 'wallet'), daemonRpcPort: monerod.rpcPort });
    stops.push(wallet.stop);
    expect(await wallet.restoreWallet('test', TEST_WALLET.seed)).toBe(TEST_WALLET.address);
  });
});
