import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { type DigestAuthError, type DigestCredentials, DigestSession } from './digest-auth.js';

export type HttpTransportKind = 'network' | 'timeout' | 'http' | 'auth' | 'protocol';

/** The server did not give a usable answer (unreachable, too slow, refused the login, not HTTP 2xx). */
export class HttpTransportError extends Error {
  constructor(
    readonly url: string,
    message: string,
    readonly kind: HttpTransportKind,
    readonly status?: number,
  ) {
    super(`${url}: ${message}`);
    this.name = 'HttpTransportError';
  }
}

export interface HttpEndpointOptions {
  login?: DigestCredentials;
  /** Largest answer accepted (default 64 MiB). */
  maxBodyBytes?: number;
  maxSockets?: number;
}

/**
 * One HTTP(S) server spoken to with POSTs over keep-alive connections,
 * answering digest challenges when a login is configured (monerod and
 * monero-wallet-rpc with --rpc-login). Returns the body as text, so callers
 * choose how to parse it (wallet amounts may exceed 2^53).
 */
export class HttpEndpoint {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly digest: DigestSession | undefined;
  private readonly maxBodyBytes: number;

  constructor(
    readonly url: string,
    options: HttpEndpointOptions = {},
  ) {
    this.base = new URL(url);
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 8 };
    this.agent = this.base.protocol === 'https:' ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions);
    this.digest = options.login ? new DigestSession(options.login) : undefined;
    this.maxBodyBytes = options.maxBodyBytes ?? 64 * 1024 * 1024;
  }

  /** POSTs `payload` (JSON text) to `path`; resolves with the 2xx answer's body. */
  async post(path: string, payload: string, timeoutMs: number): Promise<string> {
    let res = await this.send(path, payload, timeoutMs);
    if (res.status === 401 && this.digest) {
      // First request, or the server dropped our nonce: take the new challenge and retry once.
      try {
        this.digest.accept(res.challenges);
      } catch (err) {
        throw new HttpTransportError(this.url, (err as DigestAuthError).message, 'auth', 401);
      }
      res = await this.send(path, payload, timeoutMs);
    }
    if (res.status === 401) {
      const why = this.digest
        ? 'HTTP 401: the server refused the RPC login'
        : 'HTTP 401: an RPC login is required';
      throw new HttpTransportError(this.url, why, 'auth', 401);
    }
    if (res.status < 200 || res.status >= 300) {
      throw new HttpTransportError(this.url, `HTTP ${res.status}`, 'http', res.status);
    }
    return res.body;
  }

  close(): void {
    this.agent.destroy();
  }

  private send(
    path: string,
    payload: string,
    timeoutMs: number,
  ): Promise<{ status: number; body: string; challenges: string[] }> {
    const target = new URL(path, this.base);
    const uri = `${target.pathname}${target.search}`;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(payload),
    };
    const authorization = this.digest?.authorization('POST', uri);
    if (authorization) headers.authorization = authorization;
    const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: HttpTransportError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new HttpTransportError(this.url, `no answer within ${timeoutMs} ms`, 'timeout')),
        timeoutMs,
      );
      const req = request(target, { method: 'POST', headers, agent: this.agent }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > this.maxBodyBytes)
            fail(new HttpTransportError(this.url, 'answer too large', 'protocol'));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new HttpTransportError(this.url, err.message, 'network')));
        res.on('end', () => {
          clearTimeout(timer);
          if (settled) return;
          settled = true;
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            challenges: wwwAuthenticate(res.rawHeaders),
          });
        });
      });
      req.on('error', (err) => fail(new HttpTransportError(this.url, err.message, 'network')));
      req.end(payload);
    });
  }
}

/** Every WWW-Authenticate value, kept apart (Node joins repeated headers with ", "). */
function wwwAuthenticate(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() === 'www-authenticate') out.push(raw[i + 1] as string);
  }
  return out;
}
