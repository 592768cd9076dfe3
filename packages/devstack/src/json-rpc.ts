/** Minimal JSON-RPC 2.0 over HTTP for dev and test tooling (services have their own clients). */
export class JsonRpcError extends Error {
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: ${message} (code ${code})`);
    this.name = 'JsonRpcError';
  }
}

export async function jsonRpc<T = Record<string, unknown>>(
  url: string,
  method: string,
  params?: unknown,
  timeoutMs = 60_000,
): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ jsonrpc: '2.0', id: '0', method, params: params ?? {} }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (!res.ok) throw new JsonRpcError(method, res.status, `HTTP ${res.status}`);
  const body = (await res.json()) as { result?: T; error?: { code: number; message: string } };
  if (body.error) throw new JsonRpcError(method, body.error.code, body.error.message);
  return body.result as T;
}
