/**
 * The bare baseline: a Node `net` server that does nothing but hold sockets and, when
 * told (IPC), write one line to each of them in a loop. With BARE_WORKERS > 1 it runs
 * as a node:cluster like the gateway (each worker under the open-files limit).
 *
 * Plain JavaScript on purpose: it runs with plain `node`, as the compiled gateway does.
 * Env: BARE_PORT, BARE_HOST (127.0.0.1), BARE_WORKERS (1).
 * IPC in: {type:'write', line}  → out: {type:'written', sockets, ms}
 *         {type:'count'}         → out: {type:'count', sockets}
 * Out at start: {type:'ready', port}
 */
import cluster from 'node:cluster';
import { createServer } from 'node:net';

const port = Number(process.env.BARE_PORT ?? 0);
const host = process.env.BARE_HOST ?? '127.0.0.1';
const workers = Number(process.env.BARE_WORKERS ?? 1);

if (workers > 1 && cluster.isPrimary) {
  let ready = 0;
  for (let i = 0; i < workers; i++) {
    cluster.fork().on('message', (m) => {
      if (m?.type === 'ready' && ++ready === workers) process.send?.({ type: 'ready', port });
    });
  }
  process.on('message', (m) => {
    if (m?.type === 'count') {
      const counts = [];
      for (const w of Object.values(cluster.workers ?? {})) {
        counts.push(
          new Promise((resolve) => {
            w?.once('message', (r) => resolve(r?.sockets ?? 0));
            w?.send({ type: 'count' });
          }),
        );
      }
      Promise.all(counts).then((c) =>
        process.send?.({ type: 'count', sockets: c.reduce((a, b) => a + b, 0) }),
      );
    }
  });
  process.on('SIGTERM', () => {
    for (const w of Object.values(cluster.workers ?? {})) w?.kill('SIGTERM');
    setTimeout(() => process.exit(0), 500);
  });
} else {
  const sockets = new Set();
  const server = createServer({ noDelay: true }, (socket) => {
    sockets.add(socket);
    socket.on('error', () => socket.destroy());
    socket.on('close', () => sockets.delete(socket));
  });
  server.listen({ port, host, backlog: 4096 }, () => {
    process.send?.({ type: 'ready', port: server.address().port });
  });
  process.on('message', (m) => {
    if (m?.type === 'write') {
      const start = performance.now();
      for (const socket of sockets) socket.write(m.line);
      process.send?.({ type: 'written', sockets: sockets.size, ms: performance.now() - start });
    } else if (m?.type === 'count') {
      process.send?.({ type: 'count', sockets: sockets.size });
    }
  });
  process.on('SIGTERM', () => process.exit(0));
}
