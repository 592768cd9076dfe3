import { join } from 'node:path';
import { NatsBus } from '@rxpool/bus';
import { makeTestDir, type NatsInstance, startNats } from '@rxpool/devstack';
import type { MessageNames } from '@rxpool/messages';
import { createLogger, HealthRegistry } from '@rxpool/observability';
import type { JetStreamManager, NatsConnection } from 'nats';

export interface BusFixture {
  dir: string;
  nats: NatsInstance;
  bus: NatsBus;
  nc: NatsConnection;
  jsm: JetStreamManager;
  names: MessageNames;
  health: HealthRegistry;
  close(): Promise<void>;
}

/** A private nats-server with the pool's streams declared under `namespace`. */
export async function startBusFixture(label: string, namespace: string): Promise<BusFixture> {
  const dir = makeTestDir(label);
  const nats = await startNats({ dir: join(dir, 'nats') });
  const health = new HealthRegistry();
  const bus = new NatsBus({ url: nats.url, namespace, name: label }, health, createLogger(label, 'silent'));
  const nc = await bus.connect();
  await bus.ensureStreams();
  return {
    dir,
    nats,
    bus,
    nc,
    jsm: await bus.jetstreamManager(),
    names: bus.names,
    health,
    async close() {
      await bus.close();
      await nats.stop();
    },
  };
}
