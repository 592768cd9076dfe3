import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { DigestAuthError, type DigestCredentials, DigestSession } from './digest-auth.js';
import { MonerodTransportError } from './monerod-errors.js';

const MAX_BODY_BYTES = 64 * 1024 * 1024;

/**
 * One monerod RPC server: HTTP POSTs over a keep-alive connection, answering
 * digest challenges when credentials are configured.
 */
export class MonerodEndpoint {
  private readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly digest: DigestSession | undefined;

  constructor(
    readonly url: string,
    credentials?: DigestCredentials,
  ) {
    this.base = new URL(url);
    this.agent =
      this.base.protocol === 'https:'
        ? new HttpsAgent({ keepAlive: true, maxSockets: 8 })
        : new HttpAgent({ keepAlive: true, maxSockets: 8 });
    this.digest = credentials ? new DigestSession(credentials) : undefined;
  }

  /** POSTs a JSON body to `path` and returns the parsed JSON answer. */
  async postJson(path: string, body: unknown, timeoutMs: number): Promise<unknown> {
    const payload = JSON.stringify(body);
    let res = await this.send(path, payload, timeoutMs);
    if (res.status === 401 && this.digest) {
      // First request, or the server dropped our nonce: take the new challenge and retry once.
      try {
        this.digest.accept(res.challenges);
      } catch (err) {
        throw new MonerodTransportError(this.url, (err as DigestAuthError).message, 'auth');
      }
      res = await this.send(path, payload, timeoutMs);
    }
    if (res.status === 401) {
      throw new MonerodTransportError(
        this.url,
        this.digest ? 'HTTP 401: monerod refused the RPC login' : 'HTTP 401: monerod wants an RPC login',
        'auth',
      );
    }
    if (res.status < 200 || res.status >= 300) {
      throw new MonerodTransportError(this.url, `HTTP ${res.status}`, 'http');
    }
    try {
      return JSON.parse(res.body);
    } catch {
      throw new MonerodTransportError(this.url, 'answer is not JSON', 'protocol');
    }
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
      const fail = (err: MonerodTransportError) => {
        if (settled) return;
        settled = true;
        req.destroy();
        reject(err);
      };
      const timer = setTimeout(
        () => fail(new MonerodTransportError(this.url, `no answer within ${timeoutMs} ms`, 'timeout')),
        timeoutMs,
      );
      const req = request(target, { method: 'POST', headers, agent: this.agent }, (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES)
            fail(new MonerodTransportError(this.url, 'answer too large', 'protocol'));
          else chunks.push(chunk);
        });
        res.on('error', (err) => fail(new MonerodTransportError(this.url, err.message, 'network')));
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
      req.on('error', (err) => {
        clearTimeout(timer);
        fail(new MonerodTransportError(this.url, err.message, 'network'));
      });
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
