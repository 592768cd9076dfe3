import { type Kysely, sql } from 'kysely';

/**
 * Shares, per-minute aggregates, blocks, immutable splits, PPS batches and
 * the append-only ledger. Amounts are int8 atomic units (see tables/columns.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE reward_scheme AS ENUM ('pplns', 'pps', 'solo');
    CREATE TYPE block_status AS ENUM ('candidate', 'accepted', 'rejected', 'pending', 'unlocked', 'orphaned');
    CREATE TYPE ledger_kind AS ENUM ('block_reward', 'block_fee', 'pps_credit', 'payout', 'payout_fee', 'payout_refund');

    -- Rows that are facts once written: refuse UPDATE, DELETE and TRUNCATE.
    CREATE FUNCTION rxpool_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'restrict_violation';
    END $$;

    CREATE TABLE workers (
      id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      miner text NOT NULL,
      name text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (miner, name)
    );

    -- Hot table: fixed-width columns first, no foreign key (workers rows are never deleted).
    CREATE TABLE shares (
      accepted_at bigint NOT NULL,
      difficulty bigint NOT NULL CHECK (difficulty > 0),
      worker_id integer NOT NULL,
      height integer NOT NULL,
      scheme reward_scheme NOT NULL,
      share_id bytea PRIMARY KEY CHECK (octet_length(share_id) = 12)
    );
    CREATE INDEX shares_accepted_at ON shares (accepted_at);

    CREATE TABLE share_minutes (
      minute bigint NOT NULL,
      worker_id integer NOT NULL,
      scheme reward_scheme NOT NULL,
      shares integer NOT NULL,
      difficulty bigint NOT NULL,
      PRIMARY KEY (minute, worker_id, scheme)
    );

    CREATE TABLE blocks (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      candidate_id text NOT NULL UNIQUE,
      height integer NOT NULL,
      status block_status NOT NULL,
      scheme reward_scheme NOT NULL,
      miner text NOT NULL,
      worker text NOT NULL,
      hash text,
      reward bigint CHECK (reward >= 0),
      network_difficulty numeric(39, 0) NOT NULL,
      found_share_id bytea,
      found_at bigint,
      confirmations integer NOT NULL DEFAULT 0,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      submitted_at timestamptz,
      pending_at timestamptz,
      unlocked_at timestamptz,
      orphaned_at timestamptz
    );
    CREATE INDEX blocks_open ON blocks (height) WHERE status IN ('accepted', 'pending');
    CREATE INDEX blocks_height ON blocks (height DESC);

    CREATE TABLE block_splits (
      block_id bigint PRIMARY KEY REFERENCES blocks (id),
      height integer NOT NULL,
      block_hash text NOT NULL,
      scheme reward_scheme NOT NULL,
      reward bigint NOT NULL CHECK (reward >= 0),
      fee_bps integer NOT NULL CHECK (fee_bps BETWEEN 0 AND 10000),
      fee bigint NOT NULL CHECK (fee >= 0 AND fee <= reward),
      window_size numeric(40, 0),
      window_total numeric(40, 0),
      window_shares integer,
      window_newest_share bytea,
      window_newest_at bigint,
      window_oldest_share bytea,
      window_oldest_at bigint,
      window_edge_counted bigint,
      digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE block_split_entries (
      block_id bigint NOT NULL REFERENCES block_splits (block_id),
      role text NOT NULL CHECK (role IN ('miner', 'fee')),
      account text NOT NULL,
      weight numeric(40, 0) NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      PRIMARY KEY (block_id, role, account)
    );

    CREATE TABLE pps_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      shares integer NOT NULL,
      difficulty numeric(40, 0) NOT NULL,
      fee_bps integer NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE pps_batch_credits (
      batch_id bigint NOT NULL REFERENCES pps_batches (id),
      account text NOT NULL,
      shares integer NOT NULL,
      difficulty numeric(40, 0) NOT NULL,
      value_sub numeric(60, 0) NOT NULL,
      carry_before bigint NOT NULL,
      amount bigint NOT NULL CHECK (amount >= 0),
      carry_after bigint NOT NULL CHECK (carry_after >= 0),
      PRIMARY KEY (batch_id, account)
    );
    CREATE INDEX pps_batch_credits_latest ON pps_batch_credits (account, batch_id DESC);

    CREATE TABLE ledger_entries (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      account text NOT NULL,
      amount bigint NOT NULL CHECK (amount <> 0),
      kind ledger_kind NOT NULL,
      block_id bigint REFERENCES blocks (id),
      pps_batch_id bigint REFERENCES pps_batches (id),
      payout_id bigint,
      created_at timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT ledger_cause CHECK (
        (kind IN ('block_reward', 'block_fee') AND amount > 0
          AND block_id IS NOT NULL AND pps_batch_id IS NULL AND payout_id IS NULL)
        OR (kind = 'pps_credit' AND amount > 0
          AND pps_batch_id IS NOT NULL AND block_id IS NULL AND payout_id IS NULL)
        OR (kind IN ('payout', 'payout_fee') AND amount < 0
          AND payout_id IS NOT NULL AND block_id IS NULL AND pps_batch_id IS NULL)
        OR (kind = 'payout_refund' AND amount > 0
          AND payout_id IS NOT NULL AND block_id IS NULL AND pps_batch_id IS NULL)
      )
    );
    -- A block credits an account once per kind; replays of an unlock conflict here.
    CREATE UNIQUE INDEX ledger_block_once ON ledger_entries (block_id, kind, account) WHERE block_id IS NOT NULL;
    CREATE UNIQUE INDEX ledger_pps_once ON ledger_entries (pps_batch_id, account) WHERE pps_batch_id IS NOT NULL;
    CREATE INDEX ledger_by_account ON ledger_entries (account, id);

    CREATE VIEW account_balances AS
      SELECT account, sum(amount) AS balance, count(*) AS entries FROM ledger_entries GROUP BY account;
  `.execute(db);

  for (const table of [
    'block_splits',
    'block_split_entries',
    'pps_batches',
    'pps_batch_credits',
    'ledger_entries',
  ]) {
    await sql`
      CREATE TRIGGER ${sql.raw(`${table}_append_only`)} BEFORE UPDATE OR DELETE ON ${sql.table(table)}
        FOR EACH ROW EXECUTE FUNCTION rxpool_refuse_change();
      CREATE TRIGGER ${sql.raw(`${table}_no_truncate`)} BEFORE TRUNCATE ON ${sql.table(table)}
        FOR EACH STATEMENT EXECUTE FUNCTION rxpool_refuse_change();
    `.execute(db);
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP VIEW IF EXISTS account_balances;
    DROP TABLE IF EXISTS ledger_entries, pps_batch_credits, pps_batches, block_split_entries, block_splits,
      blocks, share_minutes, shares, workers;
    DROP FUNCTION IF EXISTS rxpool_refuse_change();
    DROP TYPE IF EXISTS ledger_kind, block_status, reward_scheme;
  `.execute(db);
}
