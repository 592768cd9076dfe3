import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { freePort, type MonerodInstance, makeTestDir, startMonerod, TEST_WALLET } from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MonerodCallObserver, MonerodClient } from './monerod-client.js';
import { MonerodRpcError, MonerodTransportError, MonerodUnavailableError } from './monerod-errors.js';
import { MonerodRpc } from './monerod-rpc.js';

function recorder() {
  const calls: Array<{ url: string; method: string; outcome: string }> = [];
  const failovers: Array<{ from: string | undefined; to: string }> = [];
  const observer: MonerodCallObserver = {
    onCall: (url, method, outcome) => calls.push({ url, method, outcome }),
    onFailover: (from, to) => failovers.push({ from, to }),
  };
  return { calls, failovers, observer };
}

describe('MonerodClient against real regtest monerods', () => {
  const dir = makeTestDir('jm-monerod-client');
  let primary: MonerodInstance;
  let secondary: MonerodInstance;
  let guarded: MonerodInstance;
  let silent: Server;
  const sockets: Socket[] = [];
  let silentUrl: string;

  beforeAll(async () => {
    primary = await startMonerod({ dir: join(dir, 'primary'), zmq: false });
    secondary = await startMonerod({ dir: join(dir, 'secondary'), zmq: false });
    guarded = await startMonerod({
      dir: join(dir, 'guarded'),
      zmq: false,
      extraArgs: ['--rpc-login', 'pool:s3cret pass'],
    });
    // A peer that accepts connections and never answers: only a timeout gets us out.
    silent = createServer((s) => sockets.push(s));
    const port = await freePort();
    await new Promise<void>((r) => silent.listen(port, '127.0.0.1', r));
    silentUrl = `http://127.0.0.1:${port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    silent?.close();
    await Promise.all([primary?.stop(), secondary?.stop(), guarded?.stop()]);
  });

  it('authenticates with HTTP digest against monerod --rpc-login, reusing the nonce', async () => {
    const client = new MonerodClient({
      urls: [guarded.rpcUrl],
      login: { user: 'pool', password: 's3cret pass' },
      timeoutMs: 5_000,
      attempts: 1,
    });
    const rpc = new MonerodRpc(client);
    for (let i = 0; i < 3; i++) expect((await rpc.getInfo()).height).toBeGreaterThan(0);
    const t = await rpc.getBlockTemplate(TEST_WALLET.address, 16);
    expect(t.reserved_offset).toBeGreaterThan(0);
    client.close();
  });

  it('says so when the login is wrong or missing', async () => {
    for (const login of [{ user: 'pool', password: 'wrong' }, undefined]) {
      const client = new MonerodClient({ urls: [guarded.rpcUrl], login, timeoutMs: 5_000, attempts: 1 });
      const err = await client.call('get_info').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MonerodUnavailableError);
      expect((err as MonerodUnavailableError).causes[0]?.kind).toBe('auth');
      client.close();
    }
  });

  it('passes monerod errors through without retrying them', async () => {
    const r = recorder();
    const client = new MonerodClient({
      urls: [primary.rpcUrl],
      timeoutMs: 5_000,
      attempts: 3,
      observer: r.observer,
    });
    const err = await new MonerodRpc(client).headerByHeight(1_000_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonerodRpcError);
    expect(r.calls).toHaveLength(1);
    client.close();
  });

  it('times out a daemon that does not answer and fails over to the next', async () => {
    const r = recorder();
    const client = new MonerodClient({
      urls: [silentUrl, secondary.rpcUrl],
      timeoutMs: 300,
      attempts: 1,
      observer: r.observer,
    });
    const started = Date.now();
    expect((await new MonerodRpc(client).getInfo()).height).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(r.calls[0]).toMatchObject({ url: silentUrl, outcome: 'transport-error' });
    expect(client.activeUrl).toBe(secondary.rpcUrl);
    client.close();
  });

  it('fails over when the primary stops, and goes back to it when it returns', async () => {
    const r = recorder();
    // The cool-downs run on this clock: it moves only when the test moves it.
    let now = Date.now();
    const client = new MonerodClient({
      urls: [primary.rpcUrl, secondary.rpcUrl],
      timeoutMs: 2_000,
      attempts: 2,
      backoffBaseMs: 50,
      observer: r.observer,
      now: () => now,
    });
    const rpc = new MonerodRpc(client);
    await rpc.getInfo();
    expect(client.activeUrl).toBe(primary.rpcUrl);
    await primary.stop();
    await rpc.getInfo();
    expect(client.activeUrl).toBe(secondary.rpcUrl);
    await primary.restart();
    // The primary's cool-down is 0.5 s after one failure: until it ends the secondary serves...
    now += 499;
    await rpc.getInfo();
    expect(client.activeUrl).toBe(secondary.rpcUrl);
    // ...and once it ends the next call prefers the primary again.
    now += 1;
    await rpc.getInfo();
    expect(client.activeUrl).toBe(primary.rpcUrl);
    expect(r.failovers.map((f) => f.to)).toEqual([primary.rpcUrl, secondary.rpcUrl, primary.rpcUrl]);
    client.close();
  });

  it('a daemon that answers submit_block with status BUSY (not synchronised) did not take the block: the next one is asked', async () => {
    // Online with a peer that is never there: it never synchronises.
    const lonely = await startMonerod({
      dir: join(dir, 'lonely'),
      zmq: false,
      peers: [`127.0.0.1:${await freePort()}`],
    });
    try {
      const only = new MonerodRpc(
        new MonerodClient({ urls: [lonely.rpcUrl], timeoutMs: 5_000, attempts: 1 }),
      );
      await expect(only.submitBlock('00')).rejects.toBeInstanceOf(MonerodUnavailableError);
      const { calls, observer } = recorder();
      const both = new MonerodRpc(
        new MonerodClient({ urls: [lonely.rpcUrl, primary.rpcUrl], timeoutMs: 5_000, attempts: 1, observer }),
      );
      // The synchronised daemon judges the blob itself: a real answer, not BUSY.
      await expect(both.submitBlock('00')).rejects.toBeInstanceOf(MonerodRpcError);
      expect(calls.map((c) => [c.url, c.outcome])).toEqual([
        [lonely.rpcUrl, 'rpc-error'],
        [primary.rpcUrl, 'rpc-error'],
      ]);
    } finally {
      await lonely.stop();
    }
  });

  it('gives up with MonerodUnavailableError when no daemon answers', async () => {
    const dead = `http://127.0.0.1:${await freePort()}`;
    const client = new MonerodClient({ urls: [dead], timeoutMs: 500, attempts: 3, backoffBaseMs: 10 });
    const err = await client.call('get_info').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MonerodUnavailableError);
    const causes = (err as MonerodUnavailableError).causes;
    expect(causes).toHaveLength(3);
    // 'network' (refused) unless another test grabbed the port meanwhile: any transport failure counts.
    expect(causes.every((c) => c instanceof MonerodTransportError)).toBe(true);
    client.close();
  });
});
