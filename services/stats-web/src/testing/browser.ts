/**
 * The dashboard in headless Chromium for tests: Debian's chromium driven by
 * playwright-core, pages opened with their script errors recorded, fields
 * read by data-field, screenshots under test/results/. Shared by this
 * service's browser test and the whole-pool end-to-end test.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** What a page shows is predicted with the pages' own formatters. */
export { formatAgo, formatHashrate, formatPercent, formatXmr } from '../../web/src/format.js';
export type { ConnectView, MinerView, PoolStatsView } from '../api/schema/api-schema.js';

const CHROMIUM = '/usr/bin/chromium';
// No sandbox (containers run as root), no GPU, and nothing that phones home.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const RESULTS_DIR = fileURLToPath(new URL('../../../../test/results/', import.meta.url));

/** A fresh Chromium profile under `dir`, one window size for every screenshot. */
export async function launchChromium(dir: string): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  mkdirSync(dir, { recursive: true });
  return chromium.launchPersistentContext(mkdtempSync(join(dir, 'chromium-')), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
}

export interface OpenedPage {
  page: Page;
  /** Uncaught errors of the page's scripts: a test expects none. */
  errors: string[];
}

async function newPage(browser: BrowserContext): Promise<OpenedPage> {
  const page = await browser.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export async function openPage(browser: BrowserContext, url: string): Promise<OpenedPage> {
  const opened = await newPage(browser);
  await opened.page.goto(url);
  return opened;
}

/**
 * Opens `url` and resolves with the JSON the page itself got from `apiPath`:
 * on a live pool the figures move with the clock (hashrate windows, "ago"),
 * so the answer the page rendered is the one to compare with.
 */
export async function openPageWithApi<T>(
  browser: BrowserContext,
  url: string,
  apiPath: string,
): Promise<OpenedPage & { json: T }> {
  const opened = await newPage(browser);
  const [response] = await Promise.all([
    opened.page.waitForResponse((r) => new URL(r.url()).pathname === apiPath),
    opened.page.goto(url),
  ]);
  if (!response.ok()) throw new Error(`${apiPath} answered ${response.status()}: ${await response.text()}`);
  return { ...opened, json: (await response.json()) as T };
}

/** The text of the first element marked data-field="field". */
export function text(page: Page, field: string): Promise<string> {
  return page.locator(`[data-field="${field}"]`).first().innerText();
}

/** The texts of several fields at once: one comparison shows every difference. */
export async function fields(page: Page, names: readonly string[]): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const name of names) out[name] = await text(page, name);
  return out;
}

/** Full-page screenshot to test/results/<name>; resolves with its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, name);
  await page.screenshot({ path, fullPage: true });
  return path;
}
