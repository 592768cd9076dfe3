import net from 'node:net';
import tls from 'node:tls';
import {
  errorLine,
  getJobReplyLine,
  keepalivedLine,
  LineFramer,
  loginOkLine,
  okLine,
  parseRequest,
  Rejections,
  type StratumJob,
  StratumMethods,
  StratumProtocolError,
  type StratumRequest,
} from '@rxpool/stratum';

/**
 * A tiny in-test pool for the client's own unit tests: it speaks the protocol with
 * @rxpool/stratum's builders and answers as a test tells it. Not a gateway.
 */
export interface FakeConnection {
  socket: net.Socket;
  index: number;
  write(line: string): void;
}

export type Handler = (request: StratumRequest, conn: FakeConnection) => string | undefined;

export function testJob(n: number, target = 'ffffffff'): StratumJob {
  const blob = Buffer.alloc(76, 0x10);
  blob.writeUInt32LE(0, 39);
  blob.writeUInt32BE(n, 43);
  return {
    blob: blob.toString('hex'),
    job_id: `job-${n}`,
    target,
    algo: 'rx/0',
    height: 100 + n,
    seed_hash: 'ab'.repeat(32),
  };
}

/** Default answers: login OK with job 1, submit OK, keepalived, getjob → the next job. */
export const defaultHandler: Handler = (request, conn) => {
  switch (request.method) {
    case StratumMethods.Login:
      return loginOkLine(request.id, `session-${conn.index}`, testJob(1), ['algo', 'keepalive']);
    case StratumMethods.Submit:
      return okLine(request.id);
    case StratumMethods.Keepalived:
      return keepalivedLine(request.id);
    case StratumMethods.GetJob:
      return getJobReplyLine(request.id, testJob(2));
  }
};

export class FakePool {
  readonly connections: FakeConnection[] = [];
  readonly requests: { request: StratumRequest; remoteAddress: string | undefined }[] = [];
  handler: Handler = defaultHandler;

  private constructor(readonly server: net.Server) {
    server.on(server instanceof tls.Server ? 'secureConnection' : 'connection', (socket: net.Socket) =>
      this.accept(socket),
    );
  }

  static async start(tlsOptions?: tls.TlsOptions): Promise<FakePool> {
    const pool = new FakePool(tlsOptions ? tls.createServer(tlsOptions) : net.createServer());
    await new Promise<void>((resolve) => pool.server.listen(0, '127.0.0.1', resolve));
    return pool;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  broadcast(line: string): void {
    for (const c of this.connections) c.write(line);
  }

  async stop(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(socket: net.Socket): void {
    const conn: FakeConnection = {
      socket,
      index: this.connections.length,
      write: (line) => {
        if (!socket.destroyed) socket.write(line);
      },
    };
    this.connections.push(conn);
    socket.on('error', () => undefined);
    const framer = new LineFramer();
    socket.on('data', (chunk: Buffer) => {
      for (const framed of framer.push(chunk)) {
        if (framed.line === undefined) continue;
        try {
          const request = parseRequest(framed.line);
          this.requests.push({ request, remoteAddress: socket.remoteAddress });
          const reply = this.handler(request, conn);
          if (reply !== undefined) conn.write(reply);
        } catch (err) {
          if (err instanceof StratumProtocolError) conn.write(errorLine(err.requestId, err.rejection));
          else conn.write(errorLine(null, Rejections.InternalError));
        }
      }
    });
  }
}
