import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type MonerodInstance, makeTestDir, startMonerod } from '@rxpool/devstack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpEndpoint, HttpTransportError } from './http-endpoint.js';

const body = JSON.stringify({ jsonrpc: '2.0', id: '0', method: 'get_info', params: {} });

describe('HttpEndpoint against a real monerod with --rpc-login (digest)', () => {
  let monerod: MonerodInstance;
  let slow: Server;

  beforeAll(async () => {
    monerod = await startMonerod({
      dir: join(makeTestDir('http-digest'), 'monerod'),
      zmq: false,
      extraArgs: ['--rpc-login', 'pool:s3cret pass'],
    });
    // Accepts and never answers: for the timeout.
    slow = createServer(() => undefined).listen(0, '127.0.0.1');
  });
  afterAll(async () => {
    await monerod?.stop();
    slow?.closeAllConnections();
    slow?.close();
  });

  it('answers the digest challenge and keeps using it', async () => {
    const e = new HttpEndpoint(monerod.rpcUrl, { login: { user: 'pool', password: 's3cret pass' } });
    try {
      for (let i = 0; i < 3; i++) {
        const answer = JSON.parse(await e.post('/json_rpc', body, 10_000)) as {
          result?: { height?: number };
        };
        expect(answer.result?.height).toBeGreaterThanOrEqual(1);
      }
    } finally {
      e.close();
    }
  });

  it('says why when the login is wrong or missing, or the server is silent', async () => {
    const wrong = new HttpEndpoint(monerod.rpcUrl, { login: { user: 'pool', password: 'nope' } });
    const none = new HttpEndpoint(monerod.rpcUrl);
    const silent = new HttpEndpoint(`http://127.0.0.1:${(slow.address() as AddressInfo).port}`);
    try {
      await expect(wrong.post('/json_rpc', body, 10_000)).rejects.toMatchObject({
        kind: 'auth',
        status: 401,
      });
      await expect(none.post('/json_rpc', body, 10_000)).rejects.toThrow(/an RPC login is required/);
      const err = await silent.post('/json_rpc', body, 300).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpTransportError);
      expect(err).toMatchObject({ kind: 'timeout' });
    } finally {
      wrong.close();
      none.close();
      silent.close();
    }
  });
});
