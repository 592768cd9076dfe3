import type { Logger } from '@rxpool/observability';
import type { ServiceRuntime } from '@rxpool/service-kit';
import { IpAllowlist } from './abuse/ip-address.js';
import type { GatewayConfig } from './config.js';
import type { StratumGateway } from './gateway.js';
import type { BanSync } from './nats/ban-sync.js';
import type { InstanceIdLease } from './nats/instance-id-lease.js';
import type { TemplateFollower } from './nats/template-follower.js';
import { connectionCap, openFileLimit } from './net/open-file-limit.js';
import type { ConnectionPolicy, ListenerSpec, StratumServer } from './net/stratum-server.js';
import { loadTlsCertificate } from './net/tls-certificate.js';
import type { StratumReadiness } from './stratum-readiness.js';

/** The listener list from the configuration. */
export function listenerSpecs(config: GatewayConfig): ListenerSpec[] {
  const { ports, tlsPorts, tlsAutodetect, nicehashPorts } = config.listen;
  return [
    ...ports.map((port) => ({
      port,
      tls: false,
      nicehash: nicehashPorts.includes(port),
      autodetectTls: tlsAutodetect,
    })),
    ...tlsPorts.map((port) => ({
      port,
      tls: true,
      nicehash: nicehashPorts.includes(port),
      autodetectTls: false,
    })),
  ];
}

/** Handshake timeout, the process's connection cap, who may send a PROXY header. */
export function connectionPolicy(config: GatewayConfig): ConnectionPolicy {
  const trusted = config.listen.proxyTrustedCidrs;
  return {
    handshakeTimeoutMs: config.limits.handshakeTimeoutMs,
    maxConnections: connectionCap(config.limits.maxConnections, openFileLimit()),
    proxyTrusted: trusted === undefined ? undefined : new IpAllowlist(trusted),
  };
}

/** The parts one gateway process starts and stops (GatewayModule provides each). */
export interface GatewayParts {
  config: GatewayConfig;
  log: Logger;
  readiness: StratumReadiness;
  gateway: StratumGateway;
  server: StratumServer;
  bans: BanSync;
  lease: InstanceIdLease;
  follower: TemplateFollower;
}

/**
 * The gateway's runtime: bans, instance id lease, template stream, listeners, in
 * that order, and back in reverse on SIGTERM.
 */
export class GatewayService implements ServiceRuntime {
  constructor(private readonly parts: GatewayParts) {}

  get gateway(): StratumGateway {
    return this.parts.gateway;
  }

  get server(): StratumServer {
    return this.parts.server;
  }

  async start(): Promise<void> {
    const { config, log, readiness, gateway, server, bans, lease, follower } = this.parts;
    await bans.start(
      (entry) => gateway.applyBan(entry),
      (key) => gateway.liftBan(key),
    );
    await lease.acquire();
    const specs = listenerSpecs(config);
    if (specs.some((s) => s.tls || s.autodetectTls)) {
      const certificate = await loadTlsCertificate(config.tls);
      server.setCertificate(certificate.cert, certificate.key);
      log.info({ tlsFingerprint: certificate.fingerprint, source: certificate.source }, 'tls certificate');
    }
    await follower.start();
    await server.listen(config.listen.host, specs);
    gateway.startSweeper();
    readiness.listening();
  }

  /** SIGTERM: stop accepting, let in-flight submits finish, close miners' connections. */
  async stop(): Promise<void> {
    const { readiness, config, log, gateway, server, follower, bans, lease } = this.parts;
    readiness.draining();
    server.close();
    const open = gateway.sessions.size;
    await gateway.drain(config.drainTimeoutMs);
    log.info({ closed: open }, 'miners disconnected');
    await follower.stop();
    await bans.stop();
    await lease.release();
  }
}
