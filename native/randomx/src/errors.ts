export type RandomXErrorCode =
  /** A blob, key, seed or option is out of range. */
  | 'invalid-input'
  /** The context was disposed before or while the work ran. */
  | 'disposed'
  /** The context is not initialised, or init ran twice. */
  | 'bad-state'
  /** Cache or dataset memory could not be allocated. */
  | 'alloc-failed'
  /** librandomx refused to create a VM with these flags. */
  | 'vm-failed';

const NATIVE_CODES: Record<string, RandomXErrorCode> = {
  ERR_RANDOMX_INPUT: 'invalid-input',
  ERR_RANDOMX_DISPOSED: 'disposed',
  ERR_RANDOMX_STATE: 'bad-state',
  ERR_RANDOMX_ALLOC: 'alloc-failed',
  ERR_RANDOMX_VM: 'vm-failed',
};

export class RandomXError extends Error {
  constructor(
    readonly code: RandomXErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RandomXError';
  }
}

export function isRandomXError(err: unknown, code?: RandomXErrorCode): err is RandomXError {
  return err instanceof RandomXError && (code === undefined || err.code === code);
}

/** Maps an error thrown by the addon (with a string `code`) to a RandomXError. */
export function fromNative(err: unknown): Error {
  if (err instanceof RandomXError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  const mapped = typeof code === 'string' ? NATIVE_CODES[code] : undefined;
  if (mapped && err instanceof Error) return new RandomXError(mapped, err.message);
  return err instanceof Error ? err : new Error(String(err));
}
