import type { HttpTransportError } from '@rxpool/http-digest';

/** monerod answered, with a JSON-RPC error (e.g. -7 "Block not accepted"). */
export class MonerodRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    readonly rpcMessage: string,
    readonly url: string,
  ) {
    super(`monerod ${method}: ${rpcMessage} (code ${code})`);
    this.name = 'MonerodRpcError';
  }
}

export type MonerodTransportKind = HttpTransportError['kind'] | 'busy';

/** One daemon could not be used for one request: refused, timed out, HTTP error, bad JSON, auth, busy. */
export class MonerodTransportError extends Error {
  constructor(
    readonly url: string,
    detail: string,
    readonly kind: MonerodTransportKind,
  ) {
    super(`${url}: ${detail}`);
    this.name = 'MonerodTransportError';
  }

  static fromHttp(err: HttpTransportError): MonerodTransportError {
    const detail = err.message.startsWith(`${err.url}: `)
      ? err.message.slice(err.url.length + 2)
      : err.message;
    return new MonerodTransportError(err.url, detail, err.kind);
  }
}

/** No daemon answered after every attempt. */
export class MonerodUnavailableError extends Error {
  constructor(
    readonly method: string,
    readonly attempts: number,
    readonly causes: readonly MonerodTransportError[],
  ) {
    const last = causes[causes.length - 1];
    super(`monerod unavailable for ${method} after ${attempts} attempt(s)${last ? `: ${last.message}` : ''}`);
    this.name = 'MonerodUnavailableError';
  }
}

/** monerod's "Core is busy" (syncing or not synchronized): another daemon may serve. */
export const CORE_BUSY_CODE = -9;
