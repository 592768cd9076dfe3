/**
 * A child process of the P10 bench: one address opening COUNT silent connections to
 * HOST:PORT (a TLS port: it connects and never sends a byte). With `reconnectMs` ≥ 0 a
 * connection the gateway closes is opened again that much later, so the flood lasts as
 * long as it runs; with -1 each is opened once.
 * IPC in: {type:'start', reconnectMs}, {type:'stats'}, {type:'stop'}; out: {type:'ready'},
 * {type:'ramped', ms} once every slot has tried once, {type:'stats', ...Stats},
 * {type:'stopped'}.
 */
import { connect, type Socket } from 'node:net';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT);
const source = process.env.SOURCE ?? '127.0.0.99';
const count = Number(process.env.COUNT ?? 10_000);
let reconnectMs = -1;
/** Connects in flight at once, so the ramp does not trip over itself. */
const inFlightMax = 500;

interface Stats {
  /** Open right now. */
  open: number;
  /** Most open at once. */
  peak: number;
  attempts: number;
  closedByServer: number;
  failed: number;
}

const stats: Stats = { open: 0, peak: 0, attempts: 0, closedByServer: 0, failed: 0 };
const sockets = new Set<Socket>();
let running = false;
let inFlight = 0;
const waiting: number[] = [];
const send = (m: unknown) => process.send?.(m);

function pump(): void {
  while (running && inFlight < inFlightMax && waiting.length > 0) open(waiting.shift() as number);
}

function open(slot: number): void {
  inFlight++;
  stats.attempts++;
  const socket = connect({ host, port, localAddress: source });
  sockets.add(socket);
  let connected = false;
  socket.once('connect', () => {
    connected = true;
    inFlight--;
    stats.open++;
    stats.peak = Math.max(stats.peak, stats.open);
    pump();
  });
  socket.on('error', () => undefined);
  socket.once('close', () => {
    sockets.delete(socket);
    if (connected) {
      stats.open--;
      if (running) stats.closedByServer++;
    } else {
      inFlight--;
      stats.failed++;
    }
    if (running && reconnectMs >= 0) setTimeout(() => again(slot), reconnectMs).unref();
    pump();
  });
}

function again(slot: number): void {
  // A reopen timer of the last flood must not add a slot to the next.
  if (!running) return;
  waiting.push(slot);
  pump();
}

process.on('message', (m: { type?: string; reconnectMs?: number }) => {
  if (m?.type === 'start') {
    running = true;
    reconnectMs = m.reconnectMs ?? -1;
    const started = performance.now();
    waiting.length = 0;
    for (let slot = 0; slot < count; slot++) waiting.push(slot);
    pump();
    const ramp = setInterval(() => {
      if (stats.attempts >= count) {
        clearInterval(ramp);
        send({ type: 'ramped', ms: performance.now() - started });
      }
    }, 50);
  } else if (m?.type === 'stats') {
    send({ type: 'stats', ...stats });
  } else if (m?.type === 'stop') {
    running = false;
    waiting.length = 0;
    for (const s of sockets) s.destroy();
    stats.peak = 0;
    stats.attempts = 0;
    stats.closedByServer = 0;
    stats.failed = 0;
    send({ type: 'stopped' });
  }
});
send({ type: 'ready' });
