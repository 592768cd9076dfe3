/** Test-only: one gateway process's service, in this process, on a private nats-server. */
import { NatsBus } from '@rxpool/bus';
import { EnvReader } from '@rxpool/config';
import { freePort, makeTestDir, type NatsInstance, startNats } from '@rxpool/devstack';
import { encodeJson, type MessageNames, type TemplateEvent } from '@rxpool/messages';
import { createLogger, HealthRegistry, Registry } from '@rxpool/observability';
import { ServiceKitModule, startServiceContext } from '@rxpool/service-kit';
import { StratumClient, type StratumClientOptions } from '@rxpool/stratum-client';
import { type GatewayConfig, readGatewayConfig } from '../config.js';
import { GatewayModule } from '../gateway.module.js';
import { GatewayService } from '../gateway-service.js';

export interface GatewayHarness {
  dir: string;
  nats: NatsInstance;
  bus: NatsBus;
  names: MessageNames;
  config: GatewayConfig;
  service: GatewayService;
  health: HealthRegistry;
  registry: Registry;
  ports: { plain: number; tls: number; nicehash: number };
  publishTemplate(event: TemplateEvent): Promise<void>;
  connect(options?: Partial<StratumClientOptions>): Promise<StratumClient>;
  /** Stops the gateway service (drain), then NATS. */
  stop(): Promise<void>;
}

let namespaceSeq = 0;

export async function startNatsBus(
  label: string,
): Promise<{ dir: string; nats: NatsInstance; bus: NatsBus; namespace: string }> {
  const dir = makeTestDir(label);
  const nats = await startNats({ dir });
  const namespace = `gw${process.pid}n${++namespaceSeq}`;
  const bus = new NatsBus(
    { url: nats.url, namespace, name: label },
    new HealthRegistry(),
    createLogger('test', 'silent'),
  );
  await bus.connect();
  await bus.ensureStreams();
  return { dir, nats, bus, namespace };
}

/**
 * Boots the gateway's module as main.ts does (same classes, real sockets, real NATS),
 * with test-sized limits; `env` overrides any variable.
 */
export async function startGatewayHarness(
  env: Record<string, string> = {},
  options: {
    template?: TemplateEvent;
    beforeStart?: (bus: NatsBus) => Promise<void>;
    /** The gateway's now, for a test that moves time itself. */
    now?: () => number;
  } = {},
): Promise<GatewayHarness> {
  const { dir, nats, bus } = await startNatsBus('gateway');
  const ports = { plain: await freePort(), tls: await freePort(), nicehash: await freePort() };
  const config = readGatewayConfig(
    new EnvReader({
      NATS_URL: nats.url,
      MONERO_NETWORK: 'mainnet',
      STRATUM_HOST: '127.0.0.1',
      STRATUM_PORTS: `${ports.plain},${ports.nicehash}`,
      STRATUM_TLS_PORTS: String(ports.tls),
      STRATUM_NICEHASH_PORTS: String(ports.nicehash),
      GATEWAY_STATE_DIR: dir,
      STRATUM_MIN_DIFFICULTY: '1',
      STRATUM_START_DIFFICULTY: '1000',
      STRATUM_TEMPLATE_GRACE_MS: '300',
      VALIDATE_TIMEOUT_MS: '3000',
      ...env,
    }),
  );
  const health = new HealthRegistry();
  const registry = new Registry();
  const logger = createLogger('stratum-gateway-test', process.env.TEST_LOG_LEVEL ?? 'silent');
  const kit = ServiceKitModule.forRoot({
    common: config.common,
    logger,
    bus,
    health,
    metrics: registry,
    serveHealth: false,
  });
  const publishTemplate = async (event: TemplateEvent) => {
    await bus.jetstream.publish(bus.names.subjects.template, encodeJson(event));
  };
  if (options.template !== undefined) await publishTemplate(options.template);
  await options.beforeStart?.(bus);
  const app = await startServiceContext(GatewayModule.forRoot(kit, config, options.now), logger);
  const service = app.get(GatewayService);
  return {
    dir,
    nats,
    bus,
    names: bus.names,
    config,
    service,
    health,
    registry,
    ports,
    publishTemplate,
    connect: (o = {}) =>
      StratumClient.connect({ host: '127.0.0.1', port: ports.plain, replyTimeoutMs: 5_000, ...o }),
    stop: async () => {
      await app.close();
      await bus.close();
      await nats.stop();
    },
  };
}

/** Polls until `probe` holds (for effects that arrive over the network). */
export async function eventually(probe: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
