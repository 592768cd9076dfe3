import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { isRunning } from '@rxpool/devstack';

/** One process we started: its PID and the command line it had, so a PID reused by another program is never touched. */
export interface LedgerEntry {
  name: string;
  pid: number;
  cmdline: string;
}

interface LedgerFile {
  owner: LedgerEntry;
  children: LedgerEntry[];
}

export class PoolAlreadyRunningError extends Error {
  override name = 'PoolAlreadyRunningError';
}

/**
 * The PIDs this pool started, written to the state folder as they start. A
 * run that was killed without cleaning up (kill -9, a crash) leaves its
 * children running; the next run stops exactly those, by PID and command
 * line, before it starts its own.
 */
export class ProcessLedger {
  private children: LedgerEntry[] = [];
  private claimed = false;
  private readonly owner: LedgerEntry;

  constructor(private readonly file: string) {
    this.owner = { name: 'pool', pid: process.pid, cmdline: readCmdline(process.pid) ?? '' };
  }

  /** Refuses when another live pool owns the folder; stops the leftovers of a dead one. */
  async claim(log: (line: string) => void): Promise<void> {
    const previous = this.read();
    if (previous && isSameProcess(previous.owner)) {
      throw new PoolAlreadyRunningError(
        `another local pool (pid ${previous.owner.pid}) is running from this state folder`,
      );
    }
    for (const child of previous?.children.slice().reverse() ?? []) {
      if (!isSameProcess(child)) continue;
      log(`stopping ${child.name} (pid ${child.pid}) left over from an earlier run`);
      await terminate(child.pid);
    }
    this.claimed = true;
    this.write();
  }

  add(name: string, pid: number | undefined): void {
    if (pid === undefined) return;
    this.children.push({ name, pid, cmdline: readCmdline(pid) ?? '' });
    this.write();
  }

  remove(pid: number | undefined): void {
    this.children = this.children.filter((c) => c.pid !== pid);
    this.write();
  }

  release(): void {
    if (!this.claimed) return;
    this.children = [];
    this.write();
  }

  private read(): LedgerFile | undefined {
    if (!existsSync(this.file)) return undefined;
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as LedgerFile;
    } catch {
      return undefined;
    }
  }

  private write(): void {
    if (!this.claimed) return;
    mkdirSync(dirname(this.file), { recursive: true });
    const body: LedgerFile = { owner: this.owner, children: this.children };
    writeFileSync(`${this.file}.tmp`, `${JSON.stringify(body, null, 2)}\n`);
    renameSync(`${this.file}.tmp`, this.file);
  }
}

function readCmdline(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return undefined;
  }
}

function isSameProcess(entry: LedgerEntry): boolean {
  const now = readCmdline(entry.pid);
  return now !== undefined && now !== '' && now === entry.cmdline;
}

async function terminate(pid: number): Promise<void> {
  const alive = () => isRunning(pid);
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  for (let i = 0; i < 100 && alive(); i++) await sleep(100);
  if (alive()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}
