import { join } from 'node:path';
import { canConnect, dropDatabase, makeTestDir } from '@rxpool/devstack';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureDatabase } from './database.js';

describe('the local pool database', () => {
  const adminUrl = process.env.PG_ADMIN_URL!;
  const dir = makeTestDir('pool-db');
  const base = `pooldb_${Date.now().toString(36)}`;
  const created: string[] = [];
  const ensure = async (stateDir: string, name: string) => {
    const url = await ensureDatabase(adminUrl, stateDir, name, () => undefined);
    created.push(url);
    return url;
  };
  afterAll(async () => {
    for (const url of created) await dropDatabase(adminUrl, url);
  });

  it('belongs to its state folder: created once, reused, never adopted by another folder', async () => {
    const first = await ensure(join(dir, 'a'), base);
    expect(new URL(first).pathname).toBe(`/${base}`);
    expect(await canConnect(first)).toBe(true);
    expect(await ensure(join(dir, 'a'), base)).toBe(first);

    const other = await ensure(join(dir, 'b'), base);
    expect(new URL(other).pathname).toBe(`/${base}_2`);
    expect(await ensure(join(dir, 'b'), base)).toBe(other);
  });

  it('switches to a name asked for explicitly, and refuses names that are not plain', async () => {
    await ensure(join(dir, 'c'), base);
    const switched = await ensure(join(dir, 'c'), `${base}_other`);
    expect(new URL(switched).pathname).toBe(`/${base}_other`);
    await expect(ensure(join(dir, 'd'), 'Bad-Name')).rejects.toThrow(/not a plain lower-case database name/);
  });
});
