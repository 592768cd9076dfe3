/** Display formats shared by the pages (pure: also used by the tests to predict what a page shows). */

// ATOMIC_UNITS_PER_XMR of @rxpool/rewards, written out: these modules run in the browser as tsc
// wrote them (no bundler, no import map), where a package name does not resolve.
const ATOMIC_PER_XMR = 1_000_000_000_000n;

/** Atomic units (decimal text) → "1.234567 XMR": 6 decimals, truncated, never rounded up. */
export function formatXmr(atomic: string, decimals = 6): string {
  const v = BigInt(atomic);
  const sign = v < 0n ? '-' : '';
  const abs = v < 0n ? -v : v;
  const whole = abs / ATOMIC_PER_XMR;
  const frac = (abs % ATOMIC_PER_XMR).toString().padStart(12, '0').slice(0, decimals);
  return `${sign}${whole.toLocaleString('en-US')}${decimals > 0 ? `.${frac}` : ''} XMR`;
}

const UNITS = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** 1234.5 → "1.23 k"; 12 → "12.0". */
export function scaled(n: number): string {
  if (!Number.isFinite(n) || n <= 0) return '0';
  let i = 0;
  let v = n;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  const digits = v >= 100 ? 0 : v >= 10 ? 1 : 2;
  return `${v.toFixed(digits)}${UNITS[i] ? ` ${UNITS[i]}` : ''}`;
}

/** 1234.5 → "1.23 kH/s"; 12 → "12.0 H/s". */
export function formatHashrate(hashesPerSecond: number): string {
  const s = scaled(hashesPerSecond);
  return /[a-zA-Z]$/.test(s) ? `${s}H/s` : `${s} H/s`;
}

/** Decimal text difficulty (may exceed 2^53) → "1.23 G". */
export function formatDifficulty(decimal: string): string {
  return scaled(Number(decimal));
}

/** "5 min ago", "2 h ago", "3 d ago". */
export function formatAgo(atMs: number, nowMs: number): string {
  const s = Math.max(0, Math.round((nowMs - atMs) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86_400)} d ago`;
}

/** UTC, to the minute: "2026-11-24 05:41". */
export function formatTime(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 16).replace('T', ' ');
}

/** "abcdef12…89abcdef" for long hex. */
export function shortHex(hex: string, keep = 8): string {
  return hex.length <= keep * 2 + 1 ? hex : `${hex.slice(0, keep)}…${hex.slice(-keep)}`;
}

export function formatPercent(p: number): string {
  return `${p.toFixed(p >= 10 ? 2 : 4).replace(/\.?0+$/, '')} %`;
}
