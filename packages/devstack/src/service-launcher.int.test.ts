import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './net-utils.js';
import { ServiceExitedError, ServiceProcess } from './service-launcher.js';
import { runToExit } from './service-launcher-command.js';
import { readHealth } from './service-launcher-health.js';
import { makeTestDir } from './test-dirs.js';

/**
 * A stand-in for a compiled service: the health server on HEALTH_HOST:HEALTH_PORT
 * as packages/observability serves it, JSON log lines on stdout. Its checks
 * register FAKE_REGISTER_MS after start; SIGUSR2 registers a late one, SIGUSR1
 * takes `bus` down; FAKE_EXIT_CODE makes it refuse to start, FAKE_IGNORE_TERM
 * makes it ignore SIGTERM.
 */
const FAKE_SERVICE = `
import { createServer } from 'node:http';
const log = (msg, extra = {}) => process.stdout.write(JSON.stringify({ level: 30, msg, ...extra }) + '\\n');
if (process.env.FAKE_EXIT_CODE) {
  log('bad configuration', { err: { message: 'FAKE_SETTING is not a number' } });
  process.exit(Number(process.env.FAKE_EXIT_CODE));
}
const deps = {};
const server = createServer((req, res) => {
  if (req.url === '/health/live') return res.writeHead(200).end('{"status":"alive"}');
  if (req.url === '/metrics') return res.writeHead(200).end('fake_labelled{a="b"} 3\\nfake_gauge 7\\n');
  const ready = Object.values(deps).every((d) => d.ok);
  res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ status: ready ? 'ready' : 'not-ready', ready, dependencies: deps }));
});
server.listen(Number(process.env.HEALTH_PORT), process.env.HEALTH_HOST, () =>
  log('started', { inherited: process.env.LAUNCHER_TEST_INHERITED ?? null, setting: process.env.FAKE_SETTING }),
);
setTimeout(() => { deps.bus = { ok: true }; }, Number(process.env.FAKE_REGISTER_MS ?? 0));
process.on('SIGUSR1', () => { deps.bus = { ok: false, detail: 'connecting' }; });
process.on('SIGUSR2', () => { deps.late = { ok: true }; });
process.on('SIGTERM', () => {
  log('stopping');
  if (!process.env.FAKE_IGNORE_TERM) server.close(() => process.exit(0));
});
`;

describe('ServiceProcess', () => {
  let dir: string;
  let entry: string;
  const started: ServiceProcess[] = [];

  beforeAll(() => {
    dir = makeTestDir('service-launcher');
    entry = join(dir, 'fake-service.mjs');
    writeFileSync(entry, FAKE_SERVICE);
    process.env.LAUNCHER_TEST_INHERITED = 'from the runner';
  });

  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.process.kill()));
  });

  const launch = async (name: string, env: Record<string, string> = {}, cleanEnv = false) => {
    const spec = { name, entry, healthHost: '127.0.0.1', healthPort: await freePort(), env, cleanEnv };
    const service = new ServiceProcess(spec, join(dir, 'logs'));
    started.push(service);
    return service;
  };
  const logLines = (s: ServiceProcess) =>
    readFileSync(s.logFile, 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { msg: string; inherited?: string | null; setting?: string });

  it('runs the entry with its env and health port, ready once its checks hold, its JSON logs in <logDir>/<name>.log', async () => {
    const service = (await launch('svc-a', { FAKE_SETTING: '42', FAKE_REGISTER_MS: '300' })).start();
    const heard: string[] = [];
    await service.waitReady(30_000, { progress: (w) => heard.push(w) });
    // Answering 200 with no check registered is "still starting", not ready.
    expect(heard).toContain('starting');
    expect(await service.isReady()).toBe(true);
    expect(await readHealth('127.0.0.1', service.spec.healthPort)).toEqual({ ready: true, waitingFor: [] });
    expect(service.logFile).toBe(join(dir, 'logs', 'svc-a.log'));
    expect(logLines(service)[0]).toMatchObject({
      msg: 'started',
      setting: '42',
      inherited: 'from the runner',
    });
    expect(await service.metric('fake_gauge')).toBe(7);
    expect(await service.metric('fake_labelled')).toBe(3);
    expect(await service.metric('fake_missing')).toBeUndefined();
  });

  it('with cleanEnv passes nothing of the runner but PATH', async () => {
    const service = (await launch('svc-clean', {}, true)).start();
    await service.waitUp();
    expect(logLines(service)[0]).toMatchObject({ msg: 'started', inherited: null });
  });

  it('waits for a named dependency the service registers late', async () => {
    const service = (await launch('svc-late')).start();
    const heard: string[] = [];
    await service.waitReady(30_000, {
      dependency: 'late',
      progress: (w) => {
        heard.push(w);
        // Ready without it: only now does the late check register.
        if (w === 'late') process.kill(service.process.pid!, 'SIGUSR2');
      },
    });
    expect(heard).toContain('late');
    expect((await service.health())?.body.dependencies.late?.ok).toBe(true);
  });

  it('sees a dependency go down while the process keeps running', async () => {
    const service = (await launch('svc-down')).start();
    await service.waitReady();
    process.kill(service.process.pid!, 'SIGUSR1');
    const body = await service.waitNotReady('bus');
    expect(body.ready).toBe(false);
    expect(body.dependencies.bus).toEqual({ ok: false, detail: 'connecting' });
    expect(await readHealth('127.0.0.1', service.spec.healthPort)).toEqual({
      ready: false,
      waitingFor: ['bus (connecting)'],
    });
    expect(service.process.running).toBe(true);
  });

  it('fails a wait at once when the process exits, with its last log line', async () => {
    const service = (await launch('svc-bad', { FAKE_EXIT_CODE: '3' })).start();
    const err = await service.waitReady(60_000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceExitedError);
    expect((err as Error).message).toBe(
      'svc-bad exited with code 3 before it was ready: bad configuration: FAKE_SETTING is not a number',
    );
  });

  it('fails a wait after its timeout, saying what it still waits for', async () => {
    const service = (await launch('svc-slow', { FAKE_REGISTER_MS: '600000' })).start();
    await service.waitUp();
    await expect(service.waitReady(500)).rejects.toThrow(
      'svc-slow not ready after 0.5 s: waiting for starting',
    );
  });

  it('stops with SIGTERM, and with SIGKILL after the grace period when SIGTERM is not enough', async () => {
    const polite = (await launch('svc-term')).start();
    await polite.waitUp();
    await polite.stop();
    expect(await polite.process.exited()).toBe(0);
    expect(logLines(polite).at(-1)?.msg).toBe('stopping');

    const stubborn = (await launch('svc-stubborn', { FAKE_IGNORE_TERM: '1' })).start();
    await stubborn.waitUp();
    await stubborn.stop(300);
    expect(stubborn.process.signalCode).toBe('SIGKILL');
    expect(logLines(stubborn).at(-1)?.msg).toBe('stopping');
  });

  it('is killed -9 and started again in place: same log file, a new pid', async () => {
    const service = (await launch('svc-crash')).start();
    await service.waitReady();
    const first = service.process.pid;
    await service.process.kill();
    expect(service.process.signalCode).toBe('SIGKILL');
    service.start();
    await service.waitReady();
    const second = service.process.pid;
    expect(second).not.toBe(first);
    await service.restart();
    await service.waitReady();
    expect(service.process.pid).not.toBe(second);
    expect(logLines(service).map((l) => l.msg)).toEqual(['started', 'started', 'stopping', 'started']);
  });
});

describe('runToExit', () => {
  it('gives the exit code and stdout and stderr apart; SIGKILL after the timeout', async () => {
    const dir = makeTestDir('run-to-exit');
    const entry = join(dir, 'command.mjs');
    writeFileSync(
      entry,
      `console.log('out', process.argv[2], process.env.X, process.env.LAUNCHER_TEST_INHERITED ?? 'none');
       console.error('err');
       if (process.argv[2] === 'hang') setInterval(() => {}, 1000); else process.exit(5);`,
    );
    process.env.LAUNCHER_TEST_INHERITED = 'from the runner';
    expect(await runToExit({ entry, args: ['up'], env: { X: 'x' } })).toEqual({
      code: 5,
      stdout: 'out up x from the runner\n',
      stderr: 'err\n',
    });
    const clean = await runToExit({ entry, args: ['up'], env: { X: 'x' }, cleanEnv: true });
    expect(clean.stdout).toBe('out up x none\n');
    const hung = await runToExit({ entry, args: ['hang'], env: {}, timeoutMs: 300 });
    expect(hung.code).toBeNull();
  });
});
