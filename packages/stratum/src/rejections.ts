/**
 * One catalogue of every error the pool sends a miner: a JSON-RPC error `code`, the
 * `message` the miner shows, and a stable `key` for metric labels and logs.
 *
 * XMRig closes and reconnects on a message that starts (case-insensitively) with
 * "Unauthenticated", "your IP is banned", "IP Address currently banned" or
 * "Invalid job id" (`Client::isCriticalError`). Only the rejections meant to force a
 * reconnect may start with those prefixes; the catalogue test checks it.
 */
export interface Rejection {
  readonly key: string;
  readonly code: number;
  readonly message: string;
}

/** JSON-RPC 2.0 reserved codes for malformed requests; -1 is the stratum convention for the rest. */
const SHARE = -1;
const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;
const METHOD_NOT_FOUND = -32601;
const INVALID_PARAMS = -32602;
const INTERNAL_ERROR = -32603;

function rejection(key: string, code: number, message: string): Rejection {
  return Object.freeze({ key, code, message });
}

export const Rejections = {
  // Requests that cannot be understood.
  InvalidJson: rejection('invalid_json', PARSE_ERROR, 'Invalid JSON'),
  InvalidRequest: rejection('invalid_request', INVALID_REQUEST, 'Invalid request'),
  MissingId: rejection('missing_id', INVALID_REQUEST, 'Missing request id'),
  UnknownMethod: rejection('unknown_method', METHOD_NOT_FOUND, 'Unknown method'),
  InvalidParams: rejection('invalid_params', INVALID_PARAMS, 'Invalid params'),
  LineTooLong: rejection('line_too_long', INVALID_REQUEST, 'Request line too long'),

  // Login.
  InvalidAddress: rejection('invalid_address', SHARE, 'Invalid payment address provided'),
  InvalidWorker: rejection('invalid_worker', SHARE, 'Invalid worker name'),
  InvalidDifficulty: rejection('invalid_difficulty', SHARE, 'Invalid fixed difficulty'),
  UnsupportedAlgo: rejection('unsupported_algo', SHARE, 'Unsupported algorithm, rx/0 required'),
  AlreadyLoggedIn: rejection('already_logged_in', SHARE, 'Already logged in'),
  LoginTimeout: rejection('login_timeout', SHARE, 'Login timeout'),
  SchemeNotOffered: rejection('scheme_not_offered', SHARE, 'Reward scheme not offered by this pool'),

  // Shares.
  MissingJobId: rejection('missing_job_id', SHARE, 'Missing job id'),
  MalformedNonce: rejection('malformed_nonce', SHARE, 'Malformed nonce'),
  MalformedResult: rejection('malformed_result', SHARE, 'Malformed result'),
  InvalidJobId: rejection('invalid_job_id', SHARE, 'Invalid job id'),
  BlockExpired: rejection('block_expired', SHARE, 'Block expired'),
  Duplicate: rejection('duplicate', SHARE, 'Duplicate share'),
  LowDifficulty: rejection('low_difficulty', SHARE, 'Low difficulty share'),
  InvalidShare: rejection('invalid_share', SHARE, 'Invalid share'),
  HashMismatch: rejection('hash_mismatch', SHARE, 'Invalid share: result does not match the hash'),

  // Session and connection.
  Unauthenticated: rejection('unauthenticated', SHARE, 'Unauthenticated'),
  Banned: rejection('banned', SHARE, 'your IP is banned'),
  TooManyConnections: rejection('too_many_connections', SHARE, 'Too many connections'),
  RateLimited: rejection('rate_limited', SHARE, 'Too many requests, slow down'),
  Busy: rejection('busy', SHARE, 'Server busy, retry'),
  InternalError: rejection('internal_error', INTERNAL_ERROR, 'Internal error'),
} as const satisfies Record<string, Rejection>;

export type RejectionName = keyof typeof Rejections;

/** Message prefixes on which XMRig drops the connection and logs in again. */
export const RECONNECT_PREFIXES: readonly string[] = [
  'unauthenticated',
  'your ip is banned',
  'ip address currently banned',
  'invalid job id',
];

/** Whether XMRig reconnects on receiving this error message. */
export function makesMinerReconnect(message: string): boolean {
  const lower = message.toLowerCase();
  return RECONNECT_PREFIXES.some((prefix) => lower.startsWith(prefix));
}
