/**
 * Typed configuration from the environment, validated once at start.
 * Every reader collects its error instead of throwing, so a service reports
 * all bad variables at once; `ConfigError.message` is a single line.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigError';
  }
}

export class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env = process.env) {}

  /** A string; required when no fallback is given. */
  string(name: string, fallback?: string): string {
    const raw = this.env[name];
    if (raw === undefined || raw === '') {
      if (fallback === undefined) this.problems.push(`${name} is required`);
      return fallback ?? '';
    }
    return raw;
  }

  optionalString(name: string): string | undefined {
    const raw = this.env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  }

  int(name: string, fallback: number, bounds: { min?: number; max?: number } = {}): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^-?\d+$/.test(raw.trim())) return this.fail(name, raw, 'must be an integer', fallback);
    const value = Number(raw.trim());
    if (!Number.isSafeInteger(value)) return this.fail(name, raw, 'is out of range', fallback);
    if (bounds.min !== undefined && value < bounds.min)
      return this.fail(name, raw, `must be ≥ ${bounds.min}`, fallback);
    if (bounds.max !== undefined && value > bounds.max)
      return this.fail(name, raw, `must be ≤ ${bounds.max}`, fallback);
    return value;
  }

  number(name: string, fallback: number, bounds: { min?: number; max?: number } = {}): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(value))
      return this.fail(name, raw, 'must be a number', fallback);
    if (bounds.min !== undefined && value < bounds.min)
      return this.fail(name, raw, `must be ≥ ${bounds.min}`, fallback);
    if (bounds.max !== undefined && value > bounds.max)
      return this.fail(name, raw, `must be ≤ ${bounds.max}`, fallback);
    return value;
  }

  port(name: string, fallback: number): number {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw.trim()))
      return this.fail(name, raw, 'must be a TCP port number (0-65535)', fallback);
    const value = Number(raw.trim());
    if (value > 65535) return this.fail(name, raw, 'must be a TCP port number (0-65535)', fallback);
    return value;
  }

  bool(name: string, fallback: boolean): boolean {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = raw.trim().toLowerCase();
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    return this.fail(name, raw, 'must be true or false', fallback);
  }

  /** A URL whose scheme is one of `protocols` (without the colon). */
  url(name: string, fallback: string | undefined, protocols: readonly string[]): string {
    const raw = this.string(name, fallback);
    if (raw === '') return raw;
    for (const one of raw.split(',')) {
      let parsed: URL;
      try {
        parsed = new URL(one.trim());
      } catch {
        return this.fail(name, raw, 'is not a valid URL', raw);
      }
      const scheme = parsed.protocol.replace(/:$/, '');
      if (!protocols.includes(scheme)) {
        return this.fail(name, raw, `must use ${protocols.map((p) => `${p}://`).join(' or ')}`, raw);
      }
    }
    return raw;
  }

  /** One of a fixed set of values. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return fallback;
    if ((values as readonly string[]).includes(raw)) return raw as T;
    return this.fail(name, raw, `must be one of ${values.join(', ')}`, fallback);
  }

  /** A comma-separated list. */
  list(name: string, fallback: readonly string[]): string[] {
    const raw = this.env[name];
    if (raw === undefined || raw === '') return [...fallback];
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
  }

  /** Custom check: `check` returns an error text or undefined. */
  check(name: string, ok: boolean, message: string): void {
    if (!ok) this.problems.push(`${name} ${message}`);
  }

  /** Throws one ConfigError naming every bad variable. */
  done(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private fail<T>(name: string, raw: string, why: string, fallback: T): T {
    const shown = raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
    this.problems.push(`${name}=${JSON.stringify(shown)} ${why}`);
    return fallback;
  }
}
