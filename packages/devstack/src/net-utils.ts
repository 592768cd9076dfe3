import { readFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';

const handedOut = new Set<number>();
/** How many ports under the kernel's ephemeral range freePort picks from. */
const FREE_PORT_SPAN = 8_000;

/**
 * A TCP port that was free a moment ago on 127.0.0.1, taken from the
 * FREE_PORT_SPAN ports just below the kernel's ephemeral range: an outgoing
 * connection (which is given an ephemeral port) cannot take it before the
 * service it is meant for binds it. Never the same port twice in one process.
 */
export async function freePort(): Promise<number> {
  const top = ephemeralLow() - 1;
  const bottom = freePortFloor();
  if (top - bottom >= 1_000) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const port = bottom + Math.floor(Math.random() * (top - bottom + 1));
      if (handedOut.has(port)) continue;
      if ((await bindAndClose(port)) === port) {
        handedOut.add(port);
        return port;
      }
    }
  }
  const port = await bindAndClose(0);
  if (port === undefined) throw new Error('no free TCP port on 127.0.0.1');
  handedOut.add(port);
  return port;
}

/** The lowest port freePort hands out: fixed port blocks (the e2e pool's) stay below it. */
export function freePortFloor(): number {
  return Math.max(1024, ephemeralLow() - 1 - FREE_PORT_SPAN);
}

let ephemeralLowCached: number | undefined;

/** The lowest port the kernel gives outgoing connections (Linux); 32768 elsewhere. */
function ephemeralLow(): number {
  if (ephemeralLowCached !== undefined) return ephemeralLowCached;
  let low = 32_768;
  try {
    const read = Number(
      readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
    );
    if (Number.isInteger(read) && read > 0) low = read;
  } catch {
    // not Linux: the IANA default
  }
  ephemeralLowCached = low;
  return low;
}

/** Whether `port` can be listened on at `host` now (it may be taken a moment later). */
export async function portIsFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return (await bindAndClose(port, host)) !== undefined;
}

/** Binds `port` (0: any) and closes it; the port bound, or undefined if it was taken. */
function bindAndClose(port: number, host = '127.0.0.1'): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : undefined;
      server.close(() => resolve(bound));
    });
  });
}

export function portAnswers(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(port, host, () => done(true));
  });
}

/** Polls `probe` until it returns true or the deadline passes. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  timeoutMs = 30_000,
  everyMs = 100,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
