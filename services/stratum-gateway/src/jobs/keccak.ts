import type { Keccak256Hasher } from '@rxpool/cryptonote';
import { createKeccak, type IHasher } from 'hash-wasm';

/**
 * Keccak-256 (cn_fast_hash) through WebAssembly, for the job hot path. The pure-JS
 * Keccak in @rxpool/cryptonote costs ~5 µs a permutation here; this one ~1 µs, and a
 * job needs 2 + log2(tx count) of them per miner on every template. It is the hasher the
 * gateway hands cryptonote's PreparedTemplate; results are checked against cryptonote's
 * own in the tests. One instance, one thread: not reentrant.
 */
export class Keccak256 implements Keccak256Hasher {
  private constructor(private readonly hasher: IHasher) {}

  static async create(): Promise<Keccak256> {
    return new Keccak256(await createKeccak(256));
  }

  hash(data: Uint8Array): Uint8Array {
    const h = this.hasher;
    h.init();
    h.update(data);
    return h.digest('binary');
  }
}
