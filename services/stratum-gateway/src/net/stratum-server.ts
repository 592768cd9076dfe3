import { createServer, type Server, type Socket } from 'node:net';
import {
  createServer as createTlsServer,
  type SecureContext,
  type TLSSocket,
  TLSSocket as TlsSocket,
} from 'node:tls';
import type { Logger } from '@rxpool/observability';
import type { StratumGateway } from '../gateway.js';
import type { ListenerProfile, MinerSession } from '../session/miner-session.js';

/** The first byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;
const KEEPALIVE_MS = 60_000;

export interface ListenerSpec {
  port: number;
  tls: boolean;
  nicehash: boolean;
  /** Plain port only: a client that opens with a TLS handshake is served over TLS. */
  autodetectTls: boolean;
}

/** The socket's session and gateway, stored on the socket so the handlers below can be shared. */
const SESSION = Symbol('rxpool.session');
const GATEWAY = Symbol('rxpool.gateway');
type SessionSocket = Socket & { [SESSION]?: MinerSession; [GATEWAY]?: StratumGateway };

/**
 * TCP and TLS listeners in front of the gateway. Socket handlers are module-level
 * functions bound through `this` (the socket), not closures per connection.
 */
export class StratumServer {
  private readonly servers: Server[] = [];
  private secureContext: SecureContext | undefined;
  /** Where each port ended up listening (port 0 picks one). */
  readonly bound = new Map<number, number>();

  constructor(
    private readonly gateway: StratumGateway,
    private readonly log: Logger,
  ) {}

  setSecureContext(context: SecureContext): void {
    this.secureContext = context;
  }

  async listen(host: string, specs: readonly ListenerSpec[]): Promise<void> {
    for (const spec of specs) {
      const profile: ListenerProfile = { port: spec.port, tls: spec.tls, nicehash: spec.nicehash };
      let server: Server;
      if (spec.tls) {
        const context = this.requireContext();
        server = createTlsServer({ secureContext: context }, (socket: TLSSocket) =>
          this.attach(socket, profile),
        );
        server.on('tlsClientError', (err) => this.log.debug({ err: err.message }, 'tls handshake failed'));
      } else {
        const tlsProfile: ListenerProfile = { ...profile, tls: true };
        const detect = spec.autodetectTls && this.secureContext !== undefined;
        server = createServer({ noDelay: true }, (socket) => {
          if (detect) this.detectTls(socket, profile, tlsProfile);
          else this.attach(socket, profile);
        });
      }
      server.on('error', (err) => this.log.error({ err, port: spec.port }, 'listener error'));
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port: spec.port, host, backlog: 4096 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : spec.port;
      this.bound.set(spec.port, port);
      this.servers.push(server);
      this.log.info({ host, port, tls: spec.tls, nicehash: spec.nicehash }, 'stratum listening');
    }
  }

  /** Stops accepting; open connections stay. */
  async close(): Promise<void> {
    await Promise.all(
      this.servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))),
    );
    this.servers.length = 0;
  }

  private attach(socket: Socket, profile: ListenerProfile): void {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    const session = this.gateway.accept(socket, profile);
    socket.on('error', onSocketError);
    if (session === undefined) return;
    (socket as SessionSocket)[SESSION] = session;
    (socket as SessionSocket)[GATEWAY] = this.gateway;
    socket.on('data', onSocketData);
    socket.on('close', onSocketClose);
  }

  /** Peeks at the first chunk: 0x16 starts a TLS handshake, anything else is stratum. */
  private detectTls(socket: Socket, plain: ListenerProfile, tls: ListenerProfile): void {
    socket.once('data', (first: Buffer) => {
      socket.pause();
      socket.unshift(first);
      if (first[0] !== TLS_HANDSHAKE) {
        this.attach(socket, plain);
        socket.resume();
        return;
      }
      const secure = new TlsSocket(socket, { isServer: true, secureContext: this.requireContext() });
      secure.on('error', onSocketError);
      secure.once('secure', () => this.attach(secure, tls));
      socket.resume();
    });
    socket.on('error', onSocketError);
  }

  private requireContext(): SecureContext {
    if (this.secureContext === undefined) throw new Error('TLS listener without a certificate');
    return this.secureContext;
  }
}

function onSocketData(this: SessionSocket, chunk: Buffer): void {
  const session = this[SESSION];
  if (session !== undefined) this[GATEWAY]?.onData(session, chunk);
}

function onSocketClose(this: SessionSocket): void {
  const session = this[SESSION];
  if (session !== undefined) this[GATEWAY]?.onClosed(session);
}

function onSocketError(this: Socket): void {
  // 'close' follows; resets and aborted handshakes are routine for a public port.
  this.destroy();
}
