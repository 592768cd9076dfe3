/** Private instances for one test file, stopped in reverse order by `cleanup.run()` (never the shared ones). */
import { join } from 'node:path';
import { type MonerodInstance, type NatsInstance, startMonerod, startNats } from '@rxpool/devstack';

export class Cleanup {
  private readonly stops: Array<() => Promise<void>> = [];

  add(stop: () => Promise<void>): void {
    this.stops.push(stop);
  }

  async run(): Promise<void> {
    for (let stop = this.stops.pop(); stop; stop = this.stops.pop()) await stop().catch(() => undefined);
  }
}

/** A private nats-server and a regtest monerod with a few blocks, under `dir`. */
export async function startNatsAndMonerod(
  dir: string,
  cleanup: Cleanup,
): Promise<{ nats: NatsInstance; monerod: MonerodInstance }> {
  const nats = await startNats({ dir: join(dir, 'nats') });
  cleanup.add(nats.stop);
  const monerod = await startMonerod({ dir: join(dir, 'monerod') });
  cleanup.add(monerod.stop);
  await monerod.generateBlocks(2);
  return { nats, monerod };
}
