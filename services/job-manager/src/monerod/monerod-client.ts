import { type DigestCredentials, HttpEndpoint, HttpTransportError } from '@rxpool/http-digest';
import { backoffDelay, sleep } from '@rxpool/observability';
import {
  CORE_BUSY_CODE,
  MonerodRpcError,
  MonerodTransportError,
  MonerodUnavailableError,
} from './monerod-errors.js';

export interface MonerodClientOptions {
  /** Base URLs, highest priority first. */
  urls: readonly string[];
  login?: DigestCredentials;
  timeoutMs: number;
  /** Passes over the daemon list before a call fails. */
  attempts: number;
  backoffBaseMs?: number;
  backoffCapMs?: number;
  /** Told about every request (metrics, logs). */
  observer?: MonerodCallObserver;
  /** ms since epoch for the cool-downs; tests move it instead of waiting. */
  now?: () => number;
}

export interface MonerodCallObserver {
  onCall(url: string, method: string, outcome: 'ok' | 'rpc-error' | 'transport-error', seconds: number): void;
  onFailover?(from: string | undefined, to: string): void;
}

export interface CallOptions {
  timeoutMs?: number;
  attempts?: number;
}

interface EndpointState {
  endpoint: HttpEndpoint;
  failures: number;
  /** ms since epoch before which the endpoint is tried only after the healthy ones. */
  downUntil: number;
}

/**
 * JSON-RPC to monerod with per-request timeouts, retries with backoff and
 * failover over several daemons in priority order. A daemon that fails is set
 * aside for a growing cool-down; the highest-priority healthy daemon serves,
 * so the primary takes over again as soon as its cool-down ends and it answers.
 */
export class MonerodClient {
  private readonly states: EndpointState[];
  private readonly now: () => number;
  private lastServed: string | undefined;
  private closed = false;

  constructor(private readonly options: MonerodClientOptions) {
    if (options.urls.length === 0) throw new Error('MonerodClient needs at least one URL');
    this.now = options.now ?? Date.now;
    this.states = options.urls.map((url) => ({
      endpoint: new HttpEndpoint(url, { login: options.login }),
      failures: 0,
      downUntil: 0,
    }));
  }

  /** The daemon that answered last (for health and logs). */
  get activeUrl(): string | undefined {
    return this.lastServed;
  }

  /**
   * Calls a JSON-RPC method. Throws MonerodRpcError when monerod answers with
   * an error (not retried: the answer is the answer), MonerodUnavailableError
   * when no daemon answered.
   */
  async call<T>(method: string, params?: unknown, options: CallOptions = {}): Promise<T> {
    const attempts = options.attempts ?? this.options.attempts;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs;
    const causes: MonerodTransportError[] = [];
    for (let attempt = 0; attempt < attempts && !this.closed; attempt++) {
      if (attempt > 0) {
        await sleep(
          backoffDelay(attempt - 1, this.options.backoffBaseMs ?? 100, this.options.backoffCapMs ?? 2_000),
        );
      }
      for (const state of this.order()) {
        try {
          const result = await this.callOne<T>(state, method, params, timeoutMs);
          this.markUp(state);
          return result;
        } catch (err) {
          if (err instanceof MonerodRpcError) {
            this.markUp(state);
            throw err;
          }
          const transport =
            err instanceof MonerodTransportError
              ? err
              : new MonerodTransportError(state.endpoint.url, (err as Error).message, 'network');
          this.markDown(state);
          causes.push(transport);
        }
      }
    }
    throw new MonerodUnavailableError(method, attempts, causes);
  }

  close(): void {
    this.closed = true;
    for (const s of this.states) s.endpoint.close();
  }

  /** Healthy daemons in priority order, then the ones cooling down (soonest back first). */
  private order(): EndpointState[] {
    const now = this.now();
    const up = this.states.filter((s) => s.downUntil <= now);
    const down = this.states.filter((s) => s.downUntil > now).sort((a, b) => a.downUntil - b.downUntil);
    return [...up, ...down];
  }

  private async callOne<T>(
    state: EndpointState,
    method: string,
    params: unknown,
    timeoutMs: number,
  ): Promise<T> {
    const url = state.endpoint.url;
    const started = performance.now();
    const seconds = () => (performance.now() - started) / 1000;
    let answer: unknown;
    try {
      const text = await state.endpoint.post(
        '/json_rpc',
        JSON.stringify({ jsonrpc: '2.0', id: '0', method, params: params ?? {} }),
        timeoutMs,
      );
      try {
        answer = JSON.parse(text);
      } catch {
        throw new MonerodTransportError(url, `${method}: answer is not JSON`, 'protocol');
      }
    } catch (err) {
      this.options.observer?.onCall(url, method, 'transport-error', seconds());
      if (err instanceof HttpTransportError) throw MonerodTransportError.fromHttp(err);
      throw err;
    }
    const body = answer as { result?: unknown; error?: { code?: unknown; message?: unknown } };
    if (body && typeof body === 'object' && body.error && typeof body.error === 'object') {
      const code = typeof body.error.code === 'number' ? body.error.code : 0;
      const message = typeof body.error.message === 'string' ? body.error.message : 'unknown error';
      this.options.observer?.onCall(url, method, 'rpc-error', seconds());
      if (code === CORE_BUSY_CODE) throw new MonerodTransportError(url, `${message} (code ${code})`, 'busy');
      throw new MonerodRpcError(method, code, message, url);
    }
    if (!body || typeof body !== 'object' || !('result' in body)) {
      this.options.observer?.onCall(url, method, 'transport-error', seconds());
      throw new MonerodTransportError(url, `${method}: answer has neither result nor error`, 'protocol');
    }
    // An unsynchronised daemon answers some calls (submit_block among them) with a result whose
    // status is BUSY, not an error: nothing was done, so it must count as this daemon failing.
    const result = body.result as { status?: unknown } | null;
    if (result && typeof result === 'object' && result.status === 'BUSY') {
      this.options.observer?.onCall(url, method, 'rpc-error', seconds());
      throw new MonerodTransportError(url, `${method}: status BUSY (the daemon is not synchronised)`, 'busy');
    }
    this.options.observer?.onCall(url, method, 'ok', seconds());
    if (this.lastServed !== url) {
      this.options.observer?.onFailover?.(this.lastServed, url);
      this.lastServed = url;
    }
    return body.result as T;
  }

  private markUp(state: EndpointState): void {
    state.failures = 0;
    state.downUntil = 0;
  }

  private markDown(state: EndpointState): void {
    state.failures += 1;
    state.downUntil = this.now() + Math.min(30_000, 500 * 2 ** Math.min(state.failures - 1, 6));
  }
}
