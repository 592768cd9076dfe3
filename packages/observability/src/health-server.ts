import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import type { HealthRegistry } from './health-registry.js';

/**
 * Serves GET /health (readiness with every dependency; 200 or 503),
 * /health/live (liveness) and /metrics (Prometheus text format).
 * Plain node:http so it stays up whatever the service's own state.
 */
export class HealthServer {
  private server: Server | undefined;

  constructor(
    private readonly health: HealthRegistry,
    private readonly registry: Registry,
  ) {}

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = createServer((req, res) => {
      const path = (req.url ?? '/').split('?')[0];
      if (req.method !== 'GET') {
        res.writeHead(405).end();
        return;
      }
      if (path === '/health' || path === '/health/ready') {
        const body = this.health.snapshot();
        res.writeHead(body.ready ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: body.ready ? 'ready' : 'not-ready', ...body }));
      } else if (path === '/health/live') {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"alive"}');
      } else if (path === '/metrics') {
        this.registry.metrics().then(
          (text) => res.writeHead(200, { 'content-type': this.registry.contentType }).end(text),
          (err: Error) => res.writeHead(500).end(err.message),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    return (server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
