import { hostname } from 'node:os';
import type { NatsBus } from '@rxpool/bus';
import type { HealthRegistry, Logger, Registry } from '@rxpool/observability';
import { u32Hex } from '@rxpool/share-id';
import { IpAllowlist } from './abuse/ip-address.js';
import type { GatewayConfig } from './config.js';
import { StratumGateway } from './gateway.js';
import { Keccak256 } from './jobs/keccak.js';
import { GatewayMetrics } from './metrics.js';
import { BanSync } from './nats/ban-sync.js';
import { InstanceIdLease } from './nats/instance-id-lease.js';
import { NatsShareValidator } from './nats/nats-share-validator.js';
import { TemplateFollower } from './nats/template-follower.js';
import { connectionCap, openFileLimit } from './net/open-file-limit.js';
import { type ConnectionPolicy, type ListenerSpec, StratumServer } from './net/stratum-server.js';
import { loadTlsCertificate } from './net/tls-certificate.js';

export interface GatewayServiceDeps {
  config: GatewayConfig;
  bus: NatsBus;
  log: Logger;
  health: HealthRegistry;
  registry: Registry;
  /** The gateway's clock (ms since epoch); tests move it. */
  clock?: () => number;
}

const STRATUM = 'stratum';

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

/**
 * Starts and stops one gateway process: instance id lease, bans, template stream,
 * listeners. Ready once it listens with a template and an instance id.
 */
export class GatewayService {
  gateway: StratumGateway | undefined;
  server: StratumServer | undefined;
  private lease: InstanceIdLease | undefined;
  private follower: TemplateFollower | undefined;
  private bans: BanSync | undefined;
  private hasTemplate = false;

  constructor(private readonly deps: GatewayServiceDeps) {
    deps.health.register(STRATUM, 'starting');
  }

  async start(): Promise<void> {
    const { config, bus, log, health, registry } = this.deps;
    const names = bus.names;
    const js = bus.jetstream;
    const metrics = new GatewayMetrics(registry);
    const keccak = await Keccak256.create();
    const bans = await BanSync.open(
      js,
      names.buckets.bans,
      log.child({ component: 'bans' }),
      bus.streamReplicas,
    );
    this.bans = bans;
    const lease = await InstanceIdLease.open({
      js,
      bucket: names.buckets.gatewayInstances,
      replicas: bus.streamReplicas,
      holder: `${hostname()}/${process.pid}`,
      ttlMs: config.leaseTtlMs,
      log: log.child({ component: 'lease' }),
      onChange: () => this.gateway?.onInstanceIdChanged(),
    });
    this.lease = lease;
    const gateway = new StratumGateway({
      config,
      log: log.child({ component: 'stratum' }),
      metrics,
      validator: new NatsShareValidator(bus.connection, names.subjects.validate, config.validateTimeoutMs),
      ids: lease,
      keccak,
      publishBan: (entry) => bans.publish(entry),
      name: () => `gateway-${u32Hex(lease.instanceId ?? 0)}`,
      clock: this.deps.clock,
    });
    this.gateway = gateway;
    await bans.start(
      (entry) => gateway.applyBan(entry),
      (key) => gateway.liftBan(key),
    );
    await lease.acquire();

    const server = new StratumServer(gateway, log.child({ component: 'listener' }), connectionPolicy(config));
    this.server = server;
    const specs = listenerSpecs(config);
    if (specs.some((s) => s.tls || s.autodetectTls)) {
      const certificate = await loadTlsCertificate(config.tls);
      server.setCertificate(certificate.cert, certificate.key);
      log.info({ tlsFingerprint: certificate.fingerprint, source: certificate.source }, 'tls certificate');
    }
    this.follower = new TemplateFollower(
      js,
      names.streams.template,
      names.subjects.template,
      (event) => {
        gateway.onTemplate(event);
        if (!this.hasTemplate && gateway.templates.current !== undefined) {
          this.hasTemplate = true;
          health.set(STRATUM, true, 'serving');
        }
      },
      log.child({ component: 'templates' }),
    );
    await this.follower.start();
    await server.listen(config.listen.host, specs);
    gateway.startSweeper();
    if (!this.hasTemplate) health.set(STRATUM, false, 'waiting for a block template');
  }

  /** SIGTERM: stop accepting, let in-flight submits finish, close miners' connections. */
  async stop(): Promise<void> {
    const { health, config, log } = this.deps;
    health.set(STRATUM, false, 'draining');
    this.server?.close();
    if (this.gateway !== undefined) {
      const open = this.gateway.sessions.size;
      await this.gateway.drain(config.drainTimeoutMs);
      log.info({ closed: open }, 'miners disconnected');
    }
    await this.follower?.stop();
    await this.bans?.stop();
    await this.lease?.release();
  }
}
