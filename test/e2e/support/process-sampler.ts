import { rssOf } from '@rxpool/devstack';

export interface RssSample {
  at: number;
  bytes: number;
}

/** Samples a process's RSS every `everyMs` until stopped. */
export class RssSampler {
  readonly samples: RssSample[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    everyMs = 1_000,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), everyMs);
  }

  between(from: number, to: number): number[] {
    return this.samples.filter((s) => s.at >= from && s.at < to).map((s) => s.bytes);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const bytes = rssOf(this.pid);
    if (bytes !== undefined) this.samples.push({ at: Date.now(), bytes });
  }
}

/** The series of a Prometheus text page: name, labels (as written) and value. */
export async function scrapeMetrics(
  url: string,
): Promise<Array<{ name: string; labels: string; value: number }>> {
  const text = await (await fetch(url, { signal: AbortSignal.timeout(10_000) })).text();
  const out: Array<{ name: string; labels: string; value: number }> = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? ([^ ]+)/.exec(line);
    if (m) out.push({ name: m[1] ?? '', labels: m[2] ?? '', value: Number(m[3]) });
  }
  return out;
}

/** Sum of the series named `name` whose labels contain `label` (e.g. 'reason="banned"'). */
export function metricSum(
  series: ReadonlyArray<{ name: string; labels: string; value: number }>,
  name: string,
  label = '',
): number {
  return series.filter((s) => s.name === name && s.labels.includes(label)).reduce((a, s) => a + s.value, 0);
}
