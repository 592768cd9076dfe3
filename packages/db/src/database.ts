import type {
  AccountBalancesView,
  BlockSplitEntriesTable,
  BlockSplitsTable,
  BlocksTable,
  LedgerEntriesTable,
  PayoutBatchesTable,
  PayoutControlTable,
  PayoutPaymentsTable,
  PoolMinutesTable,
  PpsBatchCreditsTable,
  PpsBatchesTable,
  ShareMinutesTable,
  ShareRollupTable,
  SharesTable,
  ShareVoidsTable,
  WorkersTable,
} from './tables/index.js';

/** The whole schema as Kysely sees it. */
export interface DB {
  workers: WorkersTable;
  shares: SharesTable;
  share_minutes: ShareMinutesTable;
  share_rollup: ShareRollupTable;
  pool_minutes: PoolMinutesTable;
  blocks: BlocksTable;
  block_splits: BlockSplitsTable;
  block_split_entries: BlockSplitEntriesTable;
  pps_batches: PpsBatchesTable;
  pps_batch_credits: PpsBatchCreditsTable;
  ledger_entries: LedgerEntriesTable;
  account_balances: AccountBalancesView;
  payout_batches: PayoutBatchesTable;
  payout_payments: PayoutPaymentsTable;
  payout_control: PayoutControlTable;
  share_voids: ShareVoidsTable;
}
