import { type Kysely, sql } from 'kysely';

/**
 * Payout batches and their payments, and the operator's hold switch.
 *
 * A batch is written (planned) before the wallet is asked anything. Its
 * transaction is then signed without being relayed, and the signed tx (hash,
 * key, fee, metadata) is stored with the ledger debits before it is relayed,
 * so after any crash the pool knows exactly which transaction it may have
 * sent. Status changes only forward (see payout.repository.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TYPE payout_status AS ENUM
      ('planned', 'signed', 'submitting', 'submitted', 'confirmed', 'failed', 'needs_review');

    CREATE TABLE payout_batches (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      status payout_status NOT NULL DEFAULT 'planned',
      tx_hash text UNIQUE CHECK (tx_hash ~ '^[0-9a-f]{64}$'),
      tx_key text,
      tx_metadata text,
      fee bigint CHECK (fee >= 0),
      wallet_height integer,
      confirmations integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      reason text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      signed_at timestamptz,
      submitted_at timestamptz,
      confirmed_at timestamptz,
      CONSTRAINT payout_signed_has_tx CHECK (
        status IN ('planned', 'failed') OR (tx_hash IS NOT NULL AND tx_key IS NOT NULL AND fee IS NOT NULL)
      )
    );
    CREATE INDEX payout_batches_open ON payout_batches (id)
      WHERE status IN ('planned', 'signed', 'submitting', 'submitted');

    -- One row per destination. amount/fee are set when the batch is signed.
    CREATE TABLE payout_payments (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      batch_id bigint NOT NULL REFERENCES payout_batches (id),
      account text NOT NULL,
      address text NOT NULL,
      planned_amount bigint NOT NULL CHECK (planned_amount > 0),
      amount bigint CHECK (amount > 0),
      fee bigint CHECK (fee >= 0),
      UNIQUE (batch_id, account)
    );
    CREATE INDEX payout_payments_account ON payout_payments (account, id DESC);

    -- A ledger row of a payout names an existing batch.
    ALTER TABLE ledger_entries
      ADD CONSTRAINT ledger_payout_batch FOREIGN KEY (payout_id) REFERENCES payout_batches (id);
    -- One debit of each kind per account and batch; a refund at most once.
    CREATE UNIQUE INDEX ledger_payout_once ON ledger_entries (payout_id, kind, account) WHERE payout_id IS NOT NULL;

    CREATE TABLE payout_control (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      held boolean NOT NULL DEFAULT false,
      reason text NOT NULL DEFAULT '',
      held_by text NOT NULL DEFAULT '',
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    INSERT INTO payout_control (id) VALUES (true);
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP INDEX IF EXISTS ledger_payout_once;
    ALTER TABLE ledger_entries DROP CONSTRAINT IF EXISTS ledger_payout_batch;
    DROP TABLE IF EXISTS payout_control, payout_payments, payout_batches;
    DROP TYPE IF EXISTS payout_status;
  `.execute(db);
}
