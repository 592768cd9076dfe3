/**
 * Test-only: client hosts in their own network namespaces (root needed). Each host is a
 * namespace joined to the root namespace by a veth pair, with IPv4 and IPv6 addresses
 * of its own (the gateway under test listens in the root namespace on "::" and sees
 * them as the clients' addresses), and an agent process inside that runs stratum clients
 * for the test over IPC. Everything made is removed by `remove()`; names and subnets are
 * unique per host, and all traffic stays on this machine.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { StratumClientOptions } from '@rxpool/stratum-client';
import type { AgentEvent, AgentMessage, AgentRequest, RawOptions } from './netns-agent.js';
import { RemoteClient, type RemoteRaw } from './netns-client.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const AGENT = fileURLToPath(new URL('./netns-agent.ts', import.meta.url));
let seq = 0;

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

export interface HostAddresses {
  /** The host's IPv4 addresses, all in one /24 (the first is .2). */
  v4: string[];
  /** IPv6 addresses by /64: `v6[k][i]` is address ::(i+2) of the host's k-th /64. */
  v6: string[][];
  /** What the host reaches the gateway at (the root namespace's end of the veth). */
  gateway4: string;
  gateway6: string;
}

/** A free 10.x.y.0/24 and fd72:…/48 that no interface of this machine uses. */
function freshPrefixes(): { v4: string; v6: string } {
  const used = ip('-o', 'addr');
  for (;;) {
    const v4 = `10.${randomInt(100, 250)}.${randomInt(1, 250)}`;
    const v6 = `fd72:${randomInt(1, 0xffff).toString(16)}:${randomInt(1, 0xffff).toString(16)}`;
    if (!used.includes(` ${v4}.`) && !used.includes(` ${v6}:`)) return { v4, v6 };
  }
}

export class ClientHost {
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listeners = new Set<(m: AgentEvent) => void>();
  /** Every event so far: one may arrive before its waiter is set up. */
  private readonly seen: AgentEvent[] = [];
  private nextId = 0;
  private agent: ChildProcess | undefined;

  private constructor(
    readonly name: string,
    private readonly link: string,
    readonly addresses: HostAddresses,
  ) {}

  /** A namespace with `v4Count` IPv4 addresses and `v6Counts[k]` addresses in each of its /64s. */
  static async create(
    label: string,
    options: { v4Count?: number; v6Counts?: number[] } = {},
  ): Promise<ClientHost> {
    if (process.getuid?.() !== 0) {
      throw new Error('client hosts in network namespaces need root (ip netns, veth pairs; iproute2)');
    }
    const n = ++seq;
    const tag = `${process.pid % 100_000}${n}`;
    const name = `rxpool-${label}-${tag}`;
    const link = `rxh${tag}`;
    const peer = `rxn${tag}`;
    const { v4, v6 } = freshPrefixes();
    const addresses: HostAddresses = {
      v4: Array.from({ length: options.v4Count ?? 1 }, (_, i) => `${v4}.${i + 2}`),
      v6: (options.v6Counts ?? [1]).map((count, k) =>
        Array.from({ length: count }, (_, i) => `${v6}:${k + 1}::${i + 2}`),
      ),
      gateway4: `${v4}.1`,
      gateway6: `${v6}:1::1`,
    };
    const host = new ClientHost(name, link, addresses);
    try {
      ip('netns', 'add', name);
      ip('link', 'add', link, 'type', 'veth', 'peer', 'name', peer);
      ip('link', 'set', peer, 'netns', name);
      ip('addr', 'add', `${v4}.1/24`, 'dev', link);
      for (const k of addresses.v6.keys())
        ip('-6', 'addr', 'add', `${v6}:${k + 1}::1/64`, 'dev', link, 'nodad');
      ip('link', 'set', link, 'up');
      for (const a of addresses.v4) ip('-n', name, 'addr', 'add', `${a}/24`, 'dev', peer);
      for (const a of addresses.v6.flat())
        ip('-n', name, '-6', 'addr', 'add', `${a}/64`, 'dev', peer, 'nodad');
      ip('-n', name, 'link', 'set', 'lo', 'up');
      ip('-n', name, 'link', 'set', peer, 'up');
      await host.startAgent();
    } catch (err) {
      host.remove();
      throw err;
    }
    return host;
  }

  /** A stratum client in the namespace (`preamble`: bytes sent first, e.g. a PROXY header). */
  async connect(
    options: Omit<StratumClientOptions, 'preamble'> & { preamble?: Buffer },
  ): Promise<RemoteClient> {
    const { preamble, ...rest } = options;
    const wire = { ...rest, ...(preamble === undefined ? {} : { preambleHex: preamble.toString('hex') }) };
    const id = (await this.call('connect', [wire])) as number;
    return new RemoteClient(this, id);
  }

  /** A plain TCP socket from the namespace that sends `data` (if any) and then nothing. */
  async raw(options: Omit<RawOptions, 'dataHex'> & { data?: Buffer }): Promise<RemoteRaw> {
    const { data, ...rest } = options;
    const id = (await this.call('raw', [
      { ...rest, ...(data === undefined ? {} : { dataHex: data.toString('hex') }) },
    ])) as number;
    const closed = this.event((m) => m.event === 'rawClosed' && m.raw === id).then((m) =>
      m.event === 'rawClosed' ? { at: m.at, received: m.received } : { at: Date.now(), received: '' },
    );
    return {
      closed,
      write: async (bytes) => {
        await this.call('rawWrite', [id, bytes.toString('hex')]);
      },
      destroy: async () => {
        await this.call('rawDestroy', [id]);
      },
    };
  }

  call(op: AgentRequest['op'], args: unknown[]): Promise<unknown> {
    const agent = this.agent;
    if (agent === undefined) return Promise.reject(new Error(`${this.name}: no agent`));
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      agent.send({ id, op, args } satisfies AgentRequest);
    });
  }

  /** The first agent event matching `match`, past or to come. */
  event(match: (m: AgentEvent) => boolean): Promise<AgentEvent> {
    const past = this.seen.find(match);
    if (past !== undefined) return Promise.resolve(past);
    return new Promise((resolve) => {
      const listener = (m: AgentEvent) => {
        if (match(m)) {
          this.listeners.delete(listener);
          resolve(m);
        }
      };
      this.listeners.add(listener);
    });
  }

  /** Stops the agent, deletes the veth pair and the namespace. Safe to call twice or after a failed create. */
  remove(): void {
    this.agent?.kill('SIGKILL');
    this.agent = undefined;
    for (const args of [
      ['link', 'del', this.link],
      ['netns', 'del', this.name],
    ]) {
      try {
        ip(...args);
      } catch {
        // already gone
      }
    }
  }

  private startAgent(): Promise<void> {
    const agent = spawn(
      'ip',
      ['netns', 'exec', this.name, process.execPath, '--import', 'tsx', '--conditions=source', AGENT],
      { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    );
    this.agent = agent;
    agent.on('message', (m: AgentMessage) => {
      if ('id' in m) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if ('error' in m) p?.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
        else p?.resolve(m.value);
        return;
      }
      this.seen.push(m);
      for (const listener of [...this.listeners]) listener(m);
    });
    agent.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`${this.name}: agent exited`));
      this.pending.clear();
    });
    return this.event((m) => m.event === 'ready').then(() => undefined);
  }
}
