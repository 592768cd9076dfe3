import { type MinerSession, SessionState } from './miner-session.js';

/** Every open connection of this process, and the logged-in ones (they get jobs). */
export class SessionRegistry {
  readonly all = new Set<MinerSession>();
  readonly loggedIn = new Set<MinerSession>();
  private readonly byGroup = new Map<string, Set<MinerSession>>();

  add(session: MinerSession): void {
    this.all.add(session);
    let set = this.byGroup.get(session.group);
    if (set === undefined) {
      set = new Set();
      this.byGroup.set(session.group, set);
    }
    set.add(session);
  }

  markLoggedIn(session: MinerSession): void {
    session.state = SessionState.LoggedIn;
    this.loggedIn.add(session);
  }

  remove(session: MinerSession): void {
    this.all.delete(session);
    this.loggedIn.delete(session);
    const set = this.byGroup.get(session.group);
    if (set !== undefined) {
      set.delete(session);
      if (set.size === 0) this.byGroup.delete(session.group);
    }
  }

  /** Open sessions from one address group. */
  fromGroup(group: string): Iterable<MinerSession> {
    return this.byGroup.get(group) ?? [];
  }

  /** Logged-in sessions of one payout address. */
  *ofAddress(address: string): Iterable<MinerSession> {
    for (const session of this.loggedIn) if (session.miner?.address === address) yield session;
  }

  get size(): number {
    return this.all.size;
  }
}
