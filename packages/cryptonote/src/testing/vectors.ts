/**
 * Known-answer vectors, in test/vectors of the repository (copied from the shared reference;
 * its README says from where). Test-only; not built.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** test/vectors of the repository. */
const vectorsDir = fileURLToPath(new URL('../../../../test/vectors/', import.meta.url));

function load<T>(name: string): T {
  return JSON.parse(readFileSync(join(vectorsDir, name), 'utf8')) as T;
}

export interface AddressVector {
  address: string;
  network: 'mainnet' | 'testnet' | 'stagenet';
  kind: 'standard' | 'integrated' | 'subaddress';
  prefix: number;
  spend_public?: string;
  view_public?: string;
  checksum?: string;
  raw_hex?: string;
  payment_id?: string;
}

export interface KeccakTreeVectors {
  keccak256: { input_hex: string; hash: string }[];
  tree_hash: { leaves: string[]; root: string }[];
}

export interface TemplateVector {
  name: string;
  blocktemplate_blob?: string;
  block_blob?: string;
  blockhashing_blob: string;
  block_id?: string;
  reserved_offset?: number;
  reserve_size?: number;
  difficulty?: number;
  wide_difficulty?: string;
  prev_hash?: string;
  with_reserved_bytes?: {
    write_at_reserved_offset: string;
    miner_tx_hash: string;
    blockhashing_blob: string;
    nonce_at_39: string;
    block_id: string;
  };
}

export interface TargetVectors {
  targets: { difficulty: number; target: string; xmrig_difficulty: number }[];
  seed_document: { target: string };
}

export interface RandomxVector {
  key: string;
  input?: string;
  input_hex?: string;
  hash: string;
}

export const addressVectors = (): AddressVector[] =>
  load<{ addresses: AddressVector[] }>('addresses.json').addresses;
export const keccakTreeVectors = (): KeccakTreeVectors => load<KeccakTreeVectors>('keccak-tree.json');
export const templateVectors = (): TemplateVector[] =>
  load<{ templates: TemplateVector[] }>('templates.json').templates;
export const targetVectors = (): TargetVectors => load<TargetVectors>('targets.json');
export const randomxVectors = (): RandomxVector[] =>
  load<{ vectors: RandomxVector[] }>('randomx.json').vectors;

/** monero-project/monero tests/hash/tests-tree.txt: `<root> <concatenated leaves>` for n = 1…16. */
export function moneroTreeVectors(): { leaves: string[]; root: string }[] {
  const text = readFileSync(join(vectorsDir, 'monero-tests-tree.txt'), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [root = '', all = ''] = line.split(' ');
      return { root, leaves: all.match(/.{64}/g) ?? [] };
    });
}

/** The mainnet template of the vectors, the one with reserved space. */
export function mainnetTemplate(): Required<
  Pick<TemplateVector, 'blocktemplate_blob' | 'reserved_offset' | 'reserve_size' | 'with_reserved_bytes'>
> &
  TemplateVector {
  const found = templateVectors().find((t) => t.blocktemplate_blob && t.with_reserved_bytes);
  if (
    !found?.blocktemplate_blob ||
    found.reserved_offset === undefined ||
    found.reserve_size === undefined ||
    !found.with_reserved_bytes
  ) {
    throw new Error('templates.json has no mainnet template with reserved space');
  }
  return found as ReturnType<typeof mainnetTemplate>;
}
