import type { RequestId } from './errors.js';
import type { StratumJob } from './job.js';
import { StratumNotifications } from './methods.js';

/**
 * The miner's side: parsing what a pool sends, with XMRig's rules
 * (`Client::parse`, `Client::parseLogin`, `Job.cpp`). Used by test clients to check
 * that the gateway speaks a dialect XMRig accepts.
 */

export class ServerMessageError extends Error {
  constructor(
    readonly field: string,
    why: string,
  ) {
    super(`server message: ${field} ${why}`);
    this.name = 'ServerMessageError';
  }
}

export interface ReplyError {
  code: number;
  message: string;
}

export type ServerMessage =
  | { kind: 'reply'; id: RequestId | null; error: ReplyError | null; result: unknown }
  | { kind: 'job'; job: StratumJob }
  | { kind: 'reconnect'; host: string; port: string };

export interface LoginResult {
  sessionId: string;
  job: StratumJob;
  extensions: string[];
  status: string | undefined;
}

type Obj = Record<string, unknown>;

const HEX = /^(?:[0-9a-fA-F]{2})+$/;
const SEED_HASH = /^[0-9a-fA-F]{64}$/;
/** XMRig: blob must hold the nonce (offset 39, 4 bytes) and be shorter than kMaxBlobSize. */
export const MIN_BLOB_BYTES = 43;
export const MAX_BLOB_BYTES = 407;
/** XMRig's `Client::parse` refuses shorter lines. */
export const MIN_SERVER_LINE_CHARS = 22;

/**
 * XMRig's dispatch: an integer `id` makes a reply; otherwise a `method` makes a
 * notification. A reply is also recognised with a string or null id, for other clients.
 */
export function parseServerMessage(line: string): ServerMessage {
  if (line.length < MIN_SERVER_LINE_CHARS || line[0] !== '{') {
    throw new ServerMessageError('(line)', 'is shorter than 22 characters or does not start with {');
  }
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new ServerMessageError('(line)', 'is not valid JSON');
  }
  const m = object('(root)', value);
  const id = m.id;
  if (Number.isInteger(id) || (!('method' in m) && (typeof id === 'string' || id === null))) {
    return {
      kind: 'reply',
      id: id as RequestId | null,
      error: replyError(m.error),
      result: m.result ?? null,
    };
  }
  if (m.method === StratumNotifications.Job) return { kind: 'job', job: parseJob(m.params) };
  if (m.method === StratumNotifications.Reconnect) {
    const params = m.params;
    if (!Array.isArray(params) || params.length !== 2 || !params.every((p) => typeof p === 'string')) {
      throw new ServerMessageError('params', 'of client.reconnect must be [host, port] strings');
    }
    return { kind: 'reconnect', host: params[0] as string, port: params[1] as string };
  }
  throw new ServerMessageError('method', `${JSON.stringify(m.method)} is not a known notification`);
}

/** A login reply's result (`Client::parseLogin`): a string session id and a valid job. */
export function parseLoginResult(result: unknown): LoginResult {
  const r = object('result', result);
  if (typeof r.id !== 'string' || r.id === '') {
    throw new ServerMessageError('result.id', 'must be a non-empty string');
  }
  const extensions = r.extensions === undefined ? [] : r.extensions;
  if (!Array.isArray(extensions) || !extensions.every((e) => typeof e === 'string')) {
    throw new ServerMessageError('result.extensions', 'must be an array of strings');
  }
  const status = typeof r.status === 'string' ? r.status : undefined;
  return { sessionId: r.id, job: parseJob(r.job), extensions, status };
}

/**
 * A job object, held to the rules that make XMRig drop a connection, and stricter
 * where this pool promises more: `algo` and `height` are required.
 */
export function parseJob(value: unknown): StratumJob {
  const j = object('job', value);
  const jobId = j.job_id;
  if (typeof jobId !== 'string' || jobId === '') {
    throw new ServerMessageError('job.job_id', 'must be a non-empty string');
  }
  const blob = j.blob;
  if (typeof blob !== 'string' || !HEX.test(blob)) throw new ServerMessageError('job.blob', 'must be hex');
  if (blob.length / 2 < MIN_BLOB_BYTES || blob.length / 2 > MAX_BLOB_BYTES) {
    throw new ServerMessageError('job.blob', `must be ${MIN_BLOB_BYTES}..${MAX_BLOB_BYTES} bytes`);
  }
  const target = j.target;
  if (typeof target !== 'string' || !HEX.test(target) || (target.length !== 8 && target.length !== 16)) {
    throw new ServerMessageError('job.target', 'must be 4 or 8 bytes of hex');
  }
  if (/^0+$/.test(target)) throw new ServerMessageError('job.target', 'must not be zero');
  const algo = j.algo;
  if (typeof algo !== 'string' || algo === '') {
    throw new ServerMessageError('job.algo', 'must be a non-empty string');
  }
  const height = j.height;
  if (typeof height !== 'number' || !Number.isSafeInteger(height) || height < 0) {
    throw new ServerMessageError('job.height', 'must be an unsigned integer');
  }
  const seedHash = j.seed_hash;
  if (typeof seedHash !== 'string' || !SEED_HASH.test(seedHash)) {
    throw new ServerMessageError('job.seed_hash', 'must be 64 hex characters');
  }
  const job: StratumJob = { blob, job_id: jobId, target, algo, height, seed_hash: seedHash };
  const next = j.next_seed_hash;
  if (next !== undefined && next !== null && next !== '') {
    if (typeof next !== 'string' || !SEED_HASH.test(next)) {
      throw new ServerMessageError('job.next_seed_hash', 'must be 64 hex characters');
    }
    job.next_seed_hash = next;
  }
  return job;
}

function replyError(value: unknown): ReplyError | null {
  if (value === undefined || value === null) return null;
  const e = object('error', value);
  // XMRig reads error.message as a string unconditionally.
  if (typeof e.message !== 'string') throw new ServerMessageError('error.message', 'must be a string');
  if (typeof e.code !== 'number') throw new ServerMessageError('error.code', 'must be a number');
  return { code: e.code, message: e.message };
}

function object(field: string, value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ServerMessageError(field, 'must be an object');
  }
  return value as Obj;
}
