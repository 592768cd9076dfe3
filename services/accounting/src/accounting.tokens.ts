import type { Database } from '@rxpool/db';
import { configToken, valueToken } from '@rxpool/service-kit';
import type { ChainHeaderSource } from './blocks/chain-header-source.js';
import type { AccountingConfig } from './config.js';
import type { PayoutFaultPoints } from './payouts/payout-fault-points.js';

/** Injection tokens of the accounting module; its classes are their own tokens. */
export const ACCOUNTING_CONFIG = configToken<AccountingConfig>();
export const DATABASE = valueToken<Database>('accounting.database');
/** Where read-only queries go: the read replica when one is configured, else DATABASE itself. */
export const READ_DATABASE = valueToken<Database>('accounting.read-database');
export const CHAIN_HEADER_SOURCE = valueToken<ChainHeaderSource>('accounting.chain-header-source');
/** NO_PAYOUT_FAULTS unless a test entry hands others to AccountingModule.forRoot. */
export const PAYOUT_FAULT_POINTS = valueToken<PayoutFaultPoints>('accounting.payout-fault-points');
