import { randomUUID } from 'node:crypto';
import { AddressError, type MoneroNetwork, validateAddress } from '@rxpool/cryptonote';
import { REWARD_SCHEMES, type RewardScheme } from '@rxpool/messages';
import {
  isStratumProtocolError,
  type LoginRequest,
  loginOkLine,
  MONERO_ALGO,
  parseLogin,
  Rejections,
  StratumExtensions,
} from '@rxpool/stratum';
import { TokenBucket } from '@rxpool/token-bucket';
import type { AbuseGuard } from '../abuse/abuse-guard.js';
import { banRefusal } from '../abuse/ban-list.js';
import { type JobDispatcher, NoTemplateError } from '../jobs/job-dispatcher.js';
import { NoInstanceIdError } from '../jobs/job-factory.js';
import type { GatewayMetrics } from '../metrics.js';
import { VardiffState } from '../vardiff/vardiff-controller.js';
import type { MinerSession } from './miner-session.js';
import type { Replier } from './replier.js';
import type { SessionRegistry } from './session-registry.js';

/** Names XMRig uses for Monero's RandomX (`Algorithm.cpp`). */
const RX0_NAMES: ReadonlySet<string> = new Set([MONERO_ALGO, 'rx', 'randomx', 'rx/test', 'randomx/0']);
const SELF_SELECT = 'self-select';

export interface LoginSettings {
  network: MoneroNetwork;
  defaultScheme: RewardScheme;
  /** Schemes a login may pick; another one is refused. */
  schemes: readonly RewardScheme[];
  difficulty: { start: number; min: number; max: number };
  submitBurst: number;
}

/** `solo:ADDRESS…` / `pps:…` / `pplns:…` picks the reward scheme; no prefix = the default. */
export function splitScheme(login: string, fallback: RewardScheme): { scheme: RewardScheme; rest: string } {
  const colon = login.indexOf(':');
  if (colon > 0) {
    const prefix = login.slice(0, colon).toLowerCase();
    if ((REWARD_SCHEMES as readonly string[]).includes(prefix)) {
      return { scheme: prefix as RewardScheme, rest: login.slice(colon + 1) };
    }
  }
  return { scheme: fallback, rest: login };
}

/**
 * login, as a checklist: once per connection → login rate → mode and algo → grammar →
 * address on this network → address not banned → a job can be made → reply with the
 * session id, the job and the extensions. Every failure replies with the seed
 * document's error shape and closes the connection (XMRig would sit idle otherwise).
 */
export class LoginHandler {
  private nicehashNext = 0;

  constructor(
    private readonly settings: LoginSettings,
    private readonly sessions: SessionRegistry,
    private readonly jobs: JobDispatcher,
    private readonly abuse: AbuseGuard,
    private readonly reply: Replier,
    private readonly metrics: GatewayMetrics,
  ) {}

  handle(session: MinerSession, request: LoginRequest, now: number): void {
    const { id, params } = request;
    if (session.miner !== undefined) {
      this.reply.reject(session, id, Rejections.AlreadyLoggedIn, now);
      return;
    }
    if (!this.abuse.allowLogin(session, now)) {
      this.reply.rejectAndClose(session, id, Rejections.RateLimited, now, 'too many logins from this IP');
      return;
    }
    if (params.mode === SELF_SELECT) {
      this.reply.rejectAndClose(
        session,
        id,
        Rejections.InvalidParams,
        now,
        'self-select mode is not supported',
      );
      return;
    }
    if (params.algo !== undefined && !params.algo.some((a) => RX0_NAMES.has(a.toLowerCase()))) {
      this.reply.rejectAndClose(
        session,
        id,
        Rejections.UnsupportedAlgo,
        now,
        `this pool mines ${MONERO_ALGO}; the miner offers ${params.algo.slice(0, 8).join(', ') || 'nothing'}`,
      );
      return;
    }
    const { scheme, rest } = splitScheme(params.login, this.settings.defaultScheme);
    if (!this.settings.schemes.includes(scheme)) {
      const detail = `${scheme} is not offered here; this pool offers ${this.settings.schemes.join(', ')}`;
      this.reply.rejectAndClose(session, id, Rejections.SchemeNotOffered, now, detail);
      return;
    }
    let identity: ReturnType<typeof parseLogin>;
    try {
      identity = parseLogin(rest, params.pass, params.rigid);
      validateAddress(identity.address, this.settings.network);
    } catch (err) {
      if (isStratumProtocolError(err)) {
        this.reply.rejectAndClose(session, id, err.rejection, now, err.detail);
        return;
      }
      if (err instanceof AddressError) {
        this.reply.rejectAndClose(session, id, Rejections.InvalidAddress, now, err.message);
        return;
      }
      throw err;
    }
    const ban = this.abuse.loginBan(identity.address, session, now);
    if (ban !== undefined) {
      this.reply.refuse(session, id, banRefusal(ban), now);
      return;
    }

    const { min, max, start } = this.settings.difficulty;
    const fixed = identity.fixedDifficulty;
    session.difficulty = fixed === undefined ? start : Math.min(max, Math.max(min, fixed));
    if (fixed === undefined) session.vardiff = new VardiffState(now);
    if (session.listener.nicehash) {
      session.nicehashByte = this.nicehashNext;
      this.nicehashNext = (this.nicehashNext + 1) & 0xff;
    }
    let job: ReturnType<JobDispatcher['issue']>;
    try {
      job = this.jobs.issue(session, now);
    } catch (err) {
      if (err instanceof NoTemplateError || err instanceof NoInstanceIdError) {
        this.reply.rejectAndClose(session, id, Rejections.Busy, now, 'no work available yet');
        return;
      }
      throw err;
    }
    const sessionId = randomUUID();
    session.miner = {
      sessionId,
      address: identity.address,
      worker: identity.worker,
      scheme,
      agent: params.agent.slice(0, 128),
      fixedDifficulty: fixed !== undefined,
    };
    session.submitBucket = new TokenBucket(this.settings.submitBurst, now);
    this.sessions.markLoggedIn(session);
    this.metrics.logins.inc();
    this.metrics.miners.inc();
    const extensions: string[] = [StratumExtensions.Algo, StratumExtensions.Keepalive];
    if (session.listener.nicehash) extensions.push(StratumExtensions.Nicehash);
    session.send(loginOkLine(id, sessionId, job, extensions));
  }
}
