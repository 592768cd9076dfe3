import { type ManagedProcess, ServiceProcess } from '@rxpool/devstack';
import { type Infra, natsPartName } from './infra.js';
import type { PoolServiceSpec } from './service-plan.js';
import { describeExit, type Run, type Unit } from './supervisor.js';

/** The process now running under `proc`, as the supervisor follows it. */
export function managedRun(
  proc: ManagedProcess,
  o: { ready: () => Promise<void>; kill: () => Promise<void>; lastWords?: () => string },
): Run {
  const pid = proc.pid;
  // Taken now: a later start of the same ManagedProcess has its own exit promise.
  const exited = proc.exited().then((code) => ({ code, signal: proc.signalCode }));
  return { pid, exited, running: () => proc.running && proc.pid === pid, ...o };
}

/** A started service process; `ready` is how long and how loudly to wait for its /health. */
export function serviceRun(s: ServiceProcess<PoolServiceSpec>, ready: () => Promise<void>): Run {
  return managedRun(s.process, { ready, kill: () => s.process.kill(), lastWords: () => s.lastLogLine() });
}

/** A service instance: each restart is a new process with the same settings and log file. */
export function serviceUnit(
  first: ServiceProcess<PoolServiceSpec>,
  logDir: string,
  readyTimeoutMs: number,
  replaced: (fresh: ServiceProcess<PoolServiceSpec>) => void,
): Unit {
  return {
    name: first.spec.name,
    start() {
      const fresh = new ServiceProcess(first.spec, logDir).start();
      replaced(fresh);
      return serviceRun(fresh, () => fresh.waitReady(readyTimeoutMs));
    },
  };
}

/** What devstack's instances share: one ManagedProcess started again in place by restart(). */
interface RestartablePart {
  process: ManagedProcess;
  restart(): Promise<void>;
  kill(): Promise<void>;
}

/**
 * A part of the infrastructure restarted in place (same ports, same data);
 * `after` runs once it answers again, e.g. wallet-rpc opening the pool wallet.
 */
export function partUnit(name: string, part: RestartablePart, after?: () => Promise<unknown>): Unit {
  return {
    name,
    start() {
      // restart() spawns before its first await, so the PID is known on return.
      const up = part.restart().then(() => after?.());
      const run = managedRun(part.process, { ready: () => ready, kill: () => part.kill() });
      // restart() would poll the port until its timeout after an early exit: the exit answers first.
      const ready = Promise.race([
        up.then(() => undefined),
        run.exited.then((s) => {
          throw new Error(`exited (${describeExit(s)}) before it answered`);
        }),
      ]);
      ready.catch(() => undefined);
      return run;
    },
  };
}

/** A running part's unit, with its process as the supervisor first sees it: already answering. */
export function partWatch(
  name: string,
  part: RestartablePart,
  after?: () => Promise<unknown>,
): { unit: Unit; run: Run } {
  const run = managedRun(part.process, { ready: async () => undefined, kill: () => part.kill() });
  return { unit: partUnit(name, part, after), run };
}

/** The infrastructure's units; Postgres only when the pool started it. */
export function infraUnits(infra: Infra): Array<{ unit: Unit; run: Run }> {
  const { natsNodes, postgres: pg, monerod, wallet } = infra;
  return [
    ...natsNodes.map((node, i) => partWatch(natsPartName(i, natsNodes.length), node)),
    ...(pg.process
      ? [partWatch('postgres', { process: pg.process, restart: pg.restart, kill: pg.kill })]
      : []),
    partWatch('monerod', monerod, () => monerod.warmPow()),
    partWatch('monero-wallet-rpc', wallet, () => wallet.openOrCreateWallet('pool')),
  ];
}
