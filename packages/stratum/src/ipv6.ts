/**
 * IPv6 text ⇄ eight 16-bit words, for address groups (a /64 is the first four words)
 * and PROXY v2 headers (addresses as bytes). Node has no public API for either.
 */

const HEX_WORD = /^[0-9a-fA-F]{1,4}$/;
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** Four bytes of a dotted quad, or undefined. */
export function parseIpv4(text: string): number[] | undefined {
  const m = IPV4.exec(text);
  if (m === null) return undefined;
  const parts = m.slice(1);
  // A leading zero reads as octal to some parsers: refuse rather than guess.
  if (parts.some((p) => Number(p) > 255 || (p.length > 1 && p.startsWith('0')))) return undefined;
  return parts.map(Number);
}

/** Eight words of an IPv6 address ("::" and a dotted IPv4 tail allowed, no zone), or undefined. */
export function parseIpv6(text: string): number[] | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const groups = part.split(':');
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i] ?? '';
      if (i === groups.length - 1 && g.includes('.')) {
        const v4 = parseIpv4(g);
        if (v4 === undefined) return undefined;
        out.push(((v4[0] ?? 0) << 8) | (v4[1] ?? 0), ((v4[2] ?? 0) << 8) | (v4[3] ?? 0));
      } else if (HEX_WORD.test(g)) {
        out.push(Number.parseInt(g, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = words(halves[0] ?? '');
  const tail = halves.length === 2 ? words(halves[1] ?? '') : [];
  if (head === undefined || tail === undefined) return undefined;
  if (halves.length === 1) return head.length === 8 ? head : undefined;
  const missing = 8 - head.length - tail.length;
  if (missing < 1) return undefined;
  return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** Eight words from 16 bytes (network order) at `offset`. */
export function ipv6Words(bytes: Uint8Array, offset = 0): number[] {
  const out: number[] = [];
  for (let i = 0; i < 8; i++)
    out.push(((bytes[offset + 2 * i] ?? 0) << 8) | (bytes[offset + 2 * i + 1] ?? 0));
  return out;
}

/** RFC 5952 text: lower case, the longest run of two or more zero words as "::"; ::ffff:a.b.c.d for mapped IPv4. */
export function formatIpv6(words: readonly number[]): string {
  if (words.slice(0, 5).every((w) => w === 0) && words[5] === 0xffff) {
    const a = words[6] ?? 0;
    const b = words[7] ?? 0;
    return `::ffff:${a >> 8}.${a & 0xff}.${b >> 8}.${b & 0xff}`;
  }
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (words[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && words[j] === 0) j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (ws: readonly number[]) => ws.map((w) => w.toString(16)).join(':');
  if (bestAt < 0) return hex(words);
  return `${hex(words.slice(0, bestAt))}::${hex(words.slice(bestAt + bestLen))}`;
}

/** The first `prefix` bits of the address, the rest zero. */
export function maskIpv6(words: readonly number[], prefix: number): number[] {
  return words.map((w, i) => {
    const bits = Math.max(0, Math.min(16, prefix - 16 * i));
    return bits === 0 ? 0 : w & ((0xffff << (16 - bits)) & 0xffff);
  });
}
