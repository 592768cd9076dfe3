import { hostname } from 'node:os';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  BUS,
  configToken,
  HEALTH,
  LOGGER,
  METRICS,
  provider,
  serviceModule,
  valueToken,
} from '@rxpool/service-kit';
import { u32Hex } from '@rxpool/share-id';
import type { GatewayConfig } from './config.js';
import { StratumGateway } from './gateway.js';
import { connectionPolicy, GatewayService } from './gateway-service.js';
import { Keccak256 } from './jobs/keccak.js';
import { GatewayMetrics } from './metrics.js';
import { BanSync } from './nats/ban-sync.js';
import { InstanceIdLease } from './nats/instance-id-lease.js';
import { NatsShareValidator } from './nats/nats-share-validator.js';
import { TemplateFollower } from './nats/template-follower.js';
import { StratumServer } from './net/stratum-server.js';
import { StratumReadiness } from './stratum-readiness.js';

const CONFIG = configToken<GatewayConfig>();
/** The gateway's clock (ms since epoch); tests move it. */
export const GATEWAY_CLOCK = valueToken<() => number>('gateway.clock');

/** Breaks the lease/gateway cycle: the lease reports a new instance id here, the gateway listens. */
class InstanceIdChanges {
  private listener: () => void = () => undefined;
  listen(listener: () => void): void {
    this.listener = listener;
  }
  notify(): void {
    this.listener();
  }
}

const nats = [
  provider(BanSync, { bus: BUS, log: LOGGER }, ({ bus, log }) =>
    BanSync.open(bus.jetstream, bus.names.buckets.bans, log.child({ component: 'bans' }), bus.streamReplicas),
  ),
  provider(InstanceIdChanges, {}, () => new InstanceIdChanges()),
  provider(
    InstanceIdLease,
    { bus: BUS, config: CONFIG, log: LOGGER, changes: InstanceIdChanges },
    ({ bus, config, log, changes }) =>
      InstanceIdLease.open({
        js: bus.jetstream,
        bucket: bus.names.buckets.gatewayInstances,
        replicas: bus.streamReplicas,
        holder: `${hostname()}/${process.pid}`,
        ttlMs: config.leaseTtlMs,
        log: log.child({ component: 'lease' }),
        onChange: () => changes.notify(),
      }),
  ),
  provider(
    NatsShareValidator,
    { bus: BUS, config: CONFIG },
    ({ bus, config }) =>
      new NatsShareValidator(bus.connection, bus.names.subjects.validate, config.validateTimeoutMs),
  ),
  provider(
    TemplateFollower,
    { bus: BUS, log: LOGGER, gateway: StratumGateway, readiness: StratumReadiness },
    ({ bus, log, gateway, readiness }) =>
      new TemplateFollower(
        bus.jetstream,
        bus.names.streams.template,
        bus.names.subjects.template,
        (event) => {
          gateway.onTemplate(event);
          readiness.template(gateway.templates.current);
        },
        log.child({ component: 'templates' }),
      ),
  ),
];

const stratum = [
  provider(GatewayMetrics, { registry: METRICS }, ({ registry }) => new GatewayMetrics(registry)),
  provider(Keccak256, {}, () => Keccak256.create()),
  provider(StratumReadiness, { health: HEALTH }, ({ health }) => new StratumReadiness(health)),
  provider(
    StratumGateway,
    {
      config: CONFIG,
      log: LOGGER,
      metrics: GatewayMetrics,
      validator: NatsShareValidator,
      lease: InstanceIdLease,
      changes: InstanceIdChanges,
      keccak: Keccak256,
      bans: BanSync,
      now: GATEWAY_CLOCK,
    },
    ({ config, log, metrics, validator, lease, changes, keccak, bans, now }) => {
      const gateway = new StratumGateway({
        config,
        log: log.child({ component: 'stratum' }),
        metrics,
        validator,
        ids: lease,
        keccak,
        publishBan: (entry) => bans.publish(entry),
        name: () => `gateway-${u32Hex(lease.instanceId ?? 0)}`,
        now,
      });
      changes.listen(() => gateway.onInstanceIdChanged());
      return gateway;
    },
  ),
  provider(
    StratumServer,
    { gateway: StratumGateway, log: LOGGER, config: CONFIG },
    ({ gateway, log, config }) =>
      new StratumServer(gateway, log.child({ component: 'listener' }), connectionPolicy(config)),
  ),
];

/** Nest composes the gateway's classes; they stay plain, and GatewayService starts and stops them. */
@Module({})
export class GatewayModule {
  /** `clock`: tests that move time themselves. */
  static forRoot(kit: DynamicModule, config: GatewayConfig, now: () => number = Date.now): DynamicModule {
    return serviceModule({
      module: GatewayModule,
      kit,
      config,
      providers: [
        { provide: GATEWAY_CLOCK, useValue: now },
        ...stratum,
        ...nats,
        provider(
          GatewayService,
          {
            config: CONFIG,
            log: LOGGER,
            readiness: StratumReadiness,
            gateway: StratumGateway,
            server: StratumServer,
            bans: BanSync,
            lease: InstanceIdLease,
            follower: TemplateFollower,
          },
          (parts) => new GatewayService(parts),
        ),
      ],
      runtime: GatewayService,
      exports: [GatewayService],
    });
  }
}
