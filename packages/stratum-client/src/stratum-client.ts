import { EventEmitter } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import tls from 'node:tls';
import {
  LineFramer,
  type LoginResult,
  parseJob,
  parseLoginResult,
  parseServerMessage,
  type ReplyError,
  type ServerMessage,
  type StratumJob,
  StratumMethods,
} from '@rxpool/stratum';
import {
  ConnectionClosedError,
  NotLoggedInError,
  ReplyTimeoutError,
  StratumReplyError,
} from './client-errors.js';

export interface StratumClientOptions {
  host: string;
  port: number;
  /** Connect with TLS using these options (e.g. `{ rejectUnauthorized: false }` or `{ ca }`). */
  tls?: tls.ConnectionOptions;
  /** Local source address, e.g. 127.0.0.7, to spread connections over loopback addresses. */
  localAddress?: string;
  /** Bytes written on the TCP connection before anything else, TLS included (a PROXY header, as a load balancer sends). */
  preamble?: Buffer;
  connectTimeoutMs?: number;
  replyTimeoutMs?: number;
  /** Longest server line accepted; XMRig buffers 64 KiB. */
  maxLineBytes?: number;
}

export interface Reply {
  id: number;
  error: ReplyError | null;
  result: unknown;
  /** From writing the request to reading its reply. */
  latencyMs: number;
}

export interface LoginParams {
  login: string;
  pass?: string;
  agent?: string;
  rigid?: string;
  algo?: string[];
}

export interface SubmitParams {
  /** Default: the current job's id. */
  job_id?: string;
  nonce: string;
  result: string;
  algo?: string;
}

export type SubmitOutcome =
  | { accepted: true; status: string | undefined; latencyMs: number }
  | { accepted: false; error: ReplyError; latencyMs: number };

export type StratumClientEvents = {
  /** A job: from the login reply, a `job` notification or a getjob reply. */
  job: [job: StratumJob];
  /** A reply matching no pending request (e.g. `"id":null` errors) or a `client.reconnect`. */
  unsolicited: [message: ServerMessage];
  /** A server line XMRig would refuse, or a repeated job (on which XMRig reconnects). */
  protocolError: [error: Error, line: string];
  close: [error: Error | undefined];
};

interface Pending {
  method: string;
  sentAt: number;
  timer: NodeJS.Timeout;
  resolve: (reply: Reply) => void;
  reject: (err: Error) => void;
}

const DEFAULT_AGENT = 'rxpool-stratum-client/0.1';

/**
 * One miner connection speaking stratum as XMRig does. Requests are numbered from 1
 * (the login is 1, as XMRig's); replies are awaited by id with a timeout. Nothing is
 * thrown from socket events: failures reject the pending requests and emit `close`.
 */
export class StratumClient extends EventEmitter<StratumClientEvents> {
  sessionId: string | undefined;
  job: StratumJob | undefined;
  extensions: string[] = [];
  jobsReceived = 0;
  lastJobAt = 0;
  protocolErrors = 0;

  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly framer: LineFramer;
  private readonly replyTimeoutMs: number;
  private closeError: Error | undefined;
  private isClosed = false;
  readonly closed: Promise<void>;

  private constructor(
    readonly socket: net.Socket,
    options: StratumClientOptions,
  ) {
    super();
    this.framer = new LineFramer(options.maxLineBytes ?? 64 * 1024);
    this.replyTimeoutMs = options.replyTimeoutMs ?? 10_000;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => {
      this.closeError ??= err;
    });
    this.closed = new Promise((resolve) => socket.once('close', () => resolve(this.onClose())));
  }

  /** Opens the connection (TCP, or TLS when `tls` is set). */
  static connect(options: StratumClientOptions): Promise<StratumClient> {
    const timeoutMs = options.connectTimeoutMs ?? 10_000;
    const base = { host: options.host, port: options.port, localAddress: options.localAddress };
    return new Promise((resolve, reject) => {
      const secure = (over?: net.Socket) =>
        tls.connect({
          ...options.tls,
          ...(over === undefined ? base : { socket: over }),
          servername: options.tls?.servername ?? tlsServerName(options.host),
        });
      const preamble = options.preamble;
      let socket: net.Socket;
      if (preamble === undefined) socket = options.tls ? secure() : net.connect(base);
      else {
        socket = net.connect(base);
        socket.write(preamble);
        if (options.tls) socket = secure(socket);
      }
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new ConnectionClosedError(
            `connect to ${options.host}:${options.port} timed out after ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      const fail = (err: Error) => {
        clearTimeout(timer);
        socket.destroy();
        reject(
          new ConnectionClosedError(`connect to ${options.host}:${options.port}: ${err.message}`, {
            cause: err,
          }),
        );
      };
      socket.once('error', fail);
      socket.once(options.tls ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        socket.off('error', fail);
        resolve(new StratumClient(socket, options));
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  get pendingRequests(): number {
    return this.pending.size;
  }

  /** Logs in; resolves with the session and first job, rejects with StratumReplyError if refused. */
  async login(params: LoginParams): Promise<LoginResult> {
    const reply = await this.request(StratumMethods.Login, {
      login: params.login,
      pass: params.pass ?? 'x',
      agent: params.agent ?? DEFAULT_AGENT,
      ...(params.rigid === undefined ? {} : { rigid: params.rigid }),
      ...(params.algo === undefined ? {} : { algo: params.algo }),
    });
    if (reply.error) throw new StratumReplyError(StratumMethods.Login, reply.error);
    const result = parseLoginResult(reply.result);
    this.sessionId = result.sessionId;
    this.extensions = result.extensions;
    this.acceptJob(result.job);
    return result;
  }

  /** Submits a share; a rejection is an outcome, not an exception. */
  async submit(params: SubmitParams): Promise<SubmitOutcome> {
    const jobId = params.job_id ?? this.job?.job_id;
    if (jobId === undefined) throw new NotLoggedInError();
    const reply = await this.request(StratumMethods.Submit, {
      id: this.session(),
      job_id: jobId,
      nonce: params.nonce,
      result: params.result,
      ...(params.algo === undefined ? {} : { algo: params.algo }),
    });
    if (reply.error) return { accepted: false, error: reply.error, latencyMs: reply.latencyMs };
    return { accepted: true, status: statusOf(reply.result), latencyMs: reply.latencyMs };
  }

  async keepalived(): Promise<Reply> {
    return this.request(StratumMethods.Keepalived, { id: this.session() });
  }

  async getJob(): Promise<StratumJob> {
    const reply = await this.request(StratumMethods.GetJob, { id: this.session() });
    if (reply.error) throw new StratumReplyError(StratumMethods.GetJob, reply.error);
    const job = parseJob(reply.result);
    this.acceptJob(job);
    return job;
  }

  /** Sends any request and awaits the reply with its id. */
  request(method: string, params: unknown): Promise<Reply> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError(`cannot send ${method}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new ReplyTimeoutError(method, id, this.replyTimeoutMs));
      }, this.replyTimeoutMs);
      this.pending.set(id, { method, sentAt: performance.now(), timer, resolve, reject });
      this.socket.write(`${JSON.stringify({ id, jsonrpc: '2.0', method, params })}\n`);
    });
  }

  /** Writes raw bytes (malformed input for tests); add the newline yourself. */
  sendRaw(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** The next job that arrives after this call. */
  nextJob(timeoutMs = this.replyTimeoutMs): Promise<StratumJob> {
    return this.nextEvent('job', timeoutMs).then(([job]) => job);
  }

  /** The next unsolicited message (e.g. an error reply with id null). */
  nextUnsolicited(timeoutMs = this.replyTimeoutMs): Promise<ServerMessage> {
    return this.nextEvent('unsolicited', timeoutMs).then(([message]) => message);
  }

  /** Ends the connection politely and waits until it is closed. */
  async close(): Promise<void> {
    this.socket.end();
    const forced = setTimeout(() => this.socket.destroy(), 2_000);
    await this.closed;
    clearTimeout(forced);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private nextEvent<K extends 'job' | 'unsolicited'>(
    event: K,
    timeoutMs: number,
  ): Promise<StratumClientEvents[K]> {
    if (this.isClosed) return Promise.reject(new ConnectionClosedError(`waiting for ${event}`));
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.off(event, onEvent as never);
        this.off('close', onClose);
      };
      const onEvent = (...args: StratumClientEvents[K]) => {
        done();
        resolve(args);
      };
      const onClose = (err: Error | undefined) => {
        done();
        reject(new ConnectionClosedError(`waiting for ${event}`, { cause: err }));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no ${event} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.on(event, onEvent as never);
      this.once('close', onClose);
    });
  }

  private session(): string {
    if (this.sessionId === undefined) throw new NotLoggedInError();
    return this.sessionId;
  }

  private onData(chunk: Buffer): void {
    for (const framed of this.framer.push(chunk)) {
      if (framed.error) {
        this.protocolError(framed.error, '');
        continue;
      }
      let message: ServerMessage;
      try {
        message = parseServerMessage(framed.line);
      } catch (err) {
        this.protocolError(err as Error, framed.line);
        continue;
      }
      this.dispatch(message, framed.line);
    }
  }

  private dispatch(message: ServerMessage, line: string): void {
    if (message.kind === 'job') {
      if (this.job?.job_id === message.job.job_id) {
        this.protocolError(new Error(`duplicate job ${message.job.job_id}: XMRig would reconnect`), line);
        return;
      }
      this.acceptJob(message.job);
      return;
    }
    const pending =
      message.kind === 'reply' && typeof message.id === 'number' ? this.pending.get(message.id) : undefined;
    if (message.kind !== 'reply' || pending === undefined) {
      this.emit('unsolicited', message);
      return;
    }
    this.pending.delete(message.id as number);
    clearTimeout(pending.timer);
    pending.resolve({
      id: message.id as number,
      error: message.error,
      result: message.result,
      latencyMs: performance.now() - pending.sentAt,
    });
  }

  private acceptJob(job: StratumJob): void {
    this.job = job;
    this.jobsReceived++;
    this.lastJobAt = performance.now();
    this.emit('job', job);
  }

  private protocolError(err: Error, line: string): void {
    this.protocolErrors++;
    this.emit('protocolError', err, line);
  }

  private onClose(): void {
    this.isClosed = true;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new ConnectionClosedError(`awaiting reply to ${p.method} #${id}`, { cause: this.closeError }));
    }
    this.pending.clear();
    this.emit('close', this.closeError);
  }
}

function statusOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null) return undefined;
  const status = (result as Record<string, unknown>).status;
  return typeof status === 'string' ? status : undefined;
}

/** SNI only for host names: TLS forbids IP addresses there. */
function tlsServerName(host: string): string | undefined {
  return net.isIP(host) === 0 ? host : undefined;
}
