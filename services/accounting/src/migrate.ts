#!/usr/bin/env node
/**
 * rxpool-migrate [up|down|status]: the schema migrations, run apart from the
 * service (the helm chart runs it as a Job before accounting starts).
 * Reads DATABASE_URL; prints one line per step; exit 0 on success.
 */
import { loadConfigOrExit } from '@rxpool/config';
import { createDb, migrateDown, migrateToLatest, migrationStatus } from '@rxpool/db';

const command = process.argv[2] ?? 'up';
if (!['up', 'down', 'status'].includes(command)) {
  process.stderr.write(`usage: rxpool-migrate [up|down|status] (got ${JSON.stringify(command)})\n`);
  process.exit(64);
}
const url = loadConfigOrExit((env) => env.url('DATABASE_URL', undefined, ['postgres', 'postgresql']));
const { db, close } = createDb(url, { max: 1, applicationName: 'rxpool-migrate' });
const say = (line: string) => process.stdout.write(`${line}\n`);
try {
  if (command === 'status') {
    for (const m of await migrationStatus(db))
      say(
        `${m.executedAt ? 'applied' : 'pending'}  ${m.name}${m.executedAt ? `  ${m.executedAt.toISOString()}` : ''}`,
      );
  } else {
    const pending = (await migrationStatus(db)).filter((m) => !m.executedAt).length;
    say(command === 'up' ? `migrating up: ${pending} pending` : 'reverting the newest migration');
    const progress = (s: { name: string; direction: string; status: string }) =>
      say(`${s.direction.toLowerCase()}  ${s.name}  ${s.status.toLowerCase()}`);
    const done = command === 'up' ? await migrateToLatest(db, progress) : await migrateDown(db, progress);
    say(`done: ${done.length} migration(s) ${command === 'up' ? 'applied' : 'reverted'}`);
  }
} catch (err) {
  process.stderr.write(`migration failed: ${(err as Error).message}\n`);
  process.exitCode = 1;
} finally {
  await close();
}
