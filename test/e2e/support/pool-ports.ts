import { freePortFloor, portIsFree } from '@rxpool/devstack';

const FIRST_BASE = 12_000;

/** Every port a local pool with up to `gateways` gateways and `services` service processes needs. */
export interface PoolPorts {
  stratumPort: number;
  stratumTlsPort: number;
  healthPortBase: number;
  natsPort: number;
  monerodRpcPort: number;
  monerodZmqPort: number;
  walletRpcPort: number;
  adminGrpcPort: number;
  postgresPort: number;
  webPort: number;
}

/**
 * One block of 100 ports from 12000 up to devstack's freePortFloor (below the
 * kernel's ephemeral range, so no outgoing connection takes one meanwhile, and
 * below where freePort picks): gateway i listens 10·i above the
 * first (stratum at +0, TLS at +1, up to 4 gateways), health ports from +40,
 * the parts from +80; a NATS cluster of `natsNodes` from +87 (three ports a node, up to 4).
 * Tried at random bases until every port is free.
 */
export async function pickPoolPorts(gateways: number, services: number, natsNodes = 1): Promise<PoolPorts> {
  if (gateways > 4 || services > 40) throw new RangeError('a port block holds 4 gateways and 40 services');
  if (natsNodes > 4) throw new RangeError('a port block holds a NATS cluster of 4 nodes');
  const blocks = Math.floor((freePortFloor() - FIRST_BASE) / 100);
  if (blocks < 1) throw new Error(`no room for a port block between ${FIRST_BASE} and ${freePortFloor()}`);
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = FIRST_BASE + 100 * Math.floor(Math.random() * blocks);
    const ports: PoolPorts = {
      stratumPort: base,
      stratumTlsPort: base + 1,
      healthPortBase: base + 40,
      natsPort: natsNodes > 1 ? base + 87 : base + 80,
      monerodRpcPort: base + 81,
      monerodZmqPort: base + 82,
      walletRpcPort: base + 83,
      adminGrpcPort: base + 84,
      postgresPort: base + 85,
      webPort: base + 86,
    };
    const wanted = [
      ...Array.from({ length: gateways }, (_, i) => [base + 10 * i, base + 10 * i + 1]).flat(),
      ...Array.from({ length: services }, (_, i) => base + 40 + i),
      ...[80, 81, 82, 83, 84, 85, 86].map((d) => base + d),
      ...(natsNodes > 1 ? Array.from({ length: 3 * natsNodes }, (_, k) => base + 87 + k) : []),
    ];
    let free = true;
    for (const port of wanted) {
      if (!(await portIsFree(port))) {
        free = false;
        break;
      }
    }
    if (free) return ports;
  }
  throw new Error(`no free block of 100 ports found between ${FIRST_BASE} and ${freePortFloor()}`);
}
