/**
 * Test-only: runs inside a network namespace (`ip netns exec … node netns-agent.ts`) and
 * drives stratum clients and raw sockets there for the test process, over the IPC
 * channel. See netns.ts for the other side.
 *
 * In: {id, op, args}. Out: {id, value} or {id, error: {name, message}}, and events
 * {event: 'closed', client, at} / {event: 'rawClosed', raw, at, received}.
 */
import net from 'node:net';
import { StratumClient, type StratumClientOptions } from '@rxpool/stratum-client';

export interface AgentRequest {
  id: number;
  op: 'connect' | 'call' | 'state' | 'raw' | 'rawWrite' | 'rawDestroy';
  args: unknown[];
}

export type AgentMessage =
  | { id: number; value: unknown }
  | { id: number; error: { name: string; message: string } }
  | { event: 'ready' }
  | { event: 'closed'; client: number; at: number }
  | { event: 'rawClosed'; raw: number; at: number; received: string };

export type AgentEvent = Extract<AgentMessage, { event: string }>;

/** What a test may call on a client in the namespace. */
export const CLIENT_METHODS = [
  'login',
  'submit',
  'request',
  'keepalived',
  'getJob',
  'nextUnsolicited',
  'sendRaw',
  'close',
  'destroy',
] as const;
export type ClientMethod = (typeof CLIENT_METHODS)[number];

export interface RawOptions {
  host: string;
  port: number;
  localAddress?: string;
  /** Written once connected (hex). */
  dataHex?: string;
}

const clients = new Map<number, StratumClient>();
const raws = new Map<number, net.Socket>();
let nextId = 0;
const send = (m: AgentMessage) => process.send?.(m);

async function handle(req: AgentRequest): Promise<unknown> {
  switch (req.op) {
    case 'connect': {
      const options = req.args[0] as StratumClientOptions & { preambleHex?: string };
      const { preambleHex, ...rest } = options;
      const preamble = preambleHex === undefined ? undefined : Buffer.from(preambleHex, 'hex');
      const client = await StratumClient.connect({ ...rest, ...(preamble ? { preamble } : {}) });
      const id = ++nextId;
      clients.set(id, client);
      void client.closed.then(() => send({ event: 'closed', client: id, at: Date.now() }));
      return id;
    }
    case 'call': {
      const [id, method, args] = req.args as [number, ClientMethod, unknown[]];
      const client = clients.get(id);
      if (client === undefined) throw new Error(`no client ${id}`);
      if (!CLIENT_METHODS.includes(method)) throw new Error(`no method ${method}`);
      const fn = client[method] as (...a: unknown[]) => unknown;
      return await fn.apply(client, args);
    }
    case 'state': {
      const client = clients.get(req.args[0] as number);
      return { isOpen: client?.isOpen ?? false, job: client?.job, sessionId: client?.sessionId };
    }
    case 'raw':
      return openRaw(req.args[0] as RawOptions);
    case 'rawWrite':
      raws.get(req.args[0] as number)?.write(Buffer.from(req.args[1] as string, 'hex'));
      return null;
    case 'rawDestroy':
      raws.get(req.args[0] as number)?.destroy();
      return null;
  }
}

function openRaw(o: RawOptions): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: o.host, port: o.port, localAddress: o.localAddress });
    const id = ++nextId;
    const received: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.once('error', reject);
    socket.once('close', () =>
      send({
        event: 'rawClosed',
        raw: id,
        at: Date.now(),
        received: Buffer.concat(received).toString('latin1'),
      }),
    );
    socket.once('connect', () => {
      socket.off('error', reject);
      socket.on('error', () => undefined);
      raws.set(id, socket);
      if (o.dataHex !== undefined) socket.write(Buffer.from(o.dataHex, 'hex'));
      resolve(id);
    });
  });
}

process.on('message', (req: AgentRequest) => {
  handle(req).then(
    (value) => send({ id: req.id, value: value ?? null }),
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ id: req.id, error: { name: e.name, message: e.message } });
    },
  );
});
process.on('disconnect', () => process.exit(0));
send({ event: 'ready' });
