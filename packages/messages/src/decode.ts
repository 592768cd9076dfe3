/**
 * Minimal schema checks for messages entering a service. Hand-written
 * rather than a schema library: the validate path runs per share.
 */
export class MessageError extends Error {
  constructor(
    readonly schema: string,
    readonly field: string,
    why: string,
  ) {
    super(`${schema}: ${field} ${why}`);
    this.name = 'MessageError';
  }
}

export type Obj = Record<string, unknown>;

export function asObject(schema: string, value: unknown): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MessageError(schema, '(root)', 'must be an object');
  }
  return value as Obj;
}

export function str(schema: string, o: Obj, field: string, pattern?: RegExp): string {
  const v = o[field];
  if (typeof v !== 'string') throw new MessageError(schema, field, 'must be a string');
  if (pattern && !pattern.test(v)) throw new MessageError(schema, field, `must match ${pattern}`);
  return v;
}

export function optStr(schema: string, o: Obj, field: string): string | undefined {
  return o[field] === undefined || o[field] === null ? undefined : str(schema, o, field);
}

export function int(schema: string, o: Obj, field: string, min = 0): number {
  const v = o[field];
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new MessageError(schema, field, `must be an integer ≥ ${min}`);
  }
  return v;
}

export function bool(schema: string, o: Obj, field: string): boolean {
  const v = o[field];
  if (typeof v !== 'boolean') throw new MessageError(schema, field, 'must be a boolean');
  return v;
}

export function oneOf<T extends string>(schema: string, o: Obj, field: string, values: readonly T[]): T {
  const v = o[field];
  if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) {
    throw new MessageError(schema, field, `must be one of ${values.join(', ')}`);
  }
  return v as T;
}

export const HEX = /^(?:[0-9a-f]{2})*$/;
export const HASH_HEX = /^[0-9a-f]{64}$/;
export const NONCE_HEX = /^[0-9a-f]{8}$/;
/** Non-negative integer as decimal text: used for 128-bit difficulties and atomic amounts. */
export const DECIMAL = /^(?:0|[1-9]\d{0,38})$/;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeJson(value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value));
}

export function decodeJson<T>(bytes: Uint8Array, decode: (value: unknown) => T): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(bytes));
  } catch {
    throw new MessageError('json', '(root)', 'is not valid JSON');
  }
  return decode(parsed);
}
