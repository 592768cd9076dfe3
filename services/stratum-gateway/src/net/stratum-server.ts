import { createServer, type Server, type Socket } from 'node:net';
import {
  createSecureContext,
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
const SERVER = Symbol('rxpool.server');
type SessionSocket = Socket & {
  [SESSION]?: MinerSession;
  [GATEWAY]?: StratumGateway;
  [SERVER]?: StratumServer;
};

/**
 * TCP and TLS listeners in front of the gateway. Socket handlers are module-level
 * functions bound through `this` (the socket), not closures per connection.
 */
export class StratumServer {
  private readonly servers: Server[] = [];
  private certificate: { cert: string; key: string; context: SecureContext } | undefined;
  /** Where each port ended up listening (port 0 picks one). */
  readonly bound = new Map<number, number>();

  constructor(
    private readonly gateway: StratumGateway,
    private readonly log: Logger,
  ) {}

  /** PEM certificate and key for TLS ports and TLS auto-detection. */
  setCertificate(cert: string, key: string): void {
    this.certificate = { cert, key, context: createSecureContext({ cert, key }) };
  }

  async listen(host: string, specs: readonly ListenerSpec[]): Promise<void> {
    for (const spec of specs) {
      const profile: ListenerProfile = { port: spec.port, tls: spec.tls, nicehash: spec.nicehash };
      let server: Server;
      if (spec.tls) {
        const { cert, key } = this.requireCertificate();
        server = createTlsServer({ cert, key }, (socket: TLSSocket) => this.attach(socket, profile));
        server.on('tlsClientError', (err) => this.log.debug({ err: err.message }, 'tls handshake failed'));
      } else {
        const detect = spec.autodetectTls && this.certificate !== undefined;
        server = createServer({ noDelay: true }, (socket) => this.attach(socket, profile, detect));
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

  /**
   * Stops accepting; open connections stay (the gateway drains them). Not awaited: a
   * server's close callback waits for every connection to end.
   */
  close(): void {
    for (const server of this.servers) server.close();
    this.servers.length = 0;
  }

  private attach(socket: Socket, profile: ListenerProfile, detectTls = false): void {
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    socket.on('error', onSocketError);
    const session = this.gateway.accept(socket, profile);
    if (session === undefined) return;
    const s = socket as SessionSocket;
    s[SESSION] = session;
    s[GATEWAY] = this.gateway;
    socket.on('close', onSocketClose);
    if (detectTls) {
      s[SERVER] = this;
      socket.once('data', onFirstData);
    } else {
      socket.on('data', onSocketData);
    }
  }

  /** The first chunk began a TLS handshake: the session continues over TLS. */
  upgradeToTls(socket: SessionSocket, first: Buffer): void {
    const session = socket[SESSION];
    if (session === undefined) return;
    socket.pause();
    socket.unshift(first);
    // The TLS socket reads the unshifted ClientHello from the socket's buffer itself
    // (on the next tick): resuming here would hand it to nobody.
    const secure = new TlsSocket(socket, {
      isServer: true,
      secureContext: this.requireCertificate().context,
    });
    const t = secure as unknown as SessionSocket;
    t[SESSION] = session;
    t[GATEWAY] = socket[GATEWAY];
    session.socket = secure;
    secure.on('error', onSocketError);
    secure.on('data', onSocketData);
  }

  private requireCertificate(): { cert: string; key: string; context: SecureContext } {
    if (this.certificate === undefined) throw new Error('TLS listener without a certificate');
    return this.certificate;
  }
}

function onSocketData(this: SessionSocket, chunk: Buffer): void {
  const session = this[SESSION];
  if (session !== undefined) this[GATEWAY]?.onData(session, chunk);
}

/** On a port with TLS detection: 0x16 opens a TLS handshake, anything else is stratum. */
function onFirstData(this: SessionSocket, first: Buffer): void {
  const server = this[SERVER];
  this[SERVER] = undefined;
  if (first[0] === TLS_HANDSHAKE && server !== undefined) {
    server.upgradeToTls(this, first);
    return;
  }
  this.on('data', onSocketData);
  onSocketData.call(this, first);
}

function onSocketClose(this: SessionSocket): void {
  const session = this[SESSION];
  if (session !== undefined) this[GATEWAY]?.onClosed(session);
}

function onSocketError(this: Socket): void {
  // 'close' follows; resets and aborted handshakes are routine for a public port.
  this.destroy();
}
