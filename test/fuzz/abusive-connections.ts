/**
 * The abusive parts of the fuzzer: addresses that flood invalid shares until
 * banned, and one address that opens many connections at once.
 */
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  type AbuserReport,
  connectFrom,
  type FloodRound,
  type FuzzerOptions,
  type FuzzReport,
} from './fuzz-report.js';

/** A line-oriented connection for the abusers. */
async function lineSocket(o: FuzzerOptions, ip: string) {
  const socket = await connectFrom(o, ip);
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  let buffered = '';
  let closed = false;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    for (let i = buffered.indexOf('\n'); i >= 0; i = buffered.indexOf('\n')) {
      lines.push(buffered.slice(0, i));
      buffered = buffered.slice(i + 1);
    }
    waiter?.();
  });
  socket.once('close', () => {
    closed = true;
    waiter?.();
  });
  const nextLine = async (timeoutMs: number): Promise<string | undefined> => {
    const deadline = Date.now() + timeoutMs;
    while (lines.length === 0 && !closed && Date.now() < deadline) {
      await Promise.race([
        new Promise<void>((resolve) => {
          waiter = resolve;
        }),
        sleep(Math.max(1, deadline - Date.now())),
      ]);
    }
    return lines.shift();
  };
  return { socket, nextLine, isClosed: () => closed, pending: () => lines.splice(0) };
}

const hex = (n: number) =>
  Array.from({ length: n }, () => '0123456789abcdef'[Math.floor(Math.random() * 16)]).join('');

const loginLine = (o: FuzzerOptions, index: number) =>
  JSON.stringify({
    id: 1,
    jsonrpc: '2.0',
    method: 'login',
    params: { login: `${o.abusers.address}.abuser${index}`, pass: 'x', agent: 'fuzz-abuser/1' },
  });

async function abuser(o: FuzzerOptions, ip: string, index: number): Promise<AbuserReport> {
  const r: AbuserReport = {
    ip,
    loggedIn: false,
    submits: 0,
    bannedAfterMs: null,
    refusedOnReconnect: false,
    lastMessage: '',
  };
  let conn: Awaited<ReturnType<typeof lineSocket>>;
  try {
    conn = await lineSocket(o, ip);
  } catch (err) {
    r.lastMessage = `connect: ${(err as Error).message}`;
    return r;
  }
  conn.socket.write(`${loginLine(o, index)}\n`);
  const reply = await conn.nextLine(15_000);
  let session = '';
  let jobId = '';
  try {
    const parsed = JSON.parse(reply ?? '{}') as { result?: { id: string; job: { job_id: string } } };
    session = parsed.result?.id ?? '';
    jobId = parsed.result?.job.job_id ?? '';
  } catch {
    // reported below
  }
  if (session === '' || jobId === '') {
    r.lastMessage = `login: ${reply ?? 'no reply'}`;
    conn.socket.destroy();
    return r;
  }
  r.loggedIn = true;
  const firstSubmit = Date.now();
  let nonce = index << 24;
  let id = 2;
  const submit = (job: string, n: string, result: string) =>
    `${JSON.stringify({ id: id++, jsonrpc: '2.0', method: 'submit', params: { id: session, job_id: job, nonce: n, result } })}\n`;
  const nonceHex = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
  while (!conn.isClosed() && Date.now() - firstSubmit < 60_000) {
    let burst = '';
    for (let i = 0; i < 10; i++) {
      const x = Math.random();
      if (x < 0.4)
        burst += submit(hex(16), nonceHex(nonce++), hex(64)); // unknown job
      else if (x < 0.6)
        burst += submit(jobId, nonceHex(nonce - 1), hex(64)); // duplicate nonce
      else if (x < 0.85)
        burst += submit(jobId, nonceHex(nonce++), `${hex(48)}ffffffffffffffff`); // low difficulty
      else if (x < 0.95)
        burst += submit(jobId, 'zzzzzzzz', hex(64)); // malformed nonce
      else burst += submit(jobId, nonceHex(nonce++), `${hex(48)}0000000000000000`); // wrong hash, meets the target
      r.submits++;
    }
    conn.socket.write(burst);
    await sleep(50);
    for (const line of conn.pending()) {
      if (/banned/i.test(line)) {
        r.bannedAfterMs ??= Date.now() - firstSubmit;
        r.lastMessage = line.slice(0, 200);
      }
    }
  }
  for (const line of conn.pending()) {
    if (/banned/i.test(line)) {
      r.bannedAfterMs ??= Date.now() - firstSubmit;
      r.lastMessage = line.slice(0, 200);
    }
  }
  conn.socket.destroy();
  await sleep(500);
  try {
    // The ban is this payout address from this address: its next login is refused, on the login's id.
    const again = await lineSocket(o, ip);
    again.socket.write(`${loginLine(o, index)}\n`);
    const first = await again.nextLine(5_000);
    r.refusedOnReconnect = /^\{"id":1,.*"message":"your IP is banned until /.test(first ?? '');
    if (!r.refusedOnReconnect) r.lastMessage = `reconnect: ${first ?? 'no line'}`;
    again.socket.destroy();
  } catch (err) {
    r.lastMessage = `reconnect: ${(err as Error).message}`;
  }
  return r;
}

async function floodRound(o: FuzzerOptions): Promise<FloodRound> {
  const round: FloodRound = { attempted: o.flood.connections, refused: 0, held: 0, failed: 0 };
  const sockets: { socket: net.Socket; ended: boolean }[] = [];
  await Promise.all(
    Array.from({ length: o.flood.connections }, async () => {
      try {
        const entry = { socket: await connectFrom(o, o.flood.ip), ended: false };
        sockets.push(entry);
        // As XMRig does: a login at once. One refused is told why on it.
        entry.socket.write(`${loginLine(o, 0)}\n`);
        entry.socket.on('data', (chunk: Buffer) => {
          if (chunk.includes('Too many connections')) round.refused++;
        });
        entry.socket.once('end', () => {
          entry.ended = true;
        });
        entry.socket.once('close', () => {
          entry.ended = true;
        });
      } catch {
        round.failed++;
      }
    }),
  );
  // Held: still open at the end (the refused ones are closed by then; the rest wait for a login).
  await sleep(o.flood.holdMs);
  round.held = sockets.filter((s) => !s.ended).length;
  for (const s of sockets) s.socket.destroy();
  return round;
}

export async function runFloods(o: FuzzerOptions, report: FuzzReport): Promise<void> {
  for (let i = 0; i < o.flood.rounds; i++) {
    report.flood.push(await floodRound(o));
    await sleep(o.flood.everyMs);
  }
}

export async function runAbusers(o: FuzzerOptions, report: FuzzReport): Promise<void> {
  await sleep(o.abusers.startDelayMs);
  report.abusers = await Promise.all(o.abusers.ips.map((ip, i) => abuser(o, ip, i)));
}
