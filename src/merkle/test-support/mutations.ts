// Ways to damage a proof for the mutation tests.

export function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = bytes.slice();
  copy[bit >> 3]! ^= 1 << (bit & 7);
  return copy;
}

/** The proof with one bit of element `element` flipped. */
export function flipProofBit(proof: readonly Uint8Array[], element: number, bit: number): Uint8Array[] {
  return proof.map((hash, i) => (i === element ? flipBit(hash, bit) : hash));
}

/** Every proof with one element dropped, and with one extra element inserted at every position. */
export function resizedProofs(proof: readonly Uint8Array[], extra: Uint8Array): Uint8Array[][] {
  const resized: Uint8Array[][] = [];
  for (let i = 0; i < proof.length; i++) resized.push(proof.filter((_, j) => j !== i));
  for (let i = 0; i <= proof.length; i++) resized.push([...proof.slice(0, i), extra, ...proof.slice(i)]);
  return resized;
}
