import {
  bytesToHex,
  createSignerKey,
  hashBytes,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  formatVerifierKey,
  toVerifierKey,
  utf8ToBytes,
  type HashAlgorithm,
  type SignerKey,
} from '../../crypto/index.ts';
import { computeRoot, inclusionProof, rfc6962 } from '../../merkle/index.ts';
import { addCosignatures, canonicalizeJson, cosignCheckpoint, formatCheckpoint, signCheckpoint, signReceipt } from '../../note/index.ts';
import { signBoundEntry } from '../../note/index.ts';
import { AUTHORITY_TYPE_FAMILIES, isAuthorityEntryType, type AuthorityEntryType } from '../authorities.ts';
import { BUNDLE_FORMAT, type ProofBundle } from '../bundle.ts';

// A small in-memory chain for tests and benchmarks: real keys, real signatures, real proofs.

export interface TestChain {
  name: string;
  origin: string;
  hashAlgorithm: HashAlgorithm;
  sequencer: SignerKey;
  witnesses: SignerKey[];
  quorum: number;
  entries: string[];
  /** Signs the service-owned entries (work, capture…) addTestEntry adds; trustFileOf authorises it. */
  service: SignerKey;
}

/** The service types a test chain's service key may sign: the works family on `works`, else the evidence family. */
function serviceTypesOf(chain: TestChain): AuthorityEntryType[] {
  const family = chain.name === 'works' ? 'works' : 'evidence';
  return (Object.keys(AUTHORITY_TYPE_FAMILIES) as AuthorityEntryType[]).filter(
    (type) => AUTHORITY_TYPE_FAMILIES[type] === family,
  );
}

export function createTestChain(
  name: string,
  options: { hashAlgorithm?: HashAlgorithm; witnesses?: number; quorum?: number } = {},
): TestChain {
  const origin = `test.sealchain.local/${name}`;
  const witnessCount = options.witnesses ?? 3;
  return {
    name,
    origin,
    hashAlgorithm: options.hashAlgorithm ?? 'sha256',
    sequencer: createSignerKey(origin, KEY_TYPE_ED25519),
    witnesses: Array.from({ length: witnessCount }, (_, i) => createSignerKey(`witness-${i + 1}`, KEY_TYPE_COSIGNATURE_V1)),
    quorum: options.quorum ?? Math.min(2, witnessCount),
    entries: [],
    service: createSignerKey(`${origin}/service`, KEY_TYPE_ED25519),
  };
}

export function addTestEntry(chain: TestChain, type: string, payload: Uint8Array | string, meta: object = {}): number {
  const bytes = typeof payload === 'string' ? utf8ToBytes(payload) : payload;
  const index = chain.entries.length;
  const time = new Date(Date.UTC(2026, 10, 21, 8, 0, 0, index)).toISOString();
  const digest = `${chain.hashAlgorithm}:${bytesToHex(hashBytes(chain.hashAlgorithm, bytes))}`;
  const entry: Record<string, unknown> = { v: 1, type, digest, unit: 'test-unit', time, meta };
  // A service-owned entry is signed as its service would sign it, when the chain may carry it.
  if (isAuthorityEntryType(type) && serviceTypesOf(chain).includes(type)) {
    const fields = { origin: chain.origin, type, unit: 'test-unit', digest, meta: meta as Record<string, unknown> };
    entry['sig'] = signBoundEntry(fields, chain.service);
  }
  chain.entries.push(canonicalizeJson(entry));
  return index;
}

/** Appends an entry given whole (any fields, e.g. a signed service entry); returns its index. */
export function addTestEntryObject(chain: TestChain, entry: Record<string, unknown>): number {
  chain.entries.push(canonicalizeJson(entry));
  return chain.entries.length - 1;
}

export interface TrustFileJson {
  version: number;
  name: string;
  chains: Record<string, unknown>[];
  members: { name: string; role: string }[];
  authorities: { member: string; chain: string; key: string; types: string[] }[];
}

export function trustFileOf(chains: readonly TestChain[]): TrustFileJson {
  return {
    version: 2,
    name: 'test consortium',
    chains: chains.map((chain) => ({
      name: chain.name,
      origin: chain.origin,
      hashAlgorithm: chain.hashAlgorithm,
      sequencer: { name: 'sequencer', key: formatVerifierKey(toVerifierKey(chain.sequencer)) },
      witnesses: chain.witnesses.map((w) => ({ name: w.name, key: formatVerifierKey(toVerifierKey(w)) })),
      quorum: chain.quorum,
      maxMergeDelayMs: 10_000,
    })),
    members: [{ name: 'court', role: 'court' }],
    authorities: chains.map((chain) => ({
      member: 'court',
      chain: chain.name,
      key: formatVerifierKey(toVerifierKey(chain.service)),
      types: serviceTypesOf(chain),
    })),
  };
}

function leafHashesOf(chain: TestChain, size: number): Uint8Array[] {
  const hasher = rfc6962(chain.hashAlgorithm);
  return chain.entries.slice(0, size).map((entry) => hasher.hashLeaf(utf8ToBytes(entry)));
}

/** The checkpoint note of the first `size` entries, cosigned by the first `cosigners` witnesses. */
export function checkpointOf(chain: TestChain, size: number, cosigners = chain.witnesses.length): string {
  const hasher = rfc6962(chain.hashAlgorithm);
  const checkpoint = { origin: chain.origin, treeSize: size, rootHash: computeRoot(hasher, leafHashesOf(chain, size)), extensions: [] };
  const signed = signCheckpoint(checkpoint, chain.sequencer);
  const body = formatCheckpoint(checkpoint);
  const cosignatures = chain.witnesses.slice(0, cosigners).map((w, i) => cosignCheckpoint(body, w, 1_795_000_000 + i));
  return addCosignatures(signed, cosignatures);
}

export function proofOf(chain: TestChain, index: number, size: number): string[] {
  const hasher = rfc6962(chain.hashAlgorithm);
  const leaves = leafHashesOf(chain, size);
  const getNode = (level: number, nodeIndex: number) => {
    const start = nodeIndex * 2 ** level;
    return computeRoot(hasher, leaves.slice(start, start + 2 ** level));
  };
  return inclusionProof(hasher, index, size, getNode).map(bytesToHex);
}

export function bundleOf(chain: TestChain, index: number, size = chain.entries.length, checkpoint?: string): ProofBundle {
  const entry = chain.entries[index]!;
  const leafHash = rfc6962(chain.hashAlgorithm).hashLeaf(utf8ToBytes(entry));
  const time = (JSON.parse(entry) as { time: string }).time;
  return {
    format: BUNDLE_FORMAT,
    chain: chain.name,
    origin: chain.origin,
    index,
    entry,
    leafHash: bytesToHex(leafHash),
    treeSize: size,
    inclusionProof: proofOf(chain, index, size),
    checkpoint: checkpoint ?? checkpointOf(chain, size),
    receipt: signReceipt({ origin: chain.origin, index, leafHash, time }, chain.sequencer),
  };
}
