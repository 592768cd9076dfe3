import { type RequestId, StratumProtocolError } from './errors.js';
import { StratumMethods } from './methods.js';
import { type Rejection, Rejections } from './rejections.js';
import type {
  LoginParams,
  LoginRequest,
  SessionParams,
  StratumRequest,
  SubmitParams,
  SubmitRequest,
} from './requests.js';

type Obj = Record<string, unknown>;

const NONCE = /^[0-9a-fA-F]{8}$/;
const RESULT = /^[0-9a-fA-F]{64}$/;
/** Generous bounds: real values are far shorter; the line limit caps the rest. */
export const MAX_LOGIN_CHARS = 256;
export const MAX_ID_CHARS = 128;

/**
 * Parses one stratum line into a typed request. Never throws anything but a
 * StratumProtocolError, which names the rejection to send and the request id if known.
 * Nonce and result come back lower-cased, so one share has one spelling.
 */
export function parseRequest(line: string): StratumRequest {
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    throw new StratumProtocolError(Rejections.InvalidJson, null);
  }
  if (!isObject(message)) {
    throw new StratumProtocolError(Rejections.InvalidRequest, null, 'not a JSON object');
  }
  const id = requestId(message.id);
  const method = message.method;
  const params = message.params;
  switch (method) {
    case StratumMethods.Submit:
      return { method, id, params: submitParams(id, params) };
    case StratumMethods.Login:
      return { method, id, params: loginParams(id, params) };
    case StratumMethods.Keepalived:
      return { method, id, params: sessionParams(id, params) };
    case StratumMethods.GetJob:
      return { method, id, params: sessionParams(id, params) };
    default:
      throw new StratumProtocolError(
        Rejections.UnknownMethod,
        id,
        typeof method === 'string' ? `method ${JSON.stringify(method.slice(0, 64))}` : 'method is missing',
      );
  }
}

/** Narrowing helpers for callers that switch on the request. */
export function isSubmit(request: StratumRequest): request is SubmitRequest {
  return request.method === StratumMethods.Submit;
}

export function isLogin(request: StratumRequest): request is LoginRequest {
  return request.method === StratumMethods.Login;
}

function requestId(value: unknown): RequestId {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.length <= MAX_ID_CHARS) return value;
  throw new StratumProtocolError(Rejections.MissingId, null);
}

function submitParams(id: RequestId, params: unknown): SubmitParams {
  const p = paramsObject(id, params);
  const session = requiredString(id, p, 'id', Rejections.InvalidParams, MAX_ID_CHARS);
  const jobId = requiredString(id, p, 'job_id', Rejections.MissingJobId, MAX_ID_CHARS);
  const nonce = p.nonce;
  if (typeof nonce !== 'string' || !NONCE.test(nonce)) {
    throw new StratumProtocolError(Rejections.MalformedNonce, id, 'nonce must be 8 hex characters');
  }
  const result = p.result;
  if (typeof result !== 'string' || !RESULT.test(result)) {
    throw new StratumProtocolError(Rejections.MalformedResult, id, 'result must be 64 hex characters');
  }
  const out: SubmitParams = {
    id: session,
    job_id: jobId,
    nonce: nonce.toLowerCase(),
    result: result.toLowerCase(),
  };
  const algo = optionalString(id, p, 'algo');
  if (algo !== undefined) out.algo = algo;
  return out;
}

function loginParams(id: RequestId, params: unknown): LoginParams {
  const p = paramsObject(id, params);
  const login = requiredString(id, p, 'login', Rejections.InvalidParams, MAX_LOGIN_CHARS);
  const out: LoginParams = {
    login,
    pass: optionalString(id, p, 'pass') ?? '',
    agent: optionalString(id, p, 'agent') ?? '',
  };
  const rigid = optionalString(id, p, 'rigid');
  if (rigid !== undefined) out.rigid = rigid;
  const mode = optionalString(id, p, 'mode');
  if (mode !== undefined) out.mode = mode;
  const algo = p.algo;
  if (algo !== undefined && algo !== null) {
    if (!Array.isArray(algo) || !algo.every((a) => typeof a === 'string')) {
      throw new StratumProtocolError(Rejections.InvalidParams, id, 'algo must be an array of strings');
    }
    out.algo = algo;
  }
  return out;
}

function sessionParams(id: RequestId, params: unknown): SessionParams {
  const p = paramsObject(id, params);
  return { id: requiredString(id, p, 'id', Rejections.InvalidParams, MAX_ID_CHARS) };
}

function paramsObject(id: RequestId, params: unknown): Obj {
  if (!isObject(params)) {
    throw new StratumProtocolError(Rejections.InvalidParams, id, 'params must be an object');
  }
  return params;
}

function requiredString(
  id: RequestId,
  p: Obj,
  field: string,
  rejection: Rejection,
  maxChars: number,
): string {
  const value = p[field];
  if (typeof value !== 'string' || value === '') {
    throw new StratumProtocolError(rejection, id, `${field} must be a non-empty string`);
  }
  if (value.length > maxChars) {
    throw new StratumProtocolError(rejection, id, `${field} is longer than ${maxChars} characters`);
  }
  return value;
}

function optionalString(id: RequestId, p: Obj, field: string): string | undefined {
  const value = p[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new StratumProtocolError(Rejections.InvalidParams, id, `${field} must be a string`);
  }
  return value;
}

function isObject(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
