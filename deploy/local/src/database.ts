import pg from 'pg';

/** Creates database `name` on the server of `adminUrl` when it does not exist yet; returns its URL. */
export async function ensureDatabase(
  adminUrl: string,
  name: string,
  say: (line: string) => void,
): Promise<string> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) {
    throw new Error(`RXPOOL_DATABASE / --database: "${name}" is not a plain lower-case database name`);
  }
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount === 0) {
      await client.query(`create database "${name}"`);
      say(`postgres: created database ${name}`);
    }
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
