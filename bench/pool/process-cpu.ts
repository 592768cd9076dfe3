/**
 * CPU-seconds of whole process trees (a root and every descendant, e.g. a
 * postmaster and its backends) over a window, from /proc (Linux).
 */
import { readFileSync } from 'node:fs';
import { childrenByParent } from '@rxpool/devstack';

/** USER_HZ: utime and stime in /proc/<pid>/stat count these per second on Linux. */
const TICKS_PER_SECOND = 100;

interface Reading {
  /** utime + stime, all threads, in ticks. */
  ticks: number;
  /** Root name the process counts under. */
  part: string;
}

/** utime + stime of a live process and its start time (to tell a reused PID), or undefined. */
function readStat(pid: number): { ticks: number; startedAt: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is [0], utime [11], stime [12], starttime [19].
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ticks: Number(f[11]) + Number(f[12]), startedAt: f[19] ?? '' };
  } catch {
    return undefined;
  }
}

/** Every PID in the trees under `roots`, each with the name of its root. */
export function treeMembers(roots: ReadonlyMap<string, number>): Map<number, string> {
  const children = childrenByParent();
  const members = new Map<number, string>();
  for (const [part, root] of roots) {
    const todo = [root];
    for (let pid = todo.pop(); pid !== undefined; pid = todo.pop()) {
      if (members.has(pid)) continue;
      members.set(pid, part);
      todo.push(...(children.get(pid) ?? []));
    }
  }
  return members;
}

export interface CpuWindow {
  seconds: number;
  /** CPU-seconds per root name. */
  byPart: Record<string, number>;
  /** Processes seen in the trees during the window. */
  processes: number;
}

/**
 * Samples the trees every `everyMs` while running: a process that starts in
 * the window counts from zero, one that ends counts up to its last sample
 * (the most it can lose is one interval of a process that exits).
 */
export class TreeCpuMeter {
  private readonly first = new Map<string, Reading>();
  private readonly last = new Map<string, Reading>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly roots: () => ReadonlyMap<string, number>,
    private readonly everyMs = 1_000,
  ) {}

  start(): this {
    this.sample(true);
    this.timer = setInterval(() => this.sample(false), this.everyMs);
    return this;
  }

  stop(): CpuWindow {
    clearInterval(this.timer);
    this.sample(false);
    const byPart: Record<string, number> = {};
    for (const [key, end] of this.last) {
      const used = (end.ticks - (this.first.get(key)?.ticks ?? 0)) / TICKS_PER_SECOND;
      byPart[end.part] = (byPart[end.part] ?? 0) + used;
    }
    const seconds = Object.values(byPart).reduce((a, b) => a + b, 0);
    return { seconds, byPart, processes: this.last.size };
  }

  private sample(initial: boolean): void {
    for (const [pid, part] of treeMembers(this.roots())) {
      const s = readStat(pid);
      if (!s) continue;
      const key = `${pid}@${s.startedAt}`;
      const reading = { ticks: s.ticks, part };
      if (initial) this.first.set(key, reading);
      this.last.set(key, reading);
    }
  }
}
