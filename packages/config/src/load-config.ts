import { ConfigError, type Env, EnvReader } from './env-reader.js';

/**
 * Reads a service's config once; on a bad value prints one line naming the
 * variable(s) to stderr and exits with status 78 (EX_CONFIG).
 */
export function loadConfigOrExit<T>(read: (env: EnvReader) => T, env: Env = process.env): T {
  try {
    const reader = new EnvReader(env);
    const config = read(reader);
    reader.done();
    return config;
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
}

/** Same as loadConfigOrExit but throws, for tests. */
export function loadConfig<T>(read: (env: EnvReader) => T, env: Env): T {
  const reader = new EnvReader(env);
  const config = read(reader);
  reader.done();
  return config;
}
