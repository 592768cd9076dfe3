import { createServer } from 'node:net';

export class PortTakenError extends Error {
  override name = 'PortTakenError';
}

function canListen(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Fails early, naming the option to change, rather than letting a child die on EADDRINUSE. */
export async function ensurePortsFree(
  host: string,
  wanted: ReadonlyArray<{ port: number; what: string; option: string }>,
): Promise<void> {
  const taken: string[] = [];
  for (const w of wanted) {
    if (!(await canListen(w.port, host))) taken.push(`${w.what} port ${w.port} (change it with ${w.option})`);
  }
  if (taken.length > 0) throw new PortTakenError(`ports already in use on ${host}: ${taken.join('; ')}`);
}
