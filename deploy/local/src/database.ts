import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

const NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The pool's database, which belongs with its state folder (the chain and
 * the rows must match): the name is recorded in `<stateDir>/database` on the
 * first run and reused after. On a first run, when `requested` already exists
 * on the server (another state folder's, or not ours at all), the first free
 * `<requested>_2`, `_3`, … is created instead, and said. Asking later for a
 * name other than the recorded one (or its numbered variants) uses that name as
 * it is. Returns its URL.
 */
export async function ensureDatabase(
  adminUrl: string,
  stateDir: string,
  requested: string,
  say: (line: string) => void,
): Promise<string> {
  if (!NAME.test(requested)) {
    throw new Error(`RXPOOL_DATABASE / --database: "${requested}" is not a plain lower-case database name`);
  }
  const record = join(stateDir, 'database');
  const recorded = existsSync(record) ? readFileSync(record, 'utf8').trim() : undefined;
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = async (name: string) =>
      ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
    let name = requested;
    if (recorded !== undefined && new RegExp(`^${requested}(_\\d+)?$`).test(recorded)) {
      name = recorded;
    } else if (recorded === undefined) {
      // First run of this state folder: never adopt a database it did not create.
      for (let i = 2; await exists(name); i++) name = `${requested}_${i}`;
      if (name !== requested) say(`postgres: database ${requested} exists already (not this state folder's)`);
    }
    if (!(await exists(name))) {
      await client.query(`create database "${name}"`);
      say(`postgres: created database ${name}`);
    }
    mkdirSync(stateDir, { recursive: true });
    writeFileSync(record, `${name}\n`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return url.toString();
  } finally {
    await client.end();
  }
}
