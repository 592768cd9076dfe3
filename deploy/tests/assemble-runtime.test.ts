import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dockerDir } from './src/paths.js';

/**
 * The image's final stage gets what assemble-runtime.mjs copies: checked on a small checkout
 * laid out as the real one (workspaces, links in node_modules, a built addon).
 */
function checkout(): string {
  const root = mkdtempSync(join(tmpdir(), 'rxpool-assemble-'));
  const file = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const pkg = (dir: string, name: string, dependencies: Record<string, string> = {}) =>
    file(`${dir}/package.json`, JSON.stringify({ name, dependencies }));
  file('package.json', JSON.stringify({ workspaces: ['packages/*', 'services/*', 'native/*', 'test'] }));
  pkg('services/gateway', '@x/gateway', { '@x/kit': '*', pino: '^10' });
  pkg('packages/kit', '@x/kit', { '@x/addon': '*' });
  pkg('packages/admin-cli', '@x/admin-cli');
  pkg('packages/devstack', '@x/devstack');
  pkg('native/addon', '@x/addon');
  pkg('test', '@x/tests', { '@x/devstack': '*' });
  for (const dir of ['services/gateway', 'packages/kit', 'packages/admin-cli', 'packages/devstack']) {
    file(`${dir}/src/main.ts`, 'export {};');
    file(`${dir}/dist/main.js`, 'export {};');
    file(`${dir}/dist/main.test.js`, '');
    file(`${dir}/dist/main.d.ts`, '');
    file(`${dir}/tsconfig.json`, '{}');
  }
  file('services/gateway/web/index.html', '<html>');
  file('native/addon/binding.gyp', '{}');
  file('native/addon/cc/addon.cc', '');
  file('native/addon/build/Release/addon.node', 'ELF');
  file('native/addon/build/Release/obj.target/addon.o', '');
  file('node_modules/pino/index.js', '');
  mkdirSync(join(root, 'node_modules/@x'), { recursive: true });
  const links: [string, string][] = [
    ['gateway', 'services/gateway'],
    ['kit', 'packages/kit'],
    ['admin-cli', 'packages/admin-cli'],
    ['devstack', 'packages/devstack'],
    ['addon', 'native/addon'],
    ['tests', 'test'],
  ];
  for (const [name, dir] of links) symlinkSync(`../../${dir}`, join(root, 'node_modules/@x', name));
  return root;
}

describe('assemble-runtime.mjs', () => {
  const from = checkout();
  const to = `${from}-out`;
  afterAll(() => {
    rmSync(from, { recursive: true, force: true });
    rmSync(to, { recursive: true, force: true });
  });
  const r = spawnSync(process.execPath, [join(dockerDir, 'assemble-runtime.mjs'), from, to], {
    encoding: 'utf8',
  });

  it('copies the workspaces the services and rxpool-admin depend on, and no other', () => {
    expect(r.status, r.stderr).toBe(0);
    for (const kept of ['services/gateway', 'packages/kit', 'packages/admin-cli', 'native/addon'])
      expect(existsSync(join(to, kept, 'package.json')), kept).toBe(true);
    for (const dropped of ['packages/devstack', 'test'])
      expect(existsSync(join(to, dropped)), dropped).toBe(false);
  });

  it('keeps compiled code, assets and the addon; drops sources, tests, declarations and objects', () => {
    expect(existsSync(join(to, 'services/gateway/dist/main.js'))).toBe(true);
    expect(existsSync(join(to, 'services/gateway/web/index.html'))).toBe(true);
    expect(existsSync(join(to, 'native/addon/build/Release/addon.node'))).toBe(true);
    for (const gone of [
      'services/gateway/src',
      'services/gateway/dist/main.test.js',
      'services/gateway/dist/main.d.ts',
      'services/gateway/tsconfig.json',
      'native/addon/cc',
      'native/addon/binding.gyp',
      'native/addon/build/Release/obj.target',
    ])
      expect(existsSync(join(to, gone)), gone).toBe(false);
  });

  it('keeps the dependencies and the links to kept workspaces, and no dangling link', () => {
    expect(existsSync(join(to, 'node_modules/pino/index.js'))).toBe(true);
    expect(readlinkSync(join(to, 'node_modules/@x/kit'))).toBe('../../packages/kit');
    expect(existsSync(join(to, 'node_modules/@x/kit/dist/main.js'))).toBe(true);
    expect(existsSync(join(to, 'node_modules/@x/devstack'))).toBe(false);
    expect(existsSync(join(to, 'node_modules/@x/tests'))).toBe(false);
  });
});
