/**
 * JSON for monero-wallet-rpc without losing atomic units: amounts are JSON
 * numbers that may exceed 2^53 (9007 XMR). Integers of 16 digits or more are
 * read as decimal strings; bigints are written as bare JSON numbers.
 */
export function parseWalletJson(text: string): unknown {
  let out = '';
  let i = 0;
  let last = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // Skip a string, honouring escapes.
      i++;
      while (i < n && text.charCodeAt(i) !== 34) i += text.charCodeAt(i) === 92 /* \ */ ? 2 : 1;
      i++;
    } else if ((c >= 48 && c <= 57) || c === 45 /* - */) {
      const start = i;
      i++;
      while (i < n && /[0-9.eE+-]/.test(text[i] as string)) i++;
      const literal = text.slice(start, i);
      if (/^-?\d{16,}$/.test(literal)) {
        out += `${text.slice(last, start)}"${literal}"`;
        last = i;
      }
    } else {
      i++;
    }
  }
  return JSON.parse(out + text.slice(last));
}

const BIG_MARK = '\u0000big:';

/** JSON.stringify that writes bigint values as exact JSON numbers. */
export function stringifyWalletJson(value: unknown): string {
  const text = JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${BIG_MARK}${v}` : v));
  return text.replace(/"\\u0000big:(-?\d+)"/g, '$1');
}

/** A wallet amount (JSON number or the decimal string parseWalletJson made of it) as bigint. */
export function walletAmount(value: unknown, field: string): bigint {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return BigInt(value);
  if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
  throw new TypeError(`wallet answer: ${field} is not a non-negative integer (${JSON.stringify(value)})`);
}
