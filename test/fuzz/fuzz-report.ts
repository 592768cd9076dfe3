/** What the fuzzer is told and what it reports (shared by the fuzzer process and the tests). */
import net from 'node:net';
import { LINE_KINDS } from './line-generator.js';

export interface FuzzerOptions {
  host: string;
  port: number;
  lines: number;
  linesPerSecond: number;
  concurrency: number;
  seed: number;
  /** Second octet of the garbage connections' source addresses. */
  garbageNet: number;
  /** How many source addresses the garbage connections rotate over. */
  garbageAddresses: number;
  abusers: { ips: string[]; address: string; startDelayMs: number };
  flood: { ip: string; connections: number; rounds: number; everyMs: number; holdMs: number };
  progressEveryMs: number;
}

export interface AbuserReport {
  ip: string;
  loggedIn: boolean;
  submits: number;
  /** From the first submit to the "banned" line. */
  bannedAfterMs: number | null;
  /** A new connection afterwards was refused with "your IP is banned". */
  refusedOnReconnect: boolean;
  lastMessage: string;
}

export interface FloodRound {
  attempted: number;
  /** Answered "Too many connections" and closed. */
  refused: number;
  /** Still open at the end of the hold (accepted, awaiting a login). */
  held: number;
  failed: number;
}

export interface FuzzReport {
  linesSent: number;
  bytesSent: number;
  byKind: Record<string, number>;
  byProfile: Record<string, { connections: number; lines: number }>;
  connections: number;
  connectFailed: number;
  closedByServer: number;
  repliesReceived: number;
  /** Error messages the gateway answered, by message (the commonest). */
  replyMessages: Record<string, number>;
  durationMs: number;
  abusers: AbuserReport[];
  flood: FloodRound[];
}

export function emptyReport(): FuzzReport {
  return {
    linesSent: 0,
    bytesSent: 0,
    byKind: Object.fromEntries(LINE_KINDS.map((k) => [k, 0])),
    byProfile: {},
    connections: 0,
    connectFailed: 0,
    closedByServer: 0,
    repliesReceived: 0,
    replyMessages: {},
    durationMs: 0,
    abusers: [],
    flood: [],
  };
}

const MESSAGE = /"message":"([^"]{0,80})/g;

/** Counts the reply lines in a chunk the gateway sent, and their error messages. */
export function countReplies(report: FuzzReport, chunk: Buffer): void {
  const s = chunk.toString('latin1');
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) report.repliesReceived++;
  for (const m of s.matchAll(MESSAGE)) {
    const key = m[1] ?? '';
    report.replyMessages[key] = (report.replyMessages[key] ?? 0) + 1;
  }
}

/** A TCP connection to the gateway from a given loopback source address. */
export function connectFrom(o: { host: string; port: number }, localAddress: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: o.host, port: o.port, localAddress });
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), 10_000);
    socket.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}
