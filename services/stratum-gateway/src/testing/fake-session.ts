/** Test-only: sessions on a fake socket that records what the gateway writes. */
import type { Socket } from 'node:net';
import { MinerSession } from '../session/miner-session.js';

export interface FakeSocket {
  lines: string[];
  ended: boolean;
  destroyed: boolean;
  writableLength: number;
  write(line: string): boolean;
  end(line?: string): void;
  destroy(): void;
}

export function fakeSocket(): FakeSocket {
  const socket: FakeSocket = {
    lines: [],
    ended: false,
    destroyed: false,
    writableLength: 0,
    write(line) {
      socket.lines.push(line);
      return true;
    },
    end(line) {
      if (line !== undefined) socket.lines.push(line);
      socket.ended = true;
    },
    destroy() {
      socket.destroyed = true;
    },
  };
  return socket;
}

export function fakeSession(options: { ip?: string; nicehash?: boolean; now?: number } = {}): {
  session: MinerSession;
  socket: FakeSocket;
} {
  const socket = fakeSocket();
  const session = new MinerSession(
    socket as unknown as Socket,
    { ip: options.ip ?? '10.0.0.1', group: options.ip ?? '10.0.0.1', allowlisted: false },
    { port: 3333, tls: false, nicehash: options.nicehash ?? false },
    options.now ?? 0,
    8192,
  );
  return { session, socket };
}

/** The parsed JSON of every line written. */
export function written(socket: FakeSocket): Record<string, unknown>[] {
  return socket.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
}
