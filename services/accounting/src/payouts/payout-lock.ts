import type { Logger } from '@rxpool/observability';
import type pg from 'pg';
import { PayoutLockRepository, sessionDb } from './payout-lock.repository.js';

/** Any number, the same for every replica: only the holder of this advisory lock pays. */
export const PAYOUT_LOCK_KEY = 0x7278706f;

/** The payout lock's session is gone (connection dropped or terminated): stop before the wallet moves money. */
export class PayoutLockLostError extends Error {
  constructor(readonly reason: string) {
    super(`payout lock lost: ${reason}`);
    this.name = 'PayoutLockLostError';
  }
}

/**
 * The session advisory lock that makes one replica the payer, on one pooled
 * connection held for a pass. Postgres drops a session lock with its
 * connection (a restart, pg_terminate_backend) and another replica may take
 * it, so the pass asks assertHeld() before each wallet call that moves money.
 */
export class PayoutLock {
  private lostBecause: string | undefined;
  private readonly onError = (err: Error) => {
    if (this.lostBecause !== undefined) return; // a dying connection may report twice (error, then end)
    this.lostBecause = err.message || 'connection error';
    this.log.warn({ err: this.lostBecause }, 'the payout lock connection was lost');
  };

  private readonly locks: PayoutLockRepository;

  private constructor(
    private readonly client: pg.PoolClient,
    private readonly key: number,
    private readonly log: Logger,
  ) {
    // Heard at once, while the pass waits on the wallet: the next wallet call that moves money is refused.
    client.on('error', this.onError);
    this.locks = new PayoutLockRepository(sessionDb(client));
  }

  /** The lock on a connection of its own, or undefined when another session holds it. */
  static async tryAcquire(pool: pg.Pool, key: number, log: Logger): Promise<PayoutLock | undefined> {
    const lock = new PayoutLock(await pool.connect(), key, log);
    try {
      if (await lock.locks.tryLock(key)) return lock;
    } catch (err) {
      lock.lostBecause ??= (err as Error).message;
      await lock.release();
      throw err;
    }
    await lock.release(false);
    return undefined;
  }

  /** Why the lock was lost, once it was. */
  get lost(): string | undefined {
    return this.lostBecause;
  }

  /** Throws PayoutLockLostError unless this session still holds the lock. */
  async assertHeld(): Promise<void> {
    if (this.lostBecause === undefined) {
      try {
        if (!(await this.locks.holds(this.key))) this.lostBecause = 'this session no longer holds it';
      } catch (err) {
        this.lostBecause ??= (err as Error).message;
      }
    }
    if (this.lostBecause !== undefined) throw new PayoutLockLostError(this.lostBecause);
  }

  /** Unlocks and returns the connection; a broken one is discarded (its session, and lock, end with it). */
  async release(held = true): Promise<void> {
    let broken = this.lostBecause === undefined ? undefined : new Error(this.lostBecause);
    if (!broken && held) {
      try {
        await this.locks.unlock(this.key);
      } catch (err) {
        broken = err as Error;
      }
    }
    if (!broken) this.client.removeListener('error', this.onError);
    this.client.release(broken);
  }
}
