import type { Socket } from 'node:net';
import type { BanEntry, TemplateEvent } from '@rxpool/messages';
import type { Logger } from '@rxpool/observability';
import {
  errorMessageLine,
  getJobReplyLine,
  isStratumProtocolError,
  keepalivedLine,
  parseRequest,
  Rejections,
  type RequestId,
  type SessionParams,
  StratumMethods,
  type StratumRequest,
} from '@rxpool/stratum';
import { AbuseGuard } from './abuse/abuse-guard.js';
import { Admission } from './abuse/admission.js';
import { BanList, banRefusal } from './abuse/ban-list.js';
import { addressGroup, IpAllowlist } from './abuse/ip-address.js';
import { PreloginThrottle } from './abuse/prelogin-throttle.js';
import type { GatewayConfig } from './config.js';
import { JobDispatcher } from './jobs/job-dispatcher.js';
import { type InstanceIdSource, JobFactory } from './jobs/job-factory.js';
import { TemplateRejectedError } from './jobs/job-template.js';
import type { Keccak256 } from './jobs/keccak.js';
import { TargetCache } from './jobs/target-cache.js';
import { TemplateBook } from './jobs/template-book.js';
import type { GatewayMetrics } from './metrics.js';
import { LoginHandler } from './session/login-handler.js';
import { type ListenerProfile, MinerSession, SessionState } from './session/miner-session.js';
import { Replier, requestIdIn } from './session/replier.js';
import { SessionRegistry } from './session/session-registry.js';
import type { ShareValidator } from './shares/share-validator.js';
import { SubmitHandler } from './shares/submit-handler.js';
import { VardiffController } from './vardiff/vardiff-controller.js';

export interface GatewayDeps {
  config: GatewayConfig;
  log: Logger;
  metrics: GatewayMetrics;
  validator: ShareValidator;
  ids: InstanceIdSource;
  keccak: Keccak256;
  /** Stores a ban this gateway decided in the shared bucket. */
  publishBan: (entry: BanEntry) => void;
  /** Name for the `by` of bans (e.g. "gateway-<instance id>"). */
  name: () => string;
  clock?: () => number;
}

/** A closing socket the peer does not close is destroyed after this long. */
const LINGER_MS = 5_000;
const DECAY_EVERY_MS = 60_000;
const SWEEP_EVERY_MS = 1_000;

/**
 * The stratum side of one process: accepts connections, frames and routes requests,
 * hands out jobs, and runs the one shared sweep for timeouts and vardiff. Knows no
 * NATS and no listeners: those feed it (templates, bans, sockets) from outside.
 */
export class StratumGateway {
  readonly sessions = new SessionRegistry();
  readonly templates: TemplateBook;
  readonly abuse: AbuseGuard;
  readonly jobs: JobDispatcher;
  private readonly admission: Admission;
  private readonly replier: Replier;
  private readonly login: LoginHandler;
  private readonly submit: SubmitHandler;
  private readonly vardiff: VardiffController;
  private readonly clock: () => number;
  private sweeper: NodeJS.Timeout | undefined;
  private lastDecay = 0;
  private draining = false;

  constructor(private readonly deps: GatewayDeps) {
    const { config, metrics } = deps;
    this.clock = deps.clock ?? Date.now;
    this.templates = new TemplateBook(deps.keccak);
    const { limits } = config;
    const groupOf = (ip: string) => addressGroup(ip, limits.ipv6GroupPrefix);
    this.abuse = new AbuseGuard(
      config.bans,
      limits,
      new BanList(groupOf),
      new PreloginThrottle(limits.preloginErrorLimit, limits.preloginErrorHalfLifeMs),
      {
        countRejection: (r) => metrics.rejections.inc({ reason: r.key }),
        countAccepted: () => metrics.sharesAccepted.inc(),
        publishBan: (entry) => {
          metrics.bans.inc();
          deps.log.warn({ ban: entry }, 'banned');
          deps.publishBan(entry);
        },
        enforceBan: (entry) => this.enforceBan(entry),
      },
      deps.name,
    );
    this.admission = new Admission(limits, new IpAllowlist(config.bans.allowlist), this.abuse, groupOf);
    this.replier = new Replier(this.abuse);
    this.vardiff = new VardiffController(config.vardiff, config.difficulty.min, config.difficulty.max);
    const factory = new JobFactory(deps.ids, new TargetCache(), 2 ** config.jobs.counterBits - 1);
    this.jobs = new JobDispatcher(
      factory,
      this.templates,
      {
        maxJobsPerMiner: config.jobs.maxJobsPerMiner,
        templateGraceMs: config.jobs.templateGraceMs,
        retargetGraceMs: config.vardiff.retargetGraceMs,
      },
      metrics,
    );
    this.login = new LoginHandler(
      {
        network: config.common.network,
        defaultScheme: config.defaultScheme,
        schemes: config.schemes,
        difficulty: config.difficulty,
        submitBurst: config.limits.submitBurst,
      },
      this.sessions,
      this.jobs,
      this.abuse,
      this.replier,
      metrics,
    );
    this.submit = new SubmitHandler(
      config.limits,
      deps.validator,
      this.abuse,
      this.replier,
      this.jobs,
      this.vardiff,
      metrics,
      this.clock,
    );
  }

  get metrics(): GatewayMetrics {
    return this.deps.metrics;
  }

  /** Submits waiting for the validators. */
  get inFlight(): number {
    return this.submit.inFlight;
  }

  /**
   * A new connection from `address` (the socket's, or its PROXY header's), before any
   * byte of it is read. Over its group's cap by more than a few, it is dropped; banned,
   * over the cap or throttled, it becomes a session that only waits for its login, to
   * answer it with why (XMRig shows a login error, not one with "id": null).
   */
  accept(socket: Socket, address: string | undefined, listener: ListenerProfile): MinerSession | undefined {
    const now = this.clock();
    const { metrics } = this.deps;
    if (this.draining) {
      socket.destroy();
      return undefined;
    }
    const admitted = this.admission.admit(address, now);
    if (admitted.reason !== undefined) metrics.connectionsRefused.inc({ reason: admitted.reason });
    if (admitted.kind === 'drop') {
      socket.destroy();
      return undefined;
    }
    const session = new MinerSession(
      socket,
      admitted.peer,
      listener,
      now,
      this.deps.config.limits.maxLineBytes,
    );
    session.refusal = admitted.refusal;
    session.awaitingHandshake = admitted.refusal !== undefined;
    this.sessions.add(session);
    metrics.connections.inc({ transport: listener.tls ? 'tls' : 'tcp' });
    return session;
  }

  /** Bytes from a miner. */
  onData(session: MinerSession, chunk: Buffer): void {
    if (session.state === SessionState.Closing) return;
    const now = this.clock();
    session.lastActivity = now;
    for (const framed of session.framer.push(chunk)) {
      if (framed.error !== undefined) {
        // The rest of that line is lost, so the stream cannot be trusted: close.
        if (session.miner === undefined) this.abuse.preloginGarbage(session, now);
        this.replier.rejectAndClose(
          session,
          null,
          framed.error.rejection,
          now,
          `limit ${framed.error.maxLineBytes} bytes`,
        );
        return;
      }
      this.handleLine(session, framed.line, now);
      if (!session.isOpen) return;
    }
  }

  /** The socket is gone (closed by either side, or destroyed). */
  onClosed(session: MinerSession): void {
    if (!this.sessions.all.has(session)) return;
    this.sessions.remove(session);
    this.admission.release(session);
    const { metrics } = this.deps;
    metrics.connections.dec({ transport: session.listener.tls ? 'tls' : 'tcp' });
    if (session.miner !== undefined) metrics.miners.dec();
    session.state = SessionState.Closing;
  }

  handleLine(session: MinerSession, line: string, now: number): void {
    if (session.refusal !== undefined) {
      this.replier.refuse(session, requestIdIn(line), session.refusal, now);
      return;
    }
    let request: StratumRequest;
    try {
      request = parseRequest(line);
    } catch (err) {
      if (!isStratumProtocolError(err)) throw err;
      if (session.miner === undefined) {
        // Nothing of a miner's to judge before login: close, and slow the group's new connections (never a ban).
        this.replier.rejectAndClose(session, err.requestId, err.rejection, now, err.detail);
        this.abuse.preloginGarbage(session, now);
        return;
      }
      session.protocolErrors++;
      if (session.protocolErrors > this.deps.config.limits.maxProtocolErrors) {
        this.replier.rejectAndClose(session, err.requestId, err.rejection, now, err.detail);
      } else {
        this.replier.reject(session, err.requestId, err.rejection, now, err.detail);
      }
      return;
    }
    switch (request.method) {
      case StratumMethods.Login:
        this.login.handle(session, request, now);
        return;
      case StratumMethods.Submit:
        this.submit.handle(session, request, now).catch((err: unknown) => {
          this.deps.log.error({ err }, 'submit failed');
          this.replier.reject(session, request.id, Rejections.InternalError, this.clock());
        });
        return;
      case StratumMethods.GetJob:
        if (this.authenticated(session, request.id, request.params, now))
          this.getJob(session, request.id, now);
        return;
      case StratumMethods.Keepalived:
        if (this.authenticated(session, request.id, request.params, now))
          session.send(keepalivedLine(request.id));
        return;
    }
  }

  /** A new template: prepared once, then a new job for every logged-in miner at once. */
  onTemplate(event: TemplateEvent): number {
    const started = this.clock();
    let template: ReturnType<TemplateBook['accept']>;
    try {
      template = this.templates.accept(event, started);
    } catch (err) {
      if (!(err instanceof TemplateRejectedError)) throw err;
      this.deps.metrics.templates.inc({ outcome: 'rejected' });
      this.deps.log.error({ err: err.message, templateId: event.templateId }, 'template rejected');
      return 0;
    }
    if (template === undefined) return 0;
    this.deps.metrics.templates.inc({ outcome: 'accepted' });
    if (this.deps.ids.instanceId === undefined) return 0;
    const sent = this.jobs.broadcast(template, this.sessions.loggedIn, started);
    const seconds = (this.clock() - started) / 1000;
    this.deps.metrics.broadcastSeconds.observe(seconds);
    this.deps.log.info(
      { templateId: template.templateId, height: template.height, miners: sent, seconds },
      'new template sent',
    );
    return sent;
  }

  /** The instance id changed (lease renewed under a new id): everyone gets a job under it. */
  onInstanceIdChanged(): void {
    const template = this.templates.current;
    if (template !== undefined && this.deps.ids.instanceId !== undefined) {
      this.jobs.broadcast(template, this.sessions.loggedIn, this.clock());
    }
  }

  /** A ban from the shared bucket. */
  applyBan(entry: BanEntry): void {
    this.abuse.applyBan(entry, this.clock());
  }

  liftBan(key: string): void {
    this.abuse.liftBan(key);
  }

  /** Timeouts, lingering sockets, vardiff for quiet miners; every second. */
  sweep(now: number = this.clock()): void {
    const { limits } = this.deps.config;
    for (const session of this.sessions.all) {
      if (session.state === SessionState.Closing) {
        if (now - session.closingSince > LINGER_MS) session.socket.destroy();
      } else if (session.state === SessionState.Connected) {
        if (now - session.connectedAt > limits.loginTimeoutMs) {
          this.replier.rejectAndClose(session, null, Rejections.LoginTimeout, now);
        }
      } else if (now - session.lastActivity > limits.idleTimeoutMs) {
        session.close(now);
      } else if (session.vardiff !== undefined) {
        const next = this.vardiff.onIdle(session.vardiff, session.difficulty, now);
        if (next !== undefined) {
          session.difficulty = next;
          this.trySendJob(session, now);
        }
      }
    }
    if (now - this.lastDecay >= DECAY_EVERY_MS) {
      this.lastDecay = now;
      this.abuse.decay(now);
    }
  }

  startSweeper(): void {
    if (this.sweeper !== undefined) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS);
    this.sweeper.unref();
  }

  /**
   * Shutdown: take no new connections (the caller closes listeners), let in-flight
   * submits get their answer, then close every connection so miners reconnect elsewhere.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = this.clock() + timeoutMs;
    while (this.submit.inFlight > 0 && this.clock() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const now = this.clock();
    for (const session of this.sessions.all) session.close(now);
    const closeBy = this.clock() + 1_000;
    while (this.sessions.size > 0 && this.clock() < closeBy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const session of this.sessions.all) session.socket.destroy();
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private authenticated(session: MinerSession, id: RequestId, params: SessionParams, now: number): boolean {
    const miner = session.miner;
    if (miner !== undefined && params.id === miner.sessionId) return true;
    const detail = miner === undefined ? 'login first' : 'unknown session id';
    this.replier.reject(session, id, Rejections.Unauthenticated, now, detail);
    return false;
  }

  private getJob(session: MinerSession, id: RequestId, now: number): void {
    const { submitBurst, submitPerSecond } = this.deps.config.limits;
    if (session.submitBucket?.take(now, submitBurst, submitPerSecond) === false) {
      this.replier.reject(session, id, Rejections.RateLimited, now);
      return;
    }
    try {
      session.send(getJobReplyLine(id, this.jobs.issue(session, now)));
      this.deps.metrics.jobsSent.inc({ cause: 'getjob' });
    } catch {
      this.replier.reject(session, id, Rejections.Busy, now, 'no work available');
    }
  }

  private trySendJob(session: MinerSession, now: number): void {
    try {
      this.jobs.send(session, now, 'retarget');
    } catch {
      // No template or instance id right now; the next template brings the new difficulty.
    }
  }

  /** Closes what a new ban covers (no request to answer: the miner hears why at its next login). */
  private enforceBan(entry: BanEntry): void {
    const now = this.clock();
    const line = errorMessageLine(null, Rejections.Banned, banRefusal(entry).message);
    const { group, address } = this.abuse.scope(entry);
    const candidates =
      address === undefined ? this.sessions.fromGroup(group ?? '') : this.sessions.ofAddress(address);
    const targets = [...candidates].filter(
      (s) => !s.allowlisted && (group === undefined || s.group === group),
    );
    for (const session of targets) session.close(now, line);
  }
}
