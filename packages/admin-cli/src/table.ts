/** Plain-text tables: a header row, columns padded to their widest cell; numbers right-aligned. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  if (rows.length === 0) return '(none)';
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.every((r) => /^-?[\d.,]+( [a-zA-Z/]+)?$|^$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Two columns: a label and its value. */
export function pairs(entries: readonly (readonly [string, string])[]): string {
  const width = Math.max(...entries.map(([k]) => k.length));
  return entries.map(([k, v]) => `${`${k}:`.padEnd(width + 1)}  ${v}`).join('\n');
}

/** Atomic units (10^-12 XMR) as an exact XMR decimal. */
export function xmr(atomic: string): string {
  if (!/^-?\d+$/.test(atomic)) return atomic;
  const neg = atomic.startsWith('-');
  const digits = (neg ? atomic.slice(1) : atomic).padStart(13, '0');
  const whole = digits.slice(0, -12);
  const frac = digits.slice(-12).replace(/0+$/, '');
  return `${neg ? '-' : ''}${whole}${frac ? `.${frac}` : ''}`;
}

/** Hashes per second, with a unit. */
export function hashrate(hps: number): string {
  const units = ['H/s', 'kH/s', 'MH/s', 'GH/s', 'TH/s'];
  let v = hps;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${v.toFixed(v >= 100 || u === 0 ? 0 : 2)} ${units[u]}`;
}

/** ms since epoch (decimal text) as an ISO time, or '-' for 0. */
export function time(ms: string): string {
  const n = Number(ms);
  return n > 0 ? new Date(n).toISOString().replace('.000Z', 'Z') : '-';
}
