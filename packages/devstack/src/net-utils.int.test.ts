import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, freePortFloor, portIsFree } from './net-utils.js';

describe('freePort', () => {
  it('hands out distinct bindable ports below the ephemeral range, never one in use', async () => {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    const ports: number[] = [];
    for (let i = 0; i < 50; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    for (const p of ports) {
      expect(p).toBeLessThan(low);
      expect(p).toBeGreaterThanOrEqual(freePortFloor());
    }
    // Each can be bound (it was free); while held, each is seen as taken.
    const servers = await Promise.all(
      ports.map(
        (p) =>
          new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
            const s = createServer();
            s.once('error', reject);
            s.listen(p, '127.0.0.1', () => resolve(s));
          }),
      ),
    );
    try {
      for (const p of ports) expect(await portIsFree(p)).toBe(false);
      expect(ports).not.toContain(await freePort());
    } finally {
      await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    }
  });
});
