/** What the validator needs of a RandomX context (RandomXContext fits). */
export interface HashingContext {
  hashBatch(blobs: readonly Uint8Array[]): Promise<Buffer[]>;
  dispose(): void;
}
