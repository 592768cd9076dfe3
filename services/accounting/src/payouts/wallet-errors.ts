/** monero-wallet-rpc error codes we act on (src/wallet/wallet_rpc_server_error_codes.h, seen on 0.18). */
export const WALLET_ERROR = {
  WRONG_ADDRESS: -2,
  DAEMON_IS_BUSY: -3,
  GENERIC_TRANSFER_ERROR: -4,
  WRONG_PAYMENT_ID: -5,
  WRONG_TXID: -8,
  NOT_OPEN: -13,
  TX_NOT_POSSIBLE: -16,
  NOT_ENOUGH_MONEY: -17,
  NOT_ENOUGH_UNLOCKED_MONEY: -37,
  NO_DAEMON_CONNECTION: -38,
} as const;

/** The wallet did not answer usably: nothing is known about what it did. */
export class WalletUnavailableError extends Error {
  constructor(
    readonly method: string,
    message: string,
  ) {
    super(`wallet-rpc ${method}: ${message}`);
    this.name = 'WalletUnavailableError';
  }
}

/** The wallet answered with an error: the call was refused. */
export class WalletRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly walletMessage: string,
  ) {
    super(`wallet-rpc ${method}: ${walletMessage} (code ${code})`);
    this.name = 'WalletRpcError';
  }

  /** No wallet file is open (locked / not loaded). */
  get isNotOpen(): boolean {
    return this.code === WALLET_ERROR.NOT_OPEN;
  }

  /** Not enough (unlocked) money: wait for confirmations or a top-up. */
  get isInsufficientFunds(): boolean {
    return (
      this.code === WALLET_ERROR.NOT_ENOUGH_MONEY ||
      this.code === WALLET_ERROR.NOT_ENOUGH_UNLOCKED_MONEY ||
      /not enough (unlocked )?money/i.test(this.walletMessage)
    );
  }

  /** The wallet's daemon is busy or unreachable: a passing condition. */
  get isDaemonUnavailable(): boolean {
    return this.code === WALLET_ERROR.DAEMON_IS_BUSY || this.code === WALLET_ERROR.NO_DAEMON_CONNECTION;
  }
}

/** How the wallet's state stops payouts, for status and alerts. */
export type WalletCondition = 'wallet-unavailable' | 'wallet-locked' | 'wallet-empty';

/** The condition an error means, or undefined when the error is about the request itself. */
export function walletCondition(err: unknown): WalletCondition | undefined {
  if (err instanceof WalletUnavailableError) return 'wallet-unavailable';
  if (err instanceof WalletRpcError) {
    if (err.isNotOpen) return 'wallet-locked';
    if (err.isInsufficientFunds) return 'wallet-empty';
    if (err.isDaemonUnavailable) return 'wallet-unavailable';
  }
  return undefined;
}
