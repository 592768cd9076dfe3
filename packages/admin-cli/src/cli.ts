import { readFileSync } from 'node:fs';
import type { ServiceError } from '@grpc/grpc-js';
import { AdminClient } from '@rxpool/proto';
import { parseCliArgs, USAGE, UsageError } from './args.js';
import { COMMANDS } from './commands.js';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Readonly<Record<string, string | undefined>>;
}

/** Runs one command; resolves with the exit code (0 ok, 1 the call failed, 2 usage). */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let args: ReturnType<typeof parseCliArgs>;
  try {
    args = parseCliArgs(argv, io.env);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    if (err.message) io.err(`rxpool-admin: ${err.message}`);
    io.err(USAGE);
    return 2;
  }
  const command = COMMANDS[args.command];
  if (!command) {
    io.err(`rxpool-admin: unknown command ${JSON.stringify(args.command)}\n${USAGE}`);
    return 2;
  }
  const read = (f: string | undefined) => (f ? readFileSync(f) : undefined);
  const client = new AdminClient({
    address: args.addr,
    token: args.token,
    tls: args.tls
      ? { ca: read(args.tls.ca), clientCert: read(args.tls.cert), clientKey: read(args.tls.key) }
      : undefined,
  });
  try {
    const result = await command(client, args);
    io.out(args.json ? JSON.stringify(result.response, null, 2) : result.text);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`rxpool-admin: ${err.message}`);
      return 2;
    }
    const e = err as Partial<ServiceError>;
    const code = typeof e.code === 'number' ? `${grpcCodeName(e.code)}: ` : '';
    io.err(`rxpool-admin: ${code}${e.details ?? (err as Error).message}`);
    return 1;
  } finally {
    client.close();
  }
}

const CODE_NAMES = [
  'OK',
  'CANCELLED',
  'UNKNOWN',
  'INVALID_ARGUMENT',
  'DEADLINE_EXCEEDED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'PERMISSION_DENIED',
  'RESOURCE_EXHAUSTED',
  'FAILED_PRECONDITION',
  'ABORTED',
  'OUT_OF_RANGE',
  'UNIMPLEMENTED',
  'INTERNAL',
  'UNAVAILABLE',
  'DATA_LOSS',
  'UNAUTHENTICATED',
];

function grpcCodeName(code: number): string {
  return CODE_NAMES[code] ?? `code ${code}`;
}
