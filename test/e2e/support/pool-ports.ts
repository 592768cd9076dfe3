import { portIsFree } from '@rxpool/devstack';

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
 * One block of 100 ports below the kernel's ephemeral range (32768+), so no
 * outgoing connection takes one meanwhile, and below the 8,000 ports under it
 * where devstack's freePort picks: gateway i listens 10·i above the
 * first (stratum at +0, TLS at +1, up to 4 gateways), health ports from +40,
 * the parts from +80. Tried at random bases until every port is free.
 */
export async function pickPoolPorts(gateways: number, services: number): Promise<PoolPorts> {
  if (gateways > 4 || services > 40) throw new RangeError('a port block holds 4 gateways and 40 services');
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 12_000 + 100 * Math.floor(Math.random() * 120);
    const ports: PoolPorts = {
      stratumPort: base,
      stratumTlsPort: base + 1,
      healthPortBase: base + 40,
      natsPort: base + 80,
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
  throw new Error('no free block of 100 ports found between 12000 and 24000');
}
