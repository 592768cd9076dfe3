import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Tests only: a pass-through in front of monero-wallet-rpc that counts the
 * calls and can hold those of one method until released, so a test acts
 * while a payout pass waits on the wallet. The real wallet answers all.
 */
export class WalletGate {
  private readonly counts = new Map<string, number>();
  private holding: string | undefined;
  private waiting: (() => void)[] = [];
  private server: Server | undefined;

  constructor(private readonly target: string) {}

  /** Listens on a free local port; returns the URL to give accounting as WALLET_RPC_URL. */
  async start(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', async () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const method = /"method"\s*:\s*"([^"]+)"/.exec(body)?.[1] ?? '';
        if (method === this.holding) await new Promise<void>((r) => this.waiting.push(r));
        this.counts.set(method, this.count(method) + 1);
        try {
          const answer = await fetch(new URL(req.url ?? '/', this.target), {
            method: req.method,
            headers: { 'content-type': 'application/json' },
            body,
          });
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(await answer.text());
        } catch {
          res.destroy();
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    this.server = server;
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  /** Holds every call of `method` from now on until release(). */
  hold(method: string): void {
    this.holding = method;
  }

  /** Calls held right now. */
  get held(): number {
    return this.waiting.length;
  }

  release(): void {
    this.holding = undefined;
    for (const go of this.waiting.splice(0)) go();
  }

  /** Calls of `method` passed on to the wallet so far. */
  count(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  async close(): Promise<void> {
    this.release();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}
