import { bytesToHex, hashBytes, utf8ToBytes } from '../crypto/index.ts';
import type { Entry, EntryFields } from '../ledger/index.ts';
import { canonicalizeJson } from '../note/index.ts';
import type { ProofBundle, TrustedChain, VerificationReport } from '../verify/index.ts';
import type { IndexedVerification } from './chain-index-storage.ts';

// The record of a verification (DESIGN.md "Cross-chain"): a node that checks a bundle, of its own
// chain or of another, records a `verification` entry on its own chain with the result, the
// verified chain, index and leaf hash, and the case it belongs to. The entry's digest is the hash
// of the verified bundle's RFC 8785 canonical JSON, so the record names exactly what was checked.

export const VERIFICATION_ENTRY_TYPE = 'verification';
export const CASE_NUMBER_PATTERN = /^[^\p{Cc}\p{Cs}]{1,128}$/u;

export interface VerificationEntryMeta {
  result: 'verified' | 'not-verified';
  chain: string;
  origin: string;
  index: number;
  leafHash: string;
  treeSize: number;
  /** The ids of the checks that failed, when any did. */
  failedChecks?: string[];
  caseNumber?: string;
}

/** The fields of the `verification` entry recording `report` of `bundle`, made for `unit`. */
export function buildVerificationFields(
  recordingChain: TrustedChain,
  bundle: ProofBundle,
  report: VerificationReport,
  unit: string,
  caseNumber: string | undefined,
): EntryFields {
  const algorithm = recordingChain.hashAlgorithm;
  const digest = hashBytes(algorithm, utf8ToBytes(canonicalizeJson(bundle)));
  const meta: VerificationEntryMeta = {
    result: report.ok ? 'verified' : 'not-verified',
    chain: report.chain,
    origin: report.origin,
    index: report.index,
    leafHash: report.leafHash,
    treeSize: report.treeSize,
  };
  const failed = report.checks.filter((check) => !check.ok).map((check) => check.id);
  if (failed.length > 0) meta.failedChecks = [...new Set(failed)];
  if (caseNumber !== undefined) meta.caseNumber = caseNumber;
  return {
    type: VERIFICATION_ENTRY_TYPE,
    digest: `${algorithm}:${bytesToHex(digest)}`,
    unit,
    meta: { ...meta },
  };
}

/** The verification an entry of `recordingChain` records, or null when it is not a well-formed one. */
export function readVerificationEntry(
  recordingChain: TrustedChain,
  leafIndex: number,
  entry: Entry,
): IndexedVerification | null {
  if (entry.type !== VERIFICATION_ENTRY_TYPE) return null;
  const meta = entry.meta as Partial<Record<keyof VerificationEntryMeta, unknown>>;
  const { result, chain, origin, index, leafHash, caseNumber } = meta;
  if (result !== 'verified' && result !== 'not-verified') return null;
  if (typeof chain !== 'string' || typeof origin !== 'string' || typeof leafHash !== 'string') return null;
  if (!Number.isSafeInteger(index) || (index as number) < 0) return null;
  if (caseNumber !== undefined && (typeof caseNumber !== 'string' || !CASE_NUMBER_PATTERN.test(caseNumber)))
    return null;
  return {
    leafIndex,
    verifiedChain: chain,
    verifiedOrigin: origin,
    verifiedIndex: index as number,
    verifiedLeafHash: leafHash,
    verified: result === 'verified',
    crossChain: origin !== recordingChain.origin,
    caseNumber: caseNumber ?? null,
    time: entry.time,
  };
}
