/** A hash fed in chunks, for files streamed from disk or the network. */
export interface IncrementalHash {
  update(chunk: Uint8Array): IncrementalHash;
  digest(): Uint8Array;
}
