import { type DigestCredentials, HttpEndpoint, HttpTransportError } from '@rxpool/http-digest';
import { WalletRpcError, WalletUnavailableError } from './wallet-errors.js';
import { parseWalletJson, stringifyWalletJson, walletAmount } from './wallet-json.js';

export interface WalletRpcOptions {
  /** Base URL, e.g. http://127.0.0.1:18083 */
  url: string;
  login?: DigestCredentials;
  /** Per call; signing a transaction may take a few seconds on a big wallet. */
  timeoutMs: number;
}

export interface Destination {
  address: string;
  amount: bigint;
}

/** A transaction built and signed but not relayed (transfer with do_not_relay). */
export interface SignedTransfer {
  txHash: string;
  txKey: string;
  fee: bigint;
  amount: bigint;
  /** Present when asked for: the input of relay_tx. */
  txMetadata: string | undefined;
}

export type TransferType = 'in' | 'out' | 'pending' | 'failed' | 'pool';

export interface WalletTransfer {
  txid: string;
  type: TransferType;
  amount: bigint;
  fee: bigint;
  height: number;
  confirmations: number;
  destinations: Destination[];
}

/** The monero-wallet-rpc methods payouts use (JSON names in one place). */
const METHOD = {
  getHeight: 'get_height',
  getBalance: 'get_balance',
  getAddress: 'get_address',
  transfer: 'transfer',
  relayTx: 'relay_tx',
  getTransfers: 'get_transfers',
  refresh: 'refresh',
} as const;

/**
 * JSON-RPC client of monero-wallet-rpc: timeouts, optional digest login,
 * amounts as bigint both ways. Transport failures are WalletUnavailableError
 * (the outcome is unknown), wallet refusals WalletRpcError.
 */
export class WalletRpcClient {
  private readonly endpoint: HttpEndpoint;

  constructor(private readonly options: WalletRpcOptions) {
    this.endpoint = new HttpEndpoint(options.url, { login: options.login, maxSockets: 2 });
  }

  get url(): string {
    return this.options.url;
  }

  async call<T>(method: string, params: unknown = {}, timeoutMs = this.options.timeoutMs): Promise<T> {
    const payload = stringifyWalletJson({ jsonrpc: '2.0', id: '0', method, params });
    let text: string;
    try {
      text = await this.endpoint.post('/json_rpc', payload, timeoutMs);
    } catch (err) {
      if (err instanceof HttpTransportError) throw new WalletUnavailableError(method, err.message);
      throw err;
    }
    let body: { result?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      body = parseWalletJson(text) as typeof body;
    } catch {
      throw new WalletUnavailableError(method, 'answer is not JSON');
    }
    if (body?.error) {
      const code = typeof body.error.code === 'number' ? body.error.code : 0;
      const message = typeof body.error.message === 'string' ? body.error.message : 'unknown error';
      throw new WalletRpcError(method, code, message);
    }
    if (!body || typeof body !== 'object' || !('result' in body)) {
      throw new WalletUnavailableError(method, 'answer has neither result nor error');
    }
    return body.result as T;
  }

  async height(): Promise<number> {
    return (await this.call<{ height: number }>(METHOD.getHeight)).height;
  }

  async balance(): Promise<{ balance: bigint; unlocked: bigint }> {
    const r = await this.call<{ balance: unknown; unlocked_balance: unknown }>(METHOD.getBalance, {
      account_index: 0,
    });
    return {
      balance: walletAmount(r.balance, 'balance'),
      unlocked: walletAmount(r.unlocked_balance, 'unlocked'),
    };
  }

  async address(): Promise<string> {
    return (await this.call<{ address: string }>(METHOD.getAddress, { account_index: 0 })).address;
  }

  /** Asks the wallet to scan new blocks now (it also does so on its own). */
  async refresh(): Promise<void> {
    await this.call(METHOD.refresh, {});
  }

  /**
   * Builds and signs one transaction to `destinations` without relaying it.
   * Nothing leaves the wallet: it does not even remember the transaction.
   */
  async signTransfer(destinations: readonly Destination[], withMetadata: boolean): Promise<SignedTransfer> {
    const r = await this.call<Record<string, unknown>>(METHOD.transfer, {
      destinations: destinations.map((d) => ({ address: d.address, amount: d.amount })),
      account_index: 0,
      priority: 0,
      get_tx_key: true,
      do_not_relay: true,
      get_tx_metadata: withMetadata,
    });
    const txHash = String(r.tx_hash ?? '');
    const txKey = String(r.tx_key ?? '');
    if (!/^[0-9a-f]{64}$/.test(txHash) || txKey === '') {
      throw new WalletUnavailableError(METHOD.transfer, 'answer lacks tx_hash or tx_key');
    }
    const metadata = typeof r.tx_metadata === 'string' && r.tx_metadata !== '' ? r.tx_metadata : undefined;
    if (withMetadata && !metadata)
      throw new WalletUnavailableError(METHOD.transfer, 'answer lacks tx_metadata');
    return {
      txHash,
      txKey,
      fee: walletAmount(r.fee, 'fee'),
      amount: walletAmount(r.amount, 'amount'),
      txMetadata: metadata,
    };
  }

  /** Relays a signed transaction; relaying the same one again sends nothing new. */
  async relay(txMetadata: string): Promise<string> {
    return (await this.call<{ tx_hash: string }>(METHOD.relayTx, { hex: txMetadata })).tx_hash;
  }

  /** The wallet's own list of outgoing transfers (sent, in the pool, failed), from `minHeight` on. */
  async outgoingTransfers(minHeight?: number): Promise<WalletTransfer[]> {
    const params: Record<string, unknown> = { out: true, pending: true, failed: true, pool: false };
    if (minHeight !== undefined && minHeight > 0) {
      params.filter_by_height = true;
      params.min_height = minHeight - 1;
    }
    const r = await this.call<Record<string, unknown[] | undefined>>(METHOD.getTransfers, params);
    const out: WalletTransfer[] = [];
    for (const key of ['out', 'pending', 'failed'] as const) {
      for (const raw of r[key] ?? []) out.push(toTransfer(raw as Record<string, unknown>, key));
    }
    return out;
  }

  close(): void {
    this.endpoint.close();
  }
}

function toTransfer(t: Record<string, unknown>, type: TransferType): WalletTransfer {
  const dests = Array.isArray(t.destinations) ? (t.destinations as Record<string, unknown>[]) : [];
  return {
    txid: String(t.txid ?? ''),
    type,
    amount: walletAmount(t.amount ?? 0, 'amount'),
    fee: walletAmount(t.fee ?? 0, 'fee'),
    height: typeof t.height === 'number' ? t.height : 0,
    confirmations: typeof t.confirmations === 'number' ? t.confirmations : 0,
    destinations: dests.map((d) => ({
      address: String(d.address ?? ''),
      amount: walletAmount(d.amount, 'amount'),
    })),
  };
}
