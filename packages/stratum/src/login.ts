import { StratumProtocolError } from './errors.js';
import { Rejections } from './rejections.js';

/** Who a login names. The address is not validated here (the gateway decodes it). */
export interface LoginIdentity {
  address: string;
  worker: string;
  /** From `+DIFF`; the gateway clamps it to its configured range. */
  fixedDifficulty?: number;
}

export const DEFAULT_WORKER = 'default';
export const MAX_WORKER_CHARS = 64;
/** Longer than any Monero address (integrated: 106), short enough to refuse junk cheaply. */
export const MAX_ADDRESS_CHARS = 128;

const WORKER = /^[A-Za-z0-9_-]{1,64}$/;
const DIFF = /^[1-9][0-9]{0,15}$/;
/** Password values that mean "no password" by mining-software habit. */
const PLACEHOLDER_PASSWORDS = new Set(['', 'x']);

export function isValidWorkerName(name: string): boolean {
  return WORKER.test(name);
}

/**
 * Reads `ADDRESS[.WORKER][+DIFF]` (see the package README).
 * Without `.WORKER`, the worker is XMRig's `rigid`, else the password, each only if it
 * is a valid worker name (passwords carry all sorts of things), else "default".
 * Throws StratumProtocolError (request id null: the caller answers with its own id).
 */
export function parseLogin(login: string, pass = '', rigid?: string): LoginIdentity {
  const plus = login.indexOf('+');
  const head = plus === -1 ? login : login.slice(0, plus);
  const dot = head.indexOf('.');
  const address = dot === -1 ? head : head.slice(0, dot);
  if (address === '' || address.length > MAX_ADDRESS_CHARS) {
    throw new StratumProtocolError(Rejections.InvalidAddress, null, 'address is empty or too long');
  }
  const identity: LoginIdentity = { address, worker: DEFAULT_WORKER };
  if (dot !== -1) {
    const worker = head.slice(dot + 1);
    if (!isValidWorkerName(worker)) {
      throw new StratumProtocolError(
        Rejections.InvalidWorker,
        null,
        `worker names are 1-${MAX_WORKER_CHARS} characters of A-Z a-z 0-9 _ -`,
      );
    }
    identity.worker = worker;
  } else if (rigid !== undefined && isValidWorkerName(rigid)) {
    identity.worker = rigid;
  } else if (!PLACEHOLDER_PASSWORDS.has(pass.toLowerCase()) && isValidWorkerName(pass)) {
    identity.worker = pass;
  }
  if (plus !== -1) {
    const diff = login.slice(plus + 1);
    if (!DIFF.test(diff) || !Number.isSafeInteger(Number(diff))) {
      throw new StratumProtocolError(
        Rejections.InvalidDifficulty,
        null,
        'difficulty must be a positive integer',
      );
    }
    identity.fixedDifficulty = Number(diff);
  }
  return identity;
}
