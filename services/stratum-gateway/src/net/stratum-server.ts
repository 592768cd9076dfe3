import { createServer, type Server, type Socket } from 'node:net';
import { createSecureContext, type SecureContext, TLSSocket } from 'node:tls';
import type { Logger } from '@rxpool/observability';
import { parseProxyHeader, startsLikeProxyHeader } from '@rxpool/stratum';
import { type IpAllowlist, normalizeIp } from '../abuse/ip-address.js';
import type { StratumGateway } from '../gateway.js';
import type { ListenerProfile, MinerSession } from '../session/miner-session.js';
import { HandshakeDeadlines } from './handshake-deadlines.js';

/** The first byte of a TLS handshake record. */
const TLS_HANDSHAKE = 0x16;
const KEEPALIVE_MS = 60_000;
const EMPTY = Buffer.alloc(0);

export interface ListenerSpec {
  port: number;
  tls: boolean;
  nicehash: boolean;
  /** Plain port only: a client that opens with a TLS handshake is served over TLS. */
  autodetectTls: boolean;
}

/** What every connection goes through before it is a session. */
export interface ConnectionPolicy {
  /** From accept to a finished PROXY header and TLS handshake (and a refused login's answer). */
  handshakeTimeoutMs: number;
  /** Connections of this process, those still sending their PROXY header included. */
  maxConnections: number;
  /** Peers that must send a PROXY header, which is then believed; undefined = PROXY protocol off. */
  proxyTrusted: IpAllowlist | undefined;
}

interface PortProfile extends ListenerProfile {
  /** Look at the first bytes before stratum: a TLS handshake, or a PROXY header from a peer not trusted. */
  readonly sniff: boolean;
}

/** State stored on the socket, so the handlers below are shared functions, not closures per connection. */
const SESSION = Symbol('rxpool.session');
const GATEWAY = Symbol('rxpool.gateway');
const SERVER = Symbol('rxpool.server');
const PROFILE = Symbol('rxpool.profile');
/** The PROXY header read so far; set while it is awaited. */
const HEADER = Symbol('rxpool.header');
type SessionSocket = Socket & {
  [SESSION]?: MinerSession;
  [GATEWAY]?: StratumGateway;
  [SERVER]?: StratumServer;
  [PROFILE]?: PortProfile;
  [HEADER]?: Buffer;
};

/**
 * TCP listeners in front of the gateway, TLS ports included: every port accepts plain TCP,
 * so bans, caps and the handshake timeout apply before a TLS handshake (or a PROXY header)
 * costs anything; TLS is started on the accepted socket. Socket handlers are module-level
 * functions bound through `this` (the socket), not closures per connection.
 */
export class StratumServer {
  private readonly servers: Server[] = [];
  private certificate: { cert: string; key: string; context: SecureContext } | undefined;
  private readonly deadlines: HandshakeDeadlines<SessionSocket>;
  /** Trusted peers' connections whose PROXY header is not complete yet. */
  private pendingHeaders = 0;
  /** Where each port ended up listening (port 0 picks one). */
  readonly bound = new Map<number, number>();

  constructor(
    private readonly gateway: StratumGateway,
    private readonly log: Logger,
    private readonly policy: ConnectionPolicy,
  ) {
    this.deadlines = new HandshakeDeadlines(policy.handshakeTimeoutMs, (socket) => this.expire(socket));
  }

  /** PEM certificate and key for TLS ports and TLS auto-detection. */
  setCertificate(cert: string, key: string): void {
    this.certificate = { cert, key, context: createSecureContext({ cert, key }) };
  }

  async listen(host: string, specs: readonly ListenerSpec[]): Promise<void> {
    for (const spec of specs) {
      if (spec.tls) this.requireCertificate();
      const detect = !spec.tls && spec.autodetectTls && this.certificate !== undefined;
      const profile: PortProfile = {
        port: spec.port,
        tls: spec.tls,
        nicehash: spec.nicehash,
        sniff: detect || (!spec.tls && this.policy.proxyTrusted !== undefined),
      };
      const server = createServer({ noDelay: true }, (socket) => this.onConnection(socket, profile));
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
    this.deadlines.stop();
  }

  /** Cheap for a connection that is dropped at once (a flood): nothing is set up before admission. */
  private onConnection(socket: SessionSocket, profile: PortProfile): void {
    socket.on('error', onSocketError);
    if (this.gateway.sessions.size + this.pendingHeaders >= this.policy.maxConnections) {
      this.gateway.metrics.connectionsRefused.inc({ reason: 'process_limit' });
      socket.destroy();
      return;
    }
    const trusted = this.policy.proxyTrusted;
    if (trusted?.has(normalizeIp(socket.remoteAddress)) === true) {
      socket[SERVER] = this;
      this.deadlines.add(socket);
      this.pendingHeaders++;
      socket[PROFILE] = profile;
      socket[HEADER] = EMPTY;
      socket.on('data', onHeaderData);
      socket.once('close', onPendingClose);
      return;
    }
    this.admit(socket, socket.remoteAddress, profile, EMPTY);
  }

  /** A trusted peer's PROXY header is complete (or refused). */
  headerRead(socket: SessionSocket, outcome: ReturnType<typeof parseProxyHeader>): void {
    if (outcome.kind === 'incomplete') return;
    const header = socket[HEADER] ?? EMPTY;
    const profile = socket[PROFILE];
    this.endPending(socket);
    socket.off('data', onHeaderData);
    if (outcome.kind === 'invalid' || profile === undefined) {
      this.gateway.metrics.connectionsRefused.inc({ reason: 'proxy_header' });
      this.log.debug(
        { peer: socket.remoteAddress, why: outcome.kind === 'invalid' ? outcome.reason : '' },
        'PROXY header refused',
      );
      socket.destroy();
      return;
    }
    // A LOCAL or UNKNOWN header: the balancer's own connection (a health check).
    const address = outcome.source?.address ?? socket.remoteAddress;
    this.admit(socket, address, profile, header.subarray(outcome.length));
  }

  endPending(socket: SessionSocket): void {
    if (socket[HEADER] === undefined) return;
    socket[HEADER] = undefined;
    this.pendingHeaders--;
  }

  /** The client is known (socket or PROXY header); `first` holds bytes already read after a header. */
  private admit(
    socket: SessionSocket,
    address: string | undefined,
    profile: PortProfile,
    first: Buffer,
  ): void {
    const session = this.gateway.accept(socket, address, profile);
    if (session === undefined) return;
    socket.setNoDelay(true);
    socket.setKeepAlive(true, KEEPALIVE_MS);
    // A trusted peer's socket has its deadline since accept already.
    if (socket[SERVER] === undefined) {
      socket[SERVER] = this;
      this.deadlines.add(socket);
    }
    socket[SESSION] = session;
    socket[GATEWAY] = this.gateway;
    socket.on('close', onSocketClose);
    if (profile.tls) {
      this.startTls(socket, first);
    } else if (profile.sniff) {
      if (first.length > 0) onFirstData.call(socket, first);
      else socket.once('data', onFirstData);
    } else {
      socket.on('data', onSocketData);
      if (first.length > 0) onSocketData.call(socket, first);
    }
  }

  /** The session continues over TLS; `first` (a ClientHello's start, if read) is handed back to the socket. */
  startTls(socket: SessionSocket, first: Buffer): void {
    const session = socket[SESSION];
    if (session === undefined) return;
    session.awaitingHandshake = true;
    socket.pause();
    if (first.length > 0) socket.unshift(first);
    // The TLS socket reads the unshifted bytes from the socket's buffer itself (on the
    // next tick): resuming here would hand them to nobody.
    const secure = new TLSSocket(socket, {
      isServer: true,
      secureContext: this.requireCertificate().context,
    });
    const t = secure as unknown as SessionSocket;
    t[SESSION] = session;
    t[GATEWAY] = socket[GATEWAY];
    session.socket = secure;
    secure.on('error', onSocketError);
    secure.once('secure', onSecure);
    secure.on('data', onSocketData);
  }

  /** Handshake deadline: a header, a TLS handshake or a refused login's answer still due. */
  private expire(socket: SessionSocket): void {
    if (socket.destroyed) return;
    const session = socket[SESSION];
    const due = session === undefined ? socket[HEADER] !== undefined : session.awaitingHandshake;
    if (!due) return;
    if (session === undefined || session.isOpen) this.gateway.metrics.handshakeTimeouts.inc();
    socket.destroy();
  }

  /** A first chunk on a plain port with something to look for. */
  sniffed(socket: SessionSocket, first: Buffer): void {
    if (this.policy.proxyTrusted !== undefined && startsLikeProxyHeader(first)) {
      // A header from a peer not trusted would let it pick its own address.
      this.gateway.metrics.connectionsRefused.inc({ reason: 'proxy_untrusted' });
      socket.destroy();
      return;
    }
    if (first[0] === TLS_HANDSHAKE && this.certificate !== undefined) {
      this.startTls(socket, first);
      return;
    }
    socket.on('data', onSocketData);
    onSocketData.call(socket, first);
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

function onHeaderData(this: SessionSocket, chunk: Buffer): void {
  const header = this[HEADER];
  if (header === undefined) return;
  const all = header.length === 0 ? chunk : Buffer.concat([header, chunk]);
  this[HEADER] = all;
  this[SERVER]?.headerRead(this, parseProxyHeader(all));
}

function onPendingClose(this: SessionSocket): void {
  this[SERVER]?.endPending(this);
}

function onFirstData(this: SessionSocket, first: Buffer): void {
  this[SERVER]?.sniffed(this, first);
}

function onSecure(this: SessionSocket): void {
  const session = this[SESSION];
  // A refused session stays due until its login is answered.
  if (session !== undefined && session.refusal === undefined) session.awaitingHandshake = false;
}

function onSocketClose(this: SessionSocket): void {
  const session = this[SESSION];
  if (session !== undefined) this[GATEWAY]?.onClosed(session);
}

function onSocketError(this: Socket): void {
  // 'close' follows; resets and aborted handshakes are routine for a public port.
  this.destroy();
}
