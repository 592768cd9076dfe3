/**
 * A Monero address check small enough for the page, so a value from the URL or the
 * input box is refused before it goes into a command: Monero's base58 alphabet, the
 * length, and the network prefix. The checksum is left to the gateway's login (it
 * needs Keccak), so a typo'd but well-formed address still gets its command.
 */
const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const STANDARD_LENGTH = 95;
const INTEGRATED_LENGTH = 106;

/** Prefixes (all one varint byte) of standard and subaddress, then integrated addresses. */
const PREFIXES: Readonly<Record<string, { plain: readonly number[]; integrated: number }>> = {
  mainnet: { plain: [18, 42], integrated: 19 },
  testnet: { plain: [53, 63], integrated: 54 },
  stagenet: { plain: [24, 36], integrated: 25 },
};

/** Why `address` is not an address of `network`, or undefined when it is. */
export function addressProblem(address: string, network: string): string | undefined {
  const chars = [...address];
  const bad = chars.findIndex((c) => !ALPHABET.includes(c));
  if (bad !== -1) {
    return `character ${bad + 1} (${JSON.stringify(chars[bad])}) cannot be in a Monero address`;
  }
  if (address.length !== STANDARD_LENGTH && address.length !== INTEGRATED_LENGTH) {
    return `a Monero address has ${STANDARD_LENGTH} characters (integrated: ${INTEGRATED_LENGTH}), this one ${address.length}`;
  }
  const prefix = prefixOf(address);
  const integrated = address.length === INTEGRATED_LENGTH;
  const fits = (p: { plain: readonly number[]; integrated: number }) =>
    integrated ? p.integrated === prefix : p.plain.includes(prefix);
  if (PREFIXES[network] !== undefined && fits(PREFIXES[network])) return undefined;
  const other = Object.keys(PREFIXES).find((n) => fits(PREFIXES[n] as (typeof PREFIXES)[string]));
  return other === undefined
    ? 'this is not a Monero address'
    : `this is a ${other} address; this pool runs on ${network}`;
}

/** The first 11 characters encode the first 8 bytes (big-endian); byte 0 is the prefix. */
function prefixOf(address: string): number {
  let value = 0n;
  for (const c of address.slice(0, 11)) value = value * 58n + BigInt(ALPHABET.indexOf(c));
  return value >> 64n === 0n ? Number(value >> 56n) : -1;
}
