import { portIsFree } from '@rxpool/devstack';

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

/** Fails early, naming the option to change, rather than letting a child die on EADDRINUSE. */
export async function ensurePortsFree(
  host: string,
  wanted: ReadonlyArray<{ port: number; what: string; option: string }>,
): Promise<void> {
  const taken: string[] = [];
  for (const w of wanted) {
    if (!(await portIsFree(w.port, host)))
      taken.push(`${w.what} port ${w.port} (change it with ${w.option})`);
  }
  if (taken.length > 0) throw new PortTakenError(`ports already in use on ${host}: ${taken.join('; ')}`);
}
