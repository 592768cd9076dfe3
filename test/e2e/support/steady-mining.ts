import { TEST_WALLET } from '@rxpool/devstack';
import type { HasherSource } from '@rxpool/stratum-client';
import { HonestMiner } from './honest-miner.js';
import { PoolUnderTest, type PoolUnderTestOptions } from './pool-under-test.js';

/**
 * The pool the fault suites break: two gateways, two validators (one hashing thread each)
 * and a share every few seconds per miner, so "mining again" is seen within seconds.
 */
export function startSteadyPool(
  o: Omit<PoolUnderTestOptions, 'gateways' | 'validators' | 'serviceEnv'>,
): Promise<PoolUnderTest> {
  return PoolUnderTest.start({
    ...o,
    gateways: 2,
    validators: 2,
    serviceEnv: {
      'share-validator': { VALIDATOR_THREADS: '1' },
      'stratum-gateway': { VARDIFF_TARGET_SECONDS: '3' },
    },
  });
}

/** Four test miners mining, a1 and a2 on the first gateway, b1 and b2 on the second. */
export function fourMiners(pool: PoolUnderTest, hashers: HasherSource): HonestMiner[] {
  return ['a1', 'a2', 'b1', 'b2'].map((worker, i) =>
    new HonestMiner({
      worker,
      miner: TEST_WALLET.address,
      host: '127.0.0.1',
      port: pool.gatewayPort(i < 2 ? 0 : 1),
      hashers,
    }).start(),
  );
}
