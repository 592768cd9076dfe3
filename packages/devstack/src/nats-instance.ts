import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ManagedProcess } from './managed-process.js';
import { freePort, portAnswers, waitFor } from './net-utils.js';

export interface NatsInstance {
  url: string;
  port: number;
  process: ManagedProcess;
  /** Start again on the same port and store (after stop or kill). */
  restart(): Promise<void>;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

/** A private nats-server with JetStream, file store under `dir`. */
export async function startNats(options: {
  dir: string;
  port?: number;
  binary?: string;
}): Promise<NatsInstance> {
  const port = options.port ?? (await freePort());
  const storeDir = join(options.dir, 'jetstream');
  mkdirSync(storeDir, { recursive: true });
  const proc = new ManagedProcess({
    command: options.binary ?? 'nats-server',
    args: ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir],
    logFile: join(options.dir, 'nats-server.log'),
  });
  const up = async () => {
    proc.start();
    await waitFor(`nats-server on ${port}`, () => portAnswers(port), 15_000, 50);
  };
  await up();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    process: proc,
    restart: up,
    stop: () => proc.stop(),
    kill: () => proc.kill(),
  };
}
