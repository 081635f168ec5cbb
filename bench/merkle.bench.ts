// Merkle hot paths against the hashing they cannot avoid (SHA-256 of 65-byte inputs, the size of
// a node hash input and of a leaf hash input for 64-byte entries), measured in the same run in
// CPU time (the harness's wall-time rates swing several-fold on a loaded shared machine):
// compact-range appends (a leaf hash and, on average, one node hash per leaf) and proof
// verifications on a tree of 10^6 leaves (one node hash per hash the verifier computes).
import { sha256 } from '../src/crypto/index.ts';
import {
  CompactRange,
  consistencyProof,
  createTileNodeSource,
  inclusionProof,
  integrateTiles,
  rangeNodes,
  resolveProofNodes,
  rfc6962,
  verifyConsistency,
  verifyInclusion,
  type GetNode,
  type Hasher,
} from '../src/merkle/index.ts';
import { measureCpuRate, median, printRow } from './harness.ts';

const ENTRY_SIZE_BYTES = 64;
const BATCH = 4096;
const TREE_SIZE = 1_000_000;
const PROOF_COUNT = 1000;
const ROUNDS = 12;
const ROUND_CPU_MS = 200;

function createRandom(seed: number): (bound: number) => number {
  let state = seed >>> 0;
  return (bound) => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return Math.floor((state / 2 ** 32) * bound);
  };
}

function randomBytes(length: number, random: (bound: number) => number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = random(256);
  return bytes;
}

const rawInputs = ((): Uint8Array[] => {
  const random = createRandom(1);
  return Array.from({ length: BATCH }, () => randomBytes(ENTRY_SIZE_BYTES + 1, random));
})();

function hashRawInputs(): void {
  for (const input of rawInputs) sha256(input);
}

/**
 * Alternates short runs of `run` and of raw SHA-256 calls, timed in CPU time, so that load from
 * other processes on a shared machine weighs on both alike. Returns the median rates
 * (operations/s, raw calls/s) and prints the spread of the per-round ratios.
 */
function measureAgainstRawSha256(
  run: () => void,
  batch: number,
  hashesPerOperation: number,
): { rate: number; rawRate: number } {
  const rates: number[] = [];
  const rawRates: number[] = [];
  run();
  hashRawInputs();
  for (let round = 0; round < ROUNDS; round++) {
    rawRates.push(measureCpuRate(hashRawInputs, BATCH, ROUND_CPU_MS));
    rates.push(measureCpuRate(run, batch, ROUND_CPU_MS));
  }
  const ratios = rates.map((rate, i) => (rate * hashesPerOperation) / rawRates[i]!).sort((a, b) => a - b);
  console.log(
    `  per-round ratios over ${ROUNDS} rounds: min ${ratios[0]!.toFixed(3)}, median ${median(ratios).toFixed(3)}, max ${ratios[ratios.length - 1]!.toFixed(3)}`,
  );
  return { rate: median(rates), rawRate: median(rawRates) };
}

async function benchAppend(hasher: Hasher): Promise<void> {
  const random = createRandom(2);
  const entries = Array.from({ length: BATCH }, () => randomBytes(ENTRY_SIZE_BYTES, random));
  let range = new CompactRange(hasher);
  const { rate, rawRate } = measureAgainstRawSha256(
    () => {
      if (range.treeSize > 1 << 24) range = new CompactRange(hasher);
      for (const entry of entries) range.appendLeaf(entry);
    },
    BATCH,
    2,
  );
  const ratio = rate / (rawRate / 2);
  printRow({
    name: `CompactRange.appendLeaf (${ENTRY_SIZE_BYTES}-byte entries)`,
    value: rate,
    unit: 'leaves/s',
    baselineName: `raw sha256 calls/s on ${ENTRY_SIZE_BYTES + 1} bytes ÷ 2`,
    baselineValue: rawRate / 2,
    goal: '≥ 0.8',
    met: ratio >= 0.8,
  });
}

function countingHasher(hasher: Hasher): { hasher: Hasher; calls: () => number } {
  let calls = 0;
  const counted: Hasher = {
    ...hasher,
    hashChildren: (left, right) => {
      calls++;
      return hasher.hashChildren(left, right);
    },
  };
  return { hasher: counted, calls: () => calls };
}

async function benchVerify(hasher: Hasher): Promise<void> {
  const random = createRandom(3);
  const leafHashes = Array.from({ length: TREE_SIZE }, (_, i) => {
    const leaf = new Uint8Array(8);
    new DataView(leaf.buffer).setUint32(4, i);
    return hasher.hashLeaf(leaf);
  });
  const built = integrateTiles(hasher, 0, leafHashes, () => new Uint8Array(0));
  const getNode: GetNode = createTileNodeSource(hasher, built.tiles);
  const rootAt = (size: number): Uint8Array =>
    resolveProofNodes(hasher, { elements: [rangeNodes(0, size)] }, getNode)[0]!;

  const inclusions = Array.from({ length: PROOF_COUNT }, () => {
    const leafIndex = random(TREE_SIZE);
    return { leafIndex, proof: inclusionProof(hasher, leafIndex, TREE_SIZE, getNode) };
  });
  const consistencies = Array.from({ length: PROOF_COUNT }, () => {
    const size1 = 1 + random(TREE_SIZE - 1);
    return { size1, root1: rootAt(size1), proof: consistencyProof(hasher, size1, TREE_SIZE, getNode) };
  });
  const root = built.root;

  const counter = countingHasher(hasher);
  for (const { leafIndex, proof } of inclusions) {
    verifyInclusion(counter.hasher, leafIndex, TREE_SIZE, leafHashes[leafIndex]!, proof, root);
  }
  const inclusionHashes = counter.calls() / PROOF_COUNT;
  for (const { size1, root1, proof } of consistencies) {
    verifyConsistency(counter.hasher, size1, TREE_SIZE, proof, root1, root);
  }
  const consistencyHashes = counter.calls() / PROOF_COUNT - inclusionHashes;
  const averageLength = (proofs: readonly { proof: readonly Uint8Array[] }[]): number =>
    proofs.reduce((sum, { proof }) => sum + proof.length, 0) / proofs.length;

  const inclusion = measureAgainstRawSha256(
    () => {
      for (const { leafIndex, proof } of inclusions) {
        verifyInclusion(hasher, leafIndex, TREE_SIZE, leafHashes[leafIndex]!, proof, root);
      }
    },
    PROOF_COUNT,
    inclusionHashes,
  );
  printRow({
    name: `verifyInclusion, 10^6 leaves (proof length ${averageLength(inclusions).toFixed(1)}, ${inclusionHashes.toFixed(1)} hashes)`,
    value: inclusion.rate,
    unit: 'proofs/s',
    baselineName: 'raw sha256/s ÷ hashes per proof',
    baselineValue: inclusion.rawRate / inclusionHashes,
  });

  const consistency = measureAgainstRawSha256(
    () => {
      for (const { size1, root1, proof } of consistencies) {
        verifyConsistency(hasher, size1, TREE_SIZE, proof, root1, root);
      }
    },
    PROOF_COUNT,
    consistencyHashes,
  );
  printRow({
    name: `verifyConsistency, 10^6 leaves (proof length ${averageLength(consistencies).toFixed(1)}, ${consistencyHashes.toFixed(1)} hashes)`,
    value: consistency.rate,
    unit: 'proofs/s',
    baselineName: 'raw sha256/s ÷ hashes per proof',
    baselineValue: consistency.rawRate / consistencyHashes,
  });
}

export async function runBench(): Promise<void> {
  const hasher = rfc6962('sha256');
  await benchAppend(hasher);
  await benchVerify(hasher);
}
