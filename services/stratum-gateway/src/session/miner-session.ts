import type { Socket } from 'node:net';
import type { RewardScheme } from '@rxpool/messages';
import { LineFramer } from '@rxpool/stratum';
import type { TokenBucket } from '@rxpool/token-bucket';
import type { Refusal } from '../abuse/ban-list.js';
import type { MinerJob } from '../jobs/miner-job.js';
import type { VardiffState } from '../vardiff/vardiff-controller.js';

/** Settings of the port a miner came in on, shared by all its connections. */
export interface ListenerProfile {
  readonly port: number;
  readonly tls: boolean;
  readonly nicehash: boolean;
}

/** Where a connection comes from, as limits and bans see it (after a PROXY header). */
export interface Peer {
  /** The client's address, normalized ('::ffff:' unwrapped). */
  readonly ip: string;
  /** Its address group: the IPv4 address, or the IPv6 /64 it is in. */
  readonly group: string;
  /** In BAN_ALLOWLIST: never limited nor banned. */
  readonly allowlisted: boolean;
}

/** Who a logged-in connection mines for. */
export interface MinerIdentity {
  readonly sessionId: string;
  readonly address: string;
  readonly worker: string;
  readonly scheme: RewardScheme;
  readonly agent: string;
  /** Set from `+DIFF`: vardiff leaves this miner alone. */
  readonly fixedDifficulty: boolean;
}

export enum SessionState {
  Connected = 0,
  LoggedIn = 1,
  Closing = 2,
}

/** A client that does not read: more than this much unsent is a dead or hostile peer. */
const MAX_UNSENT_BYTES = 256 * 1024;

/**
 * One connection. Plain fields, no closures or timers of its own (a shared sweep
 * handles timeouts), job and vardiff state only after login: an idle miner costs
 * little more than its socket.
 */
export class MinerSession {
  state = SessionState.Connected;
  lastActivity: number;
  /** When the session started closing (the sweep destroys sockets that linger). */
  closingSince = 0;
  protocolErrors = 0;
  /** Submits sent to the validators and not answered yet. */
  inFlight = 0;
  miner: MinerIdentity | undefined = undefined;
  jobs: MinerJob[] | undefined = undefined;
  difficulty = 0;
  vardiff: VardiffState | undefined = undefined;
  submitBucket: TokenBucket | undefined = undefined;
  /** Nonce byte this miner owns in nicehash mode, else -1. */
  nicehashByte = -1;
  /** Refused at accept (banned, over its group's cap, throttled): its login is answered with this, then it closes. */
  refusal: Refusal | undefined = undefined;
  /** A TLS handshake (or a refusal's answer) is due: the handshake deadline closes it otherwise. */
  awaitingHandshake = false;
  readonly framer: LineFramer;
  readonly ip: string;
  readonly group: string;
  readonly allowlisted: boolean;

  constructor(
    public socket: Socket,
    peer: Peer,
    readonly listener: ListenerProfile,
    readonly connectedAt: number,
    maxLineBytes: number,
  ) {
    this.ip = peer.ip;
    this.group = peer.group;
    this.allowlisted = peer.allowlisted;
    this.lastActivity = connectedAt;
    this.framer = new LineFramer(maxLineBytes);
  }

  get isOpen(): boolean {
    return this.state !== SessionState.Closing;
  }

  get newestJob(): MinerJob | undefined {
    const jobs = this.jobs;
    return jobs === undefined ? undefined : jobs[jobs.length - 1];
  }

  send(line: string): void {
    if (this.state === SessionState.Closing) return;
    const socket = this.socket;
    if (socket.destroyed) return;
    if (socket.writableLength > MAX_UNSENT_BYTES) {
      socket.destroy();
      return;
    }
    socket.write(line);
  }

  /** Sends a last line (if any) and half-closes; the peer's close or the sweep finishes it. */
  close(now: number, lastLine?: string): void {
    if (this.state === SessionState.Closing) return;
    this.state = SessionState.Closing;
    this.closingSince = now;
    const socket = this.socket;
    if (socket.destroyed) return;
    if (lastLine === undefined) socket.end();
    else socket.end(lastLine);
  }
}
