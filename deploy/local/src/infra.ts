import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  canConnect,
  ensurePostgres,
  type MonerodInstance,
  type NatsCluster,
  type NatsInstance,
  type PostgresInstance,
  startMonerod,
  startNats,
  startNatsCluster,
  startWalletRpc,
  type WalletRpcInstance,
  waitFor,
} from '@rxpool/devstack';
import { ATOMIC_UNITS_PER_XMR } from '@rxpool/rewards';
import { ensureDatabase } from './database.js';
import type { PoolOptions } from './options.js';
import type { ProcessLedger } from './process-ledger.js';

export type Say = (line: string) => void;

/** The parts under the services: each started here is stopped here, nothing else. */
export interface Infra {
  /** The nats-server, or the cluster's first node. */
  nats: NatsInstance;
  /** Every nats-server (one, or each cluster node). */
  natsNodes: NatsInstance[];
  /** With --nats-cluster N > 1. */
  natsCluster: NatsCluster | undefined;
  /** The services' NATS_URL: every server, so a client moves on when its own goes. */
  natsUrl: string;
  natsStreamReplicas: number;
  postgres: PostgresInstance;
  databaseUrl: string;
  monerod: MonerodInstance;
  wallet: WalletRpcInstance;
  walletAddress: string;
}

const ATOMIC_PER_XMR = Number(ATOMIC_UNITS_PER_XMR);

/**
 * Starts the infrastructure in dependency order; `started` receives each
 * stop function as soon as its process runs, so an interrupted start still
 * stops what it began.
 */
export async function startInfra(
  o: PoolOptions,
  ledger: ProcessLedger,
  say: Say,
  started: (name: string, stop: () => Promise<void>) => void,
): Promise<Infra> {
  const natsParts = await startNatsParts(o, ledger, say, started);

  const postgres = await connectPostgres(o, say);
  if (postgres.process) {
    ledger.add('postgres', postgres.process.pid);
    started('postgres', postgres.stop);
  }
  const databaseUrl = await ensureDatabase(postgres.url, o.stateDir, o.database, say);

  const chain = await startChain(o, ledger, say, started);
  return { ...natsParts, postgres, databaseUrl, ...chain };
}

/** nats-server, or nats-server-1… in a cluster: in pids.json and the supervisor's lines. */
export function natsPartName(i: number, count: number): string {
  return count === 1 ? 'nats-server' : `nats-server-${i + 1}`;
}

type NatsParts = Pick<Infra, 'nats' | 'natsNodes' | 'natsCluster' | 'natsUrl' | 'natsStreamReplicas'>;

/** One nats-server, or a cluster (its own folder: a single server's store is not a cluster node's). */
async function startNatsParts(
  o: PoolOptions,
  ledger: ProcessLedger,
  say: Say,
  started: (name: string, stop: () => Promise<void>) => void,
): Promise<NatsParts> {
  if (o.natsCluster <= 1) {
    const nats = await startNats({ dir: join(o.stateDir, 'nats'), port: o.natsPort });
    ledger.add(natsPartName(0, 1), nats.process.pid);
    started(natsPartName(0, 1), nats.stop);
    say(`nats-server with JetStream on port ${nats.port} (pid ${nats.process.pid})`);
    return { nats, natsNodes: [nats], natsCluster: undefined, natsUrl: nats.url, natsStreamReplicas: 1 };
  }
  const cluster = await startNatsCluster({
    dir: join(o.stateDir, 'nats-cluster'),
    nodes: o.natsCluster,
    basePort: o.natsPort,
  });
  for (const [i, node] of cluster.nodes.entries()) {
    ledger.add(natsPartName(i, cluster.nodes.length), node.process.pid);
    started(natsPartName(i, cluster.nodes.length), node.stop);
  }
  const [first] = cluster.nodes;
  if (!first) throw new Error('the NATS cluster has no node');
  say(
    `nats-server cluster of ${cluster.nodes.length} with JetStream on ports ${cluster.nodes.map((n) => n.port).join(', ')} (pids ${cluster.nodes.map((n) => n.process.pid).join(', ')}); streams at ${cluster.nodes.length} replicas`,
  );
  return {
    nats: first,
    natsNodes: [...cluster.nodes],
    natsCluster: cluster,
    natsUrl: cluster.url,
    natsStreamReplicas: cluster.nodes.length,
  };
}

async function connectPostgres(o: PoolOptions, say: Say): Promise<PostgresInstance> {
  if (o.postgresUrl) {
    if (!(await canConnect(o.postgresUrl))) {
      throw new Error(`RXPOOL_POSTGRES_URL / --postgres-url: cannot connect to ${redact(o.postgresUrl)}`);
    }
    say(`postgres: using ${redact(o.postgresUrl)}`);
    const noop = async () => undefined;
    const port = Number(new URL(o.postgresUrl).port || 5432);
    return { url: o.postgresUrl, port, process: undefined, restart: noop, stop: noop, kill: noop };
  }
  const pg = await ensurePostgres({ dir: join(o.stateDir, 'postgres'), port: o.postgresPort });
  say(
    pg.process
      ? `postgres: private cluster under ${join(o.stateDir, 'postgres')} on port ${pg.port} (pid ${pg.process.pid})`
      : `postgres: using the server already answering on port ${pg.port}`,
  );
  return pg;
}

/**
 * monerod and the pool wallet. A fresh chain is first mined to
 * `initialBlocks` at difficulty 1 (monerod's own miner hashes at CPU speed,
 * so that would take hours at the block difficulty), then monerod restarts
 * on the same data dir at the block difficulty meant for a real miner.
 */
async function startChain(
  o: PoolOptions,
  ledger: ProcessLedger,
  say: Say,
  started: (name: string, stop: () => Promise<void>) => void,
): Promise<{ monerod: MonerodInstance; wallet: WalletRpcInstance; walletAddress: string }> {
  const dir = join(o.stateDir, 'monerod');
  const marker = join(dir, 'initial-blocks-mined');
  const startAt = async (difficulty: number) => {
    const m = await startPoolMonerod(o, difficulty);
    ledger.add('monerod', m.process.pid);
    started('monerod', async () => {
      await m.stop();
      ledger.remove(m.process.pid);
    });
    return m;
  };
  let difficulty = existsSync(marker) ? o.blockDifficulty : 1;
  let monerod = await startAt(difficulty);
  say(
    `monerod --regtest on RPC port ${o.monerodRpcPort}, ZMQ ${monerod.zmqUrl} (pid ${monerod.process.pid})`,
  );

  const wallet = await startWalletRpc({
    dir: join(o.stateDir, 'wallet'),
    daemonRpcPort: o.monerodRpcPort,
    port: o.walletRpcPort,
  });
  ledger.add('monero-wallet-rpc', wallet.process.pid);
  started('monero-wallet-rpc', wallet.stop);
  const walletAddress = await wallet.openOrCreateWallet('pool');
  say(
    `monero-wallet-rpc on port ${wallet.port}, pool wallet ${walletAddress.slice(0, 12)}… (pid ${wallet.process.pid})`,
  );

  const height = await monerod.height();
  if (height < o.initialBlocks) {
    if (difficulty !== 1) {
      await monerod.stop();
      ledger.remove(monerod.process.pid);
      difficulty = 1;
      monerod = await startAt(difficulty);
    }
    say(`mining ${o.initialBlocks - height} regtest blocks to the pool wallet (chain at height ${height})`);
    // In steps: on a busy machine one call for all of them outlasts the RPC timeout.
    for (let at = height; at < o.initialBlocks; at += 10) {
      await monerod.generateBlocks(Math.min(10, o.initialBlocks - at), walletAddress);
    }
  }
  writeFileSync(marker, `${new Date().toISOString()}\n`);
  if (difficulty !== o.blockDifficulty) {
    await monerod.stop();
    ledger.remove(monerod.process.pid);
    monerod = await startAt(o.blockDifficulty);
    say(`monerod restarted at fixed difficulty ${o.blockDifficulty} (pid ${monerod.process.pid})`);
  }
  const warming = performance.now();
  await monerod.warmPow();
  say(
    `monerod's RandomX cache ready in ${((performance.now() - warming) / 1000).toFixed(1)} s (before any block is found)`,
  );
  await reportBalance(wallet, say);
  return { monerod, wallet, walletAddress };
}

/** monerod on the pool's chain folder and ports, at a fixed difficulty. */
export function startPoolMonerod(o: PoolOptions, difficulty: number): Promise<MonerodInstance> {
  return startMonerod({
    dir: join(o.stateDir, 'monerod'),
    rpcPort: o.monerodRpcPort,
    zmqPubPort: o.monerodZmqPort,
    fixedDifficulty: difficulty,
  });
}

async function reportBalance(wallet: WalletRpcInstance, say: Say): Promise<void> {
  // After monerod restarted, wallet-rpc needs a moment to reconnect.
  await waitFor(
    'the pool wallet to refresh',
    async () => (await wallet.rpc('refresh', {})) !== undefined,
    60_000,
    500,
  );
  const b = await wallet.rpc<{ balance: number; unlocked_balance: number }>('get_balance', {
    account_index: 0,
  });
  const xmr = (atomic: number) => (atomic / ATOMIC_PER_XMR).toFixed(3);
  say(`pool wallet balance ${xmr(b.balance)} XMR, unlocked ${xmr(b.unlocked_balance)} XMR`);
}

/** A URL for display: the password replaced. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
