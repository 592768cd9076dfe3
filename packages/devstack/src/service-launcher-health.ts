/** What a service's GET /health answers (packages/observability's health server). */
export interface HealthBody {
  status: string;
  ready: boolean;
  dependencies: Record<string, { ok: boolean; detail?: string }>;
}

export interface HealthAnswer {
  /** 200 ready, 503 not. */
  status: number;
  body: HealthBody;
}

export interface HealthSnapshot {
  /** 200, and at least one dependency check registered (an empty registry means "still starting"). */
  ready: boolean;
  /** Not-ready dependencies with their detail, e.g. "nats (connecting)". */
  waitingFor: string[];
}

/** GET /health once; undefined when the server does not answer. */
export async function fetchHealth(host: string, port: number): Promise<HealthAnswer | undefined> {
  try {
    const res = await fetch(`http://${host}:${port}/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await res.json()) as Partial<HealthBody>;
    return {
      status: res.status,
      body: { status: body.status ?? '', ready: body.ready === true, dependencies: body.dependencies ?? {} },
    };
  } catch {
    return undefined;
  }
}

export function snapshotOf(answer: HealthAnswer): HealthSnapshot {
  const deps = Object.entries(answer.body.dependencies);
  const waitingFor = deps
    .filter(([, d]) => !d.ok)
    .map(([name, d]) => (d.detail ? `${name} (${d.detail})` : name));
  return { ready: answer.status === 200 && deps.length > 0, waitingFor };
}

/** GET /health once, as ready or not; undefined when the server does not answer. */
export async function readHealth(host: string, port: number): Promise<HealthSnapshot | undefined> {
  const answer = await fetchHealth(host, port);
  return answer && snapshotOf(answer);
}
