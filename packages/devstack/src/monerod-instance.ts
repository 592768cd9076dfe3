import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jsonRpc } from './json-rpc.js';
import { ManagedProcess } from './managed-process.js';
import { freePort, waitFor } from './net-utils.js';

/** The upstream functional-test wallet (mainnet prefix, valid on regtest). */
export const TEST_WALLET = {
  address: '42ey1afDFnn4886T7196doS9GPMzexD9gXpsZJDwVjeRVdFCSoHnv7KPbBeGpzJBzHRCAs9UxqeoyFQMYbqSWYTfJJQAWDm',
  seed: 'velvet lymph giddy number token physics poetry unquoted nibs useful sabotage limits benches lifestyle eden nitrogen anvil fewest avoid batch vials washing fences goat unquoted',
  viewKey: '49774391fa5e8d249fc2c5b45dadef13534bf2483dede880dac88f061e809100',
  spendKey: '148d78d2aba7dbca5cd8f6abcfb0b3c009ffbdbea1ff373d50ed94d78286640e',
} as const;

export interface MonerodOptions {
  dir: string;
  rpcPort?: number;
  zmqPubPort?: number;
  /** false: start without a ZMQ publisher (--no-zmq). */
  zmq?: boolean;
  fixedDifficulty?: number;
  p2pPort?: number;
  /**
   * host:port P2P addresses to peer with exclusively. Given, monerod runs online
   * (not --offline) and accepts loopback peers; it answers get_block_template
   * -9 "Core is busy" and submit_block/generateblocks status BUSY until its first
   * handshake with one of them (see monerod-network.ts).
   */
  peers?: readonly string[];
  /** Extra monerod flags, e.g. ['--rpc-login', 'user:pass']. */
  extraArgs?: string[];
}

export interface MonerodInstance {
  rpcUrl: string;
  jsonRpcUrl: string;
  rpcPort: number;
  p2pPort: number;
  zmqUrl: string | undefined;
  process: ManagedProcess;
  rpc<T = Record<string, unknown>>(method: string, params?: unknown): Promise<T>;
  /** Mines `count` blocks to `address` (default: the test wallet); returns the new chain height. */
  generateBlocks(count: number, address?: string): Promise<number>;
  height(): Promise<number>;
  /**
   * Has monerod hash the tip's proof of work once and returns it. A started
   * monerod builds its RandomX cache on the first block it must check (about
   * 1–3 s here), so a pool's first found block would wait for it; a mainnet
   * node has it from checking the network's blocks.
   */
  warmPow(): Promise<string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** A private regtest monerod, offline unless given peers, with a fixed difficulty; the chain survives restarts. */
export async function startMonerod(options: MonerodOptions): Promise<MonerodInstance> {
  mkdirSync(options.dir, { recursive: true });
  const rpcPort = options.rpcPort ?? (await freePort());
  const p2pPort = options.p2pPort ?? (await freePort());
  const network = options.peers
    ? [
        ...options.peers.flatMap((peer) => ['--add-exclusive-node', peer]),
        '--allow-local-ip',
        // Loopback peers share one IP, which monerod admits once by default (a star, not a mesh).
        '--max-connections-per-ip',
        String(options.peers.length + 1),
      ]
    : ['--offline'];
  const zmqRpcPort = await freePort();
  const zmq = options.zmq !== false;
  const zmqPubPort = zmq ? (options.zmqPubPort ?? (await freePort())) : undefined;
  const args = [
    '--regtest',
    ...network,
    '--keep-fakechain',
    '--fixed-difficulty',
    String(options.fixedDifficulty ?? 1),
    '--non-interactive',
    '--no-igd',
    '--data-dir',
    options.dir,
    '--rpc-bind-ip',
    '127.0.0.1',
    '--rpc-bind-port',
    String(rpcPort),
    '--p2p-bind-ip',
    '127.0.0.1',
    '--p2p-bind-port',
    String(p2pPort),
    '--zmq-rpc-bind-port',
    String(zmqRpcPort),
    '--disable-dns-checkpoints',
    '--check-updates',
    'disabled',
    '--rpc-ssl',
    'disabled',
    '--log-level',
    '0',
    '--log-file',
    join(options.dir, 'monerod-internal.log'),
    ...(zmqPubPort ? ['--zmq-pub', `tcp://127.0.0.1:${zmqPubPort}`] : ['--no-zmq']),
    ...(options.extraArgs ?? []),
  ];
  const proc = new ManagedProcess({ command: 'monerod', args, logFile: join(options.dir, 'monerod.log') });
  const jsonRpcUrl = `http://127.0.0.1:${rpcPort}/json_rpc`;
  const rpc = <T = Record<string, unknown>>(method: string, params?: unknown) =>
    jsonRpc<T>(jsonRpcUrl, method, params);
  const height = async () => (await rpc<{ height: number }>('get_info')).height;
  // With --rpc-login this helper cannot authenticate: an HTTP 401 means the RPC server is up.
  const loginRequired = options.extraArgs?.includes('--rpc-login') ?? false;
  const answers = async () =>
    loginRequired
      ? (await fetch(jsonRpcUrl, { method: 'POST', body: '{}' })).status === 401
      : (await height()) > 0;
  const up = async () => {
    proc.start();
    await waitFor(`monerod RPC on ${rpcPort}`, answers, 60_000, 250);
  };
  // A node that never answered is still ours to stop: the caller gets no handle to it.
  await up().catch(async (error: unknown) => {
    await proc.stop(5_000);
    throw error;
  });
  return {
    rpcUrl: `http://127.0.0.1:${rpcPort}`,
    jsonRpcUrl,
    rpcPort,
    p2pPort,
    zmqUrl: zmqPubPort ? `tcp://127.0.0.1:${zmqPubPort}` : undefined,
    process: proc,
    rpc,
    height,
    async generateBlocks(count, address = TEST_WALLET.address) {
      const r = await rpc<{ height: number }>('generateblocks', {
        amount_of_blocks: count,
        wallet_address: address,
      });
      return r.height;
    },
    async warmPow() {
      const tip = (await height()) - 1;
      const r = await rpc<{ block_header: { pow_hash: string } }>('get_block_header_by_height', {
        height: tip,
        fill_pow_hash: true,
      });
      return r.block_header.pow_hash;
    },
    restart: up,
    stop: () => proc.stop(30_000),
    kill: () => proc.kill(),
  };
}
