import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { jsonRpc } from './json-rpc.js';
import { ManagedProcess } from './managed-process.js';
import { freePort, waitFor } from './net-utils.js';

export interface WalletRpcInstance {
  url: string;
  jsonRpcUrl: string;
  port: number;
  process: ManagedProcess;
  rpc<T = Record<string, unknown>>(method: string, params?: unknown): Promise<T>;
  /** Opens `name`, creating it on first use; returns its primary address. */
  openOrCreateWallet(name: string, password?: string): Promise<string>;
  /** Restores a wallet from a mnemonic seed (once) and opens it. */
  restoreWallet(name: string, seed: string, password?: string): Promise<string>;
  restart(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** monero-wallet-rpc over a wallet directory, talking to a (regtest) monerod, no RPC login. */
export async function startWalletRpc(options: {
  dir: string;
  daemonRpcPort: number;
  port?: number;
  extraArgs?: string[];
}): Promise<WalletRpcInstance> {
  const walletDir = join(options.dir, 'wallets');
  mkdirSync(walletDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const proc = new ManagedProcess({
    command: 'monero-wallet-rpc',
    args: [
      '--rpc-bind-ip',
      '127.0.0.1',
      '--rpc-bind-port',
      String(port),
      '--wallet-dir',
      walletDir,
      '--disable-rpc-login',
      '--daemon-address',
      `127.0.0.1:${options.daemonRpcPort}`,
      '--trusted-daemon',
      '--non-interactive',
      '--rpc-ssl',
      'disabled',
      '--daemon-ssl',
      'disabled',
      '--log-level',
      '0',
      '--log-file',
      join(options.dir, 'wallet-rpc-internal.log'),
      ...(options.extraArgs ?? []),
    ],
    logFile: join(options.dir, 'wallet-rpc.log'),
  });
  const jsonRpcUrl = `http://127.0.0.1:${port}/json_rpc`;
  const rpc = <T = Record<string, unknown>>(method: string, params?: unknown) =>
    jsonRpc<T>(jsonRpcUrl, method, params);
  const up = async () => {
    proc.start();
    await waitFor(`wallet-rpc on ${port}`, async () => (await rpc('get_version')) !== undefined, 60_000, 250);
  };
  await up();
  const address = async () => (await rpc<{ address: string }>('get_address', { account_index: 0 })).address;
  return {
    url: `http://127.0.0.1:${port}`,
    jsonRpcUrl,
    port,
    process: proc,
    rpc,
    async openOrCreateWallet(name, password = '') {
      try {
        await rpc('open_wallet', { filename: name, password });
      } catch {
        await rpc('create_wallet', { filename: name, password, language: 'English' });
      }
      return address();
    },
    async restoreWallet(name, seed, password = '') {
      try {
        await rpc('open_wallet', { filename: name, password });
      } catch {
        await rpc('restore_deterministic_wallet', {
          filename: name,
          seed,
          password,
          restore_height: 0,
          language: 'English',
        });
      }
      return address();
    },
    restart: up,
    stop: () => proc.stop(20_000),
    kill: () => proc.kill(),
  };
}
