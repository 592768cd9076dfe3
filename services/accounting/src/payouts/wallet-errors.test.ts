import { describe, expect, it } from 'vitest';
import type { PayoutBatch } from './payout.repository.js';
import { sameDestinations } from './payout-processor.js';
import { WALLET_ERROR, WalletRpcError, WalletUnavailableError, walletCondition } from './wallet-errors.js';
import type { WalletTransfer } from './wallet-rpc.client.js';

describe('wallet conditions', () => {
  it('maps outages, a closed wallet and missing money to the payout status', () => {
    expect(walletCondition(new WalletUnavailableError('transfer', 'no answer'))).toBe('wallet-unavailable');
    expect(walletCondition(new WalletRpcError('transfer', WALLET_ERROR.NOT_OPEN, 'No wallet file'))).toBe(
      'wallet-locked',
    );
    expect(walletCondition(new WalletRpcError('transfer', -17, 'not enough money'))).toBe('wallet-empty');
    expect(walletCondition(new WalletRpcError('transfer', -37, 'not enough unlocked money'))).toBe(
      'wallet-empty',
    );
    expect(walletCondition(new WalletRpcError('transfer', -38, 'no connection to daemon'))).toBe(
      'wallet-unavailable',
    );
    // About the request itself: no condition, the batch is judged instead.
    expect(
      walletCondition(new WalletRpcError('transfer', -5, 'A single payment id is allowed per transaction')),
    ).toBe(undefined);
    expect(walletCondition(new Error('other'))).toBe(undefined);
  });
});

describe('sameDestinations', () => {
  const batch = {
    payments: [
      { address: 'a', amount: 5n },
      { address: 'b', amount: 7n },
    ],
  } as unknown as PayoutBatch;
  const transfer = (destinations: { address: string; amount: bigint }[]) =>
    ({ destinations }) as WalletTransfer;

  it('matches the exact destination set in any order, nothing less or more', () => {
    expect(
      sameDestinations(
        transfer([
          { address: 'b', amount: 7n },
          { address: 'a', amount: 5n },
        ]),
        batch,
      ),
    ).toBe(true);
    expect(sameDestinations(transfer([{ address: 'a', amount: 5n }]), batch)).toBe(false);
    expect(
      sameDestinations(
        transfer([
          { address: 'a', amount: 5n },
          { address: 'b', amount: 8n },
        ]),
        batch,
      ),
    ).toBe(false);
    expect(
      sameDestinations(
        transfer([
          { address: 'a', amount: 5n },
          { address: 'b', amount: 7n },
          { address: 'c', amount: 1n },
        ]),
        batch,
      ),
    ).toBe(false);
  });
});
