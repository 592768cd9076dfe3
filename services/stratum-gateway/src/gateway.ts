import type { Socket } from 'node:net';
import type { BanEntry, TemplateEvent } from '@rxpool/messages';
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
import type { AbuseGuard } from './abuse/abuse-guard.js';
import type { Admission } from './abuse/admission.js';
import { banRefusal } from './abuse/ban-list.js';
import { buildStratumParts, type GatewayDeps } from './gateway-parts.js';
import type { JobDispatcher } from './jobs/job-dispatcher.js';
import type { TemplateBook } from './jobs/template-book.js';
import type { GatewayMetrics } from './metrics.js';
import type { LoginHandler } from './session/login-handler.js';
import { type ListenerProfile, MinerSession, SessionState } from './session/miner-session.js';
import { type Replier, requestIdIn } from './session/replier.js';
import { SessionRegistry } from './session/session-registry.js';
import { SessionSweeper } from './session/session-sweeper.js';
import type { SubmitHandler } from './shares/submit-handler.js';
import { TemplateBroadcaster } from './template-broadcaster.js';

export type { GatewayDeps } from './gateway-parts.js';

/**
 * The stratum side of one process: accepts connections, frames each line and routes
 * its request to the login, submit or job handlers (this path stays direct calls),
 * and owns the sessions the sweeper and the template broadcast go over. Knows no NATS
 * and no listeners: those feed it (templates, bans, sockets) from outside.
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
  private readonly sweeper: SessionSweeper;
  private readonly broadcaster: TemplateBroadcaster;
  private readonly now: () => number;
  private draining = false;

  constructor(private readonly deps: GatewayDeps) {
    this.now = deps.now ?? Date.now;
    const parts = buildStratumParts(deps, this.sessions, this.now, (entry) => this.enforceBan(entry));
    this.templates = parts.templates;
    this.abuse = parts.abuse;
    this.jobs = parts.jobs;
    this.admission = parts.admission;
    this.replier = parts.replier;
    this.login = parts.login;
    this.submit = parts.submit;
    this.sweeper = new SessionSweeper({ ...parts, sessions: this.sessions }, deps.config.limits, this.now);
    this.broadcaster = new TemplateBroadcaster({
      ...parts,
      sessions: this.sessions,
      ids: deps.ids,
      metrics: deps.metrics,
      log: deps.log,
      now: this.now,
    });
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
    const now = this.now();
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
    const now = this.now();
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

  /** One request line: parsed, then routed by its method. */
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
          this.replier.reject(session, request.id, Rejections.InternalError, this.now());
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
    return this.broadcaster.onTemplate(event);
  }

  /** The instance id changed (lease renewed under a new id): everyone gets a job under it. */
  onInstanceIdChanged(): void {
    this.broadcaster.onInstanceIdChanged();
  }

  /** A ban from the shared bucket. */
  applyBan(entry: BanEntry): void {
    this.abuse.applyBan(entry, this.now());
  }

  liftBan(key: string): void {
    this.abuse.liftBan(key);
  }

  /** Timeouts, lingering sockets, vardiff for quiet miners; every second. */
  sweep(now: number = this.now()): void {
    this.sweeper.sweep(now);
  }

  startSweeper(): void {
    this.sweeper.start();
  }

  /**
   * Shutdown: take no new connections (the caller closes listeners), let in-flight
   * submits get their answer, then close every connection so miners reconnect elsewhere.
   */
  async drain(timeoutMs: number): Promise<void> {
    this.draining = true;
    const deadline = this.now() + timeoutMs;
    while (this.submit.inFlight > 0 && this.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const now = this.now();
    for (const session of this.sessions.all) session.close(now);
    const closeBy = this.now() + 1_000;
    while (this.sessions.size > 0 && this.now() < closeBy) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const session of this.sessions.all) session.socket.destroy();
    this.sweeper.stop();
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

  /** Closes what a new ban covers (no request to answer: the miner hears why at its next login). */
  private enforceBan(entry: BanEntry): void {
    const now = this.now();
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
