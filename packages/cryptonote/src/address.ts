import { base58Decode, base58Encode, findInvalidBase58Character } from './base58.js';
import { AddressError, Base58Error, CryptonoteError } from './errors.js';
import { bytesToHex } from './hex.js';
import { cnFastHash } from './keccak.js';
import { decodeVarintNumber, encodeVarint } from './varint.js';

/**
 * Monero addresses (src/cryptonote_basic/cryptonote_basic_impl.cpp, src/cryptonote_config.h):
 * base58( varint(prefix) ‖ spend key (32) ‖ view key (32) [‖ payment id (8)] ‖ checksum (4) ),
 * checksum = first 4 bytes of cn_fast_hash of everything before it.
 * Regtest uses the mainnet prefixes.
 */
export type MoneroNetwork = 'mainnet' | 'testnet' | 'stagenet';
export type AddressKind = 'standard' | 'integrated' | 'subaddress';

export interface MoneroAddress {
  network: MoneroNetwork;
  kind: AddressKind;
  spendKey: Uint8Array;
  viewKey: Uint8Array;
  /** 8 bytes; only for integrated addresses. */
  paymentId?: Uint8Array;
}

export const ADDRESS_PREFIXES: Readonly<Record<MoneroNetwork, Readonly<Record<AddressKind, number>>>> = {
  mainnet: { standard: 18, integrated: 19, subaddress: 42 },
  testnet: { standard: 53, integrated: 54, subaddress: 63 },
  stagenet: { standard: 24, integrated: 25, subaddress: 36 },
};

const KEY_BYTES = 32;
const PAYMENT_ID_BYTES = 8;
const CHECKSUM_BYTES = 4;
/** Characters of a standard / subaddress (69 bytes) and of an integrated address (77 bytes). */
export const STANDARD_ADDRESS_LENGTH = 95;
export const INTEGRATED_ADDRESS_LENGTH = 106;

const BY_PREFIX = new Map<number, { network: MoneroNetwork; kind: AddressKind }>();
for (const [network, kinds] of Object.entries(ADDRESS_PREFIXES) as [
  MoneroNetwork,
  Record<AddressKind, number>,
][]) {
  for (const [kind, prefix] of Object.entries(kinds) as [AddressKind, number][])
    BY_PREFIX.set(prefix, { network, kind });
}

function payloadBytes(kind: AddressKind): number {
  return 2 * KEY_BYTES + (kind === 'integrated' ? PAYMENT_ID_BYTES : 0);
}

function addressLength(kind: AddressKind): number {
  return kind === 'integrated' ? INTEGRATED_ADDRESS_LENGTH : STANDARD_ADDRESS_LENGTH;
}

function characterError(address: string, at: number): AddressError {
  return new AddressError(
    'character',
    `address has an invalid character ${JSON.stringify(address[at])} at position ${at} (base58 has no 0, O, I, l)`,
  );
}

/** Decodes any Monero address of any network; throws AddressError saying what is wrong. */
export function decodeAddress(address: string): MoneroAddress {
  if (typeof address !== 'string') throw new AddressError('character', 'address must be a string');
  if (address.length !== STANDARD_ADDRESS_LENGTH && address.length !== INTEGRATED_ADDRESS_LENGTH) {
    // A wrong character is the likelier mistake, so it is named first when there is one.
    const bad = findInvalidBase58Character(address);
    if (bad !== -1) throw characterError(address, bad);
    throw new AddressError(
      'length',
      `address has ${address.length} characters; a Monero address has ${STANDARD_ADDRESS_LENGTH} (integrated: ${INTEGRATED_ADDRESS_LENGTH})`,
    );
  }
  let raw: Uint8Array;
  try {
    raw = base58Decode(address);
  } catch (err) {
    if (!(err instanceof Base58Error)) throw err;
    if (err.reason === 'character') throw characterError(address, findInvalidBase58Character(address));
    throw new AddressError('character', `address is not valid base58: ${err.message}`);
  }
  const body = raw.subarray(0, raw.length - CHECKSUM_BYTES);
  const checksum = raw.subarray(raw.length - CHECKSUM_BYTES);
  const expected = cnFastHash(body).subarray(0, CHECKSUM_BYTES);
  if (bytesToHex(checksum) !== bytesToHex(expected)) {
    throw new AddressError('checksum', 'address checksum does not match (a typo or a truncated copy?)');
  }
  let prefix: { value: number; length: number };
  try {
    prefix = decodeVarintNumber(body, 0);
  } catch (err) {
    if (err instanceof CryptonoteError)
      throw new AddressError('prefix', `address prefix is unreadable: ${err.message}`);
    throw err;
  }
  const known = BY_PREFIX.get(prefix.value);
  if (!known) {
    throw new AddressError(
      'prefix',
      `address prefix ${prefix.value} is not a Monero address prefix (another coin?)`,
    );
  }
  const payload = body.subarray(prefix.length);
  if (payload.length !== payloadBytes(known.kind)) {
    throw new AddressError(
      'length',
      `a ${known.network} ${known.kind} address has ${addressLength(known.kind)} characters, got ${address.length}`,
    );
  }
  const result: MoneroAddress = {
    network: known.network,
    kind: known.kind,
    spendKey: payload.slice(0, KEY_BYTES),
    viewKey: payload.slice(KEY_BYTES, 2 * KEY_BYTES),
  };
  if (known.kind === 'integrated') result.paymentId = payload.slice(2 * KEY_BYTES);
  return result;
}

/** Decodes and checks the network; regtest pools pass 'mainnet'. */
export function validateAddress(address: string, network: MoneroNetwork): MoneroAddress {
  const decoded = decodeAddress(address);
  if (decoded.network !== network) {
    throw new AddressError(
      'network',
      `address is a ${decoded.network} address, this pool runs on ${network}`,
    );
  }
  return decoded;
}

/** True when the address decodes and belongs to the network; never throws. */
export function isValidAddress(address: string, network: MoneroNetwork): boolean {
  try {
    validateAddress(address, network);
    return true;
  } catch {
    return false;
  }
}

export function encodeAddress(address: MoneroAddress): string {
  const { network, kind, spendKey, viewKey, paymentId } = address;
  const prefix = ADDRESS_PREFIXES[network]?.[kind];
  if (prefix === undefined) throw new CryptonoteError('address', `unknown network/kind ${network}/${kind}`);
  if (spendKey.length !== KEY_BYTES || viewKey.length !== KEY_BYTES) {
    throw new CryptonoteError('address', 'spend and view keys must be 32 bytes each');
  }
  if ((kind === 'integrated') !== (paymentId !== undefined)) {
    throw new CryptonoteError('address', 'a payment id is required for, and only for, integrated addresses');
  }
  if (paymentId !== undefined && paymentId.length !== PAYMENT_ID_BYTES) {
    throw new CryptonoteError('address', 'a payment id must be 8 bytes');
  }
  const prefixBytes = encodeVarint(prefix);
  const body = new Uint8Array(prefixBytes.length + payloadBytes(kind));
  body.set(prefixBytes, 0);
  body.set(spendKey, prefixBytes.length);
  body.set(viewKey, prefixBytes.length + KEY_BYTES);
  if (paymentId) body.set(paymentId, prefixBytes.length + 2 * KEY_BYTES);
  const raw = new Uint8Array(body.length + CHECKSUM_BYTES);
  raw.set(body, 0);
  raw.set(cnFastHash(body).subarray(0, CHECKSUM_BYTES), body.length);
  return base58Encode(raw);
}
