import { natsClusterPorts, portIsFree } from '@rxpool/devstack';
import type { PoolOptions } from './options.js';
import { gatewayPorts } from './service-plan.js';

export interface PoolPort {
  port: number;
  what: string;
  option: string;
}

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

/** Fails early, naming the option to change, rather than letting a child die on EADDRINUSE. */
export async function ensurePortsFree(host: string, wanted: readonly PoolPort[]): Promise<void> {
  const taken: string[] = [];
  for (const w of wanted) {
    if (!(await portIsFree(w.port, host)))
      taken.push(`${w.what} port ${w.port} (change it with ${w.option})`);
  }
  if (taken.length > 0) throw new PortTakenError(`ports already in use on ${host}: ${taken.join('; ')}`);
}

/** Every port the pool with options `o` listens on, with the option that moves it. */
export function poolPorts(o: PoolOptions): PoolPort[] {
  const ports: PoolPort[] = [
    ...natsPorts(o),
    { port: o.monerodRpcPort, what: 'monerod RPC', option: '--monerod-rpc-port' },
    { port: o.monerodZmqPort, what: 'monerod ZMQ', option: '--monerod-zmq-port' },
    { port: o.walletRpcPort, what: 'wallet-rpc', option: '--wallet-rpc-port' },
    { port: o.adminGrpcPort, what: 'admin gRPC', option: '--admin-grpc-port' },
    { port: o.webPort, what: 'web', option: '--web-port' },
  ];
  for (let i = 0; i < o.gateways; i++) {
    const g = gatewayPorts(o, i);
    ports.push({ port: g.stratum, what: 'stratum', option: '--stratum-port' });
    ports.push({ port: g.tls, what: 'stratum TLS', option: '--stratum-tls-port' });
  }
  const services = 3 + o.gateways + o.validators;
  for (let i = 0; i < services; i++) {
    ports.push({ port: o.healthPortBase + i, what: 'health', option: '--health-port-base' });
  }
  return ports;
}

/** The one nats-server's port, or every port of each cluster node (client, route, monitoring). */
function natsPorts(o: PoolOptions): PoolPort[] {
  if (o.natsCluster <= 1) return [{ port: o.natsPort, what: 'nats-server', option: '--nats-port' }];
  return Array.from({ length: o.natsCluster }, (_, i) => {
    const p = natsClusterPorts(o.natsPort, i);
    const what = `nats-server-${i + 1}`;
    return [
      { port: p.client, what, option: '--nats-port' },
      { port: p.cluster, what: `${what} route`, option: '--nats-port' },
      { port: p.monitor, what: `${what} monitoring`, option: '--nats-port' },
    ];
  }).flat();
}
