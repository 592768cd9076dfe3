import { type Kysely, sql } from 'kysely';

/**
 * Guards that keep a payout from being debited or sent twice whatever the
 * application does (two planners at once, a replica that lost its payout
 * lock without noticing):
 *
 * - payout_payments_one_open: at most one open payment per account. A
 *   payment is open while its batch is planned, signed, submitting,
 *   submitted or needs_review. `payout_payments.batch_open` mirrors that:
 *   trigger payout_payments_batch_open computes it from the batch on every
 *   insert or update of the payment (a written value is ignored), and
 *   payout_batches_open_sync recomputes it for the batch's payments when the
 *   batch's status changes between open and closed. A partial unique index
 *   on (account) WHERE batch_open then refuses a second open payment; a
 *   concurrent planner's insert waits for the first to commit, then conflicts.
 * - ledger_payout_covered: a `payout` or `payout_fee` row is refused
 *   (check_violation, constraint ledger_payout_covered) unless the
 *   account's balance covers it. The check takes a transaction-level
 *   advisory lock on the account's hash first, so two transactions debiting
 *   one account run it one after the other and the second sees the first's
 *   rows. READ COMMITTED reads anew after the lock, SERIALIZABLE aborts the
 *   loser; REPEATABLE READ would check an old snapshot, so payout debits
 *   are refused there.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION rxpool_payout_status_open(s payout_status) RETURNS boolean
      LANGUAGE sql IMMUTABLE AS $$ SELECT s IN ('planned', 'signed', 'submitting', 'submitted', 'needs_review') $$;

    ALTER TABLE payout_payments ADD COLUMN batch_open boolean NOT NULL DEFAULT false;
    UPDATE payout_payments p SET batch_open = rxpool_payout_status_open(b.status)
      FROM payout_batches b WHERE b.id = p.batch_id;

    -- A database that already holds two open payments of one account needs an operator first.
    DO $$
    DECLARE twice text;
    BEGIN
      SELECT string_agg(account, ', ') INTO twice FROM
        (SELECT account FROM payout_payments WHERE batch_open GROUP BY account HAVING count(*) > 1) d;
      IF twice IS NOT NULL THEN
        RAISE EXCEPTION 'accounts with more than one open payout (resolve them first): %', twice;
      END IF;
    END $$;
    CREATE UNIQUE INDEX payout_payments_one_open ON payout_payments (account) WHERE batch_open;

    CREATE FUNCTION rxpool_payout_payment_open() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      NEW.batch_open := coalesce(
        (SELECT rxpool_payout_status_open(status) FROM payout_batches WHERE id = NEW.batch_id), false);
      RETURN NEW;
    END $$;
    CREATE TRIGGER payout_payments_batch_open BEFORE INSERT OR UPDATE ON payout_payments
      FOR EACH ROW EXECUTE FUNCTION rxpool_payout_payment_open();

    -- The payments' BEFORE UPDATE trigger reads the batch's new status: this only makes it run.
    CREATE FUNCTION rxpool_payout_batch_open_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      UPDATE payout_payments SET batch_open = rxpool_payout_status_open(NEW.status) WHERE batch_id = NEW.id;
      RETURN NULL;
    END $$;
    CREATE TRIGGER payout_batches_open_sync AFTER UPDATE OF status ON payout_batches
      FOR EACH ROW WHEN (rxpool_payout_status_open(OLD.status) IS DISTINCT FROM rxpool_payout_status_open(NEW.status))
      EXECUTE FUNCTION rxpool_payout_batch_open_sync();

    CREATE FUNCTION rxpool_ledger_payout_covered() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE balance numeric;
    BEGIN
      IF current_setting('transaction_isolation') = 'repeatable read' THEN
        RAISE EXCEPTION 'payout debits are written in READ COMMITTED or SERIALIZABLE transactions only'
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_payout_covered';
      END IF;
      -- 0x72786c67 ('rxlg'): debits of one account, one transaction at a time, until commit.
      PERFORM pg_advisory_xact_lock(1920494695, hashtext(NEW.account));
      SELECT coalesce(sum(amount), 0) INTO balance FROM ledger_entries WHERE account = NEW.account;
      IF balance + NEW.amount < 0 THEN
        RAISE EXCEPTION 'payout debit of % from % refused: its balance is %', -NEW.amount, NEW.account, balance
          USING ERRCODE = 'check_violation', CONSTRAINT = 'ledger_payout_covered';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER ledger_payout_covered BEFORE INSERT ON ledger_entries
      FOR EACH ROW WHEN (NEW.kind IN ('payout', 'payout_fee'))
      EXECUTE FUNCTION rxpool_ledger_payout_covered();
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP TRIGGER IF EXISTS ledger_payout_covered ON ledger_entries;
    DROP FUNCTION IF EXISTS rxpool_ledger_payout_covered();
    DROP TRIGGER IF EXISTS payout_batches_open_sync ON payout_batches;
    DROP FUNCTION IF EXISTS rxpool_payout_batch_open_sync();
    DROP TRIGGER IF EXISTS payout_payments_batch_open ON payout_payments;
    DROP FUNCTION IF EXISTS rxpool_payout_payment_open();
    DROP INDEX IF EXISTS payout_payments_one_open;
    ALTER TABLE payout_payments DROP COLUMN IF EXISTS batch_open;
    DROP FUNCTION IF EXISTS rxpool_payout_status_open(payout_status);
  `.execute(db);
}
