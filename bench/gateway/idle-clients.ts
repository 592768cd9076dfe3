/**
 * A child process of the P2 bench: opens COUNT connections to 127.0.0.1:PORT and holds
 * them. MODE=login logs each in as a miner (LoadGenerator); MODE=raw only connects (for
 * the bare server). Source addresses 127.0.SUBNET.1-250 keep each (source, target)
 * pair far from the ephemeral port range's end.
 * IPC out: {type:'opened', opened, failed, failures, ms}; in: {type:'count'} →
 * {type:'count', open}; {type:'close'} → closes everything and exits.
 */
import { connect, type Socket } from 'node:net';
import { LoadGenerator } from '@rxpool/stratum-client';

const port = Number(process.env.PORT);
const count = Number(process.env.COUNT);
const mode = process.env.MODE ?? 'login';
const subnet = Number(process.env.SUBNET ?? 0);
const wallet = process.env.WALLET ?? '';
const sources = Array.from({ length: 250 }, (_, i) => `127.0.${subnet}.${i + 1}`);
const send = (m: unknown) => process.send?.(m);

let isOpen: () => number;
let closeAll: () => Promise<void>;
const started = performance.now();

if (mode === 'login') {
  const gen = new LoadGenerator({
    host: '127.0.0.1',
    port,
    connections: count,
    sourceAddresses: sources,
    login: (i) => ({ login: `${wallet}.s${subnet}m${i}` }),
    openConcurrency: 50,
    connectTimeoutMs: 120_000,
    replyTimeoutMs: 120_000,
  });
  const r = await gen.open();
  isOpen = () => gen.clients.filter((c) => c.isOpen).length;
  closeAll = () => gen.close();
  send({ type: 'opened', opened: r.opened, failed: r.failed, failures: r.failures, ms: r.durationMs });
} else {
  const sockets: Socket[] = [];
  const failures: Record<string, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await new Promise<void>((resolve) => {
        const s = connect({ host: '127.0.0.1', port, localAddress: sources[i % sources.length] }, () => {
          sockets.push(s);
          resolve();
        });
        s.on('error', (err) => {
          failures[err.message] = (failures[err.message] ?? 0) + 1;
          resolve();
        });
      });
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  isOpen = () => sockets.filter((s) => !s.destroyed).length;
  closeAll = async () => {
    for (const s of sockets) s.destroy();
  };
  send({
    type: 'opened',
    opened: sockets.length,
    failed: count - sockets.length,
    failures,
    ms: performance.now() - started,
  });
}

process.on('message', (m: { type?: string }) => {
  if (m?.type === 'count') send({ type: 'count', open: isOpen() });
  if (m?.type === 'close') void closeAll().then(() => process.exit(0));
});
