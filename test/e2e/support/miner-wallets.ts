import { join } from 'node:path';
import { startWalletRpc, type WalletRpcInstance } from '@rxpool/devstack';

export interface IncomingTransfer {
  txid: string;
  amount: number;
  height: number;
}

/**
 * The miners' own wallets: one wallet file each, opened in turn by a
 * monero-wallet-rpc of their own (not the pool's), on the pool's monerod.
 */
export class MinerWallets {
  private constructor(
    private readonly rpc: WalletRpcInstance,
    readonly addresses: ReadonlyMap<string, string>,
  ) {}

  static async create(dir: string, monerodRpcPort: number, names: readonly string[]): Promise<MinerWallets> {
    const rpc = await startWalletRpc({ dir: join(dir, 'miner-wallets'), daemonRpcPort: monerodRpcPort });
    const addresses = new Map<string, string>();
    try {
      for (const name of names) {
        addresses.set(name, await rpc.openOrCreateWallet(name));
        await rpc.rpc('close_wallet');
      }
    } catch (err) {
      await rpc.stop();
      throw err;
    }
    return new MinerWallets(rpc, addresses);
  }

  address(name: string): string {
    const a = this.addresses.get(name);
    if (a === undefined) throw new Error(`no wallet ${name}`);
    return a;
  }

  /** The wallet's incoming transfers (pool and mempool) and its balance, after it scanned the chain. */
  async incoming(name: string): Promise<{ transfers: IncomingTransfer[]; balance: number }> {
    await this.rpc.rpc('open_wallet', { filename: name, password: '' });
    try {
      await this.rpc.rpc('refresh');
      const t = await this.rpc.rpc<{ in?: IncomingTransfer[]; pool?: IncomingTransfer[] }>('get_transfers', {
        in: true,
        pool: true,
      });
      const b = await this.rpc.rpc<{ balance: number }>('get_balance', { account_index: 0 });
      return { transfers: [...(t.in ?? []), ...(t.pool ?? [])], balance: b.balance };
    } finally {
      await this.rpc.rpc('close_wallet');
    }
  }

  stop(): Promise<void> {
    return this.rpc.stop();
  }
}
