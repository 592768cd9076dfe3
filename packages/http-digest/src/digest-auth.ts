import { createHash, randomBytes } from 'node:crypto';

/**
 * HTTP digest authentication (RFC 2617 / RFC 7616) with MD5 or MD5-sess and
 * qop=auth — what monerod asks for when started with --rpc-login.
 */
export interface DigestChallenge {
  realm: string;
  nonce: string;
  opaque: string | undefined;
  algorithm: 'MD5' | 'MD5-sess';
  /** true when the server offered qop=auth; false = RFC 2069 style (no qop). */
  qopAuth: boolean;
}

export interface DigestCredentials {
  user: string;
  password: string;
}

export class DigestAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DigestAuthError';
  }
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

/** Splits `k=v, k="v, w"` into pairs, honouring quoted strings and backslash escapes. */
function parseParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /\s*([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?/gy;
  for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
    const key = (m[1] as string).toLowerCase();
    const value = m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? '');
    params.set(key, value);
  }
  return params;
}

/**
 * The challenges in WWW-Authenticate header values (one value may hold several
 * challenges when a client library joined repeated headers with ", ").
 */
export function parseDigestChallenges(headerValues: readonly string[]): DigestChallenge[] {
  const out: DigestChallenge[] = [];
  for (const value of headerValues) {
    for (const part of value.split(/,?\s*(?=\bDigest\s)/i)) {
      const m = /^\s*Digest\s+(.*)$/is.exec(part);
      if (!m) continue;
      const p = parseParams(m[1] as string);
      const realm = p.get('realm');
      const nonce = p.get('nonce');
      if (realm === undefined || nonce === undefined) continue;
      const algorithm = (p.get('algorithm') ?? 'MD5').toUpperCase();
      if (algorithm !== 'MD5' && algorithm !== 'MD5-SESS') continue;
      const qop = p.get('qop');
      const qops = qop?.split(',').map((q) => q.trim().toLowerCase());
      if (qops && !qops.includes('auth')) continue;
      out.push({
        realm,
        nonce,
        opaque: p.get('opaque'),
        algorithm: algorithm === 'MD5' ? 'MD5' : 'MD5-sess',
        qopAuth: qops !== undefined,
      });
    }
  }
  return out;
}

/** The strongest challenge we can answer (MD5 with qop=auth first), or an error. */
export function chooseDigestChallenge(headerValues: readonly string[]): DigestChallenge {
  const all = parseDigestChallenges(headerValues);
  const rank = (c: DigestChallenge) => (c.qopAuth ? 2 : 0) + (c.algorithm === 'MD5' ? 1 : 0);
  const best = all.sort((a, b) => rank(b) - rank(a))[0];
  if (!best) {
    throw new DigestAuthError(
      `no usable digest challenge in WWW-Authenticate: ${JSON.stringify(headerValues).slice(0, 200)}`,
    );
  }
  return best;
}

export interface DigestResponseInput {
  challenge: DigestChallenge;
  credentials: DigestCredentials;
  method: string;
  uri: string;
  /** Request counter for this nonce, from 1. */
  nc: number;
  /** Client nonce; random when omitted. */
  cnonce?: string;
}

/** The `response` value of RFC 2617 §3.2.2.1. */
export function digestResponse(input: DigestResponseInput): { response: string; cnonce: string; nc: string } {
  const { challenge: c, credentials, method, uri } = input;
  const cnonce = input.cnonce ?? randomBytes(12).toString('hex');
  const nc = input.nc.toString(16).padStart(8, '0');
  let ha1 = md5(`${credentials.user}:${c.realm}:${credentials.password}`);
  if (c.algorithm === 'MD5-sess') ha1 = md5(`${ha1}:${c.nonce}:${cnonce}`);
  const ha2 = md5(`${method}:${uri}`);
  const response = c.qopAuth
    ? md5(`${ha1}:${c.nonce}:${nc}:${cnonce}:auth:${ha2}`)
    : md5(`${ha1}:${c.nonce}:${ha2}`);
  return { response, cnonce, nc };
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The Authorization header value answering `challenge`. */
export function digestAuthorization(input: DigestResponseInput): string {
  const { challenge: c } = input;
  const { response, cnonce, nc } = digestResponse(input);
  const parts = [
    `username=${quote(input.credentials.user)}`,
    `realm=${quote(c.realm)}`,
    `nonce=${quote(c.nonce)}`,
    `uri=${quote(input.uri)}`,
    `algorithm=${c.algorithm}`,
    `response=${quote(response)}`,
  ];
  if (c.qopAuth) parts.push('qop=auth', `nc=${nc}`, `cnonce=${quote(cnonce)}`);
  if (c.opaque !== undefined) parts.push(`opaque=${quote(c.opaque)}`);
  return `Digest ${parts.join(', ')}`;
}

/**
 * One server's digest state: the last challenge and its request counter, so most
 * requests authenticate without an extra round trip.
 */
export class DigestSession {
  private challenge: DigestChallenge | undefined;
  private nc = 0;

  constructor(private readonly credentials: DigestCredentials) {}

  /** Authorization for the next request, or undefined before the first challenge. */
  authorization(method: string, uri: string): string | undefined {
    if (!this.challenge) return undefined;
    this.nc += 1;
    return digestAuthorization({
      challenge: this.challenge,
      credentials: this.credentials,
      method,
      uri,
      nc: this.nc,
    });
  }

  /** Takes a 401's WWW-Authenticate values; throws DigestAuthError when none is usable. */
  accept(headerValues: readonly string[]): void {
    this.challenge = chooseDigestChallenge(headerValues);
    this.nc = 0;
  }
}
