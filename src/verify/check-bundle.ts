import {
  bytesToHex,
  equalBytes,
  formatTaggedDigest,
  hashBytes,
  hexToBytes,
  utf8ToBytes,
  type TaggedDigest,
} from '../crypto/index.ts';
import { rfc6962, verifyInclusion } from '../merkle/index.ts';
import { parseCanonicalJson } from '../note/index.ts';
import { parseBundle, type AnchorProof, type ProofBundle } from './bundle.ts';
import { CheckpointChecker } from './checkpoint-check.ts';
import { readEntryEnvelope, type EntryEnvelope } from './entry.ts';
import { checkEntryAuthority } from './entry-authority.ts';
import { VerifyError } from './errors.ts';
import { checkBundleReceipt } from './receipt-check.ts';
import { addCheck, describeFailure, type VerificationReport } from './report.ts';
import { findTrustedChain, type TrustedChain, type TrustFile } from './trust.ts';

// Offline verification of a proof bundle (DESIGN.md "Proof bundle"):
// entry → leaf hash (RFC 9162 §2.1.1) → inclusion (§2.1.3.2) → checkpoint signed by the chain's
// sequencer (C2SP tlog-checkpoint) → cosignatures by a quorum of distinct known witnesses
// (C2SP tlog-cosignature) → for a service-owned type, the entry's signature by a key the consortium
// authorises for it (entry-authority.ts) → the sequencer's receipt, when the bundle carries one
// (receipt-check.ts) → optionally the file's digest equals the entry's → cross-chain anchors.

export interface CheckBundleOptions {
  /** The digest of the original file, computed by the caller with the entry's algorithm. */
  fileDigest?: TaggedDigest;
  /** Or the file itself, hashed here (fine for small files and in the browser). */
  fileBytes?: Uint8Array;
}

const SHARED_CHECKER = new CheckpointChecker();

function decodeHashes(hexes: readonly string[]): Uint8Array[] {
  return hexes.map((hex) => hexToBytes(hex));
}

function checkEntry(
  report: VerificationReport,
  bundle: ProofBundle,
  chain: TrustedChain,
): EntryEnvelope | undefined {
  let envelope: EntryEnvelope;
  try {
    envelope = readEntryEnvelope(parseCanonicalJson(bundle.entry));
  } catch (error) {
    addCheck(report, { id: 'entry', ok: false, ...describeFailure(error) });
    return undefined;
  }
  report.entry = {
    type: envelope.type,
    digest: envelope.digestText,
    unit: envelope.unit,
    time: envelope.time,
    meta: envelope.meta,
  };
  if (envelope.digest.algorithm !== chain.hashAlgorithm) {
    addCheck(report, {
      id: 'entry',
      ok: false,
      summary: `the entry's digest uses ${envelope.digest.algorithm} but chain ${chain.name} uses ${chain.hashAlgorithm}`,
      details: {
        code: 'ENTRY_ALGORITHM_MISMATCH',
        entryAlgorithm: envelope.digest.algorithm,
        chainAlgorithm: chain.hashAlgorithm,
      },
    });
    return envelope;
  }
  addCheck(report, {
    id: 'entry',
    ok: true,
    summary: `canonical ${envelope.type} entry from ${envelope.unit}`,
    details: { type: envelope.type, unit: envelope.unit },
  });
  return envelope;
}

/** The authority line, for an entry of a type a service owns (others need no service signature). */
function checkAuthority(
  report: VerificationReport,
  envelope: EntryEnvelope,
  chain: TrustedChain,
  trust: TrustFile,
): void {
  const outcome = checkEntryAuthority(
    {
      type: envelope.type,
      unit: envelope.unit,
      digest: envelope.digestText,
      meta: envelope.meta,
      sig: envelope.sig,
    },
    chain,
    trust,
  );
  if (!outcome.required) return;
  addCheck(report, { id: 'authority', ok: outcome.ok, summary: outcome.summary, details: outcome.details });
}

function checkLeafHash(report: VerificationReport, bundle: ProofBundle, chain: TrustedChain): Uint8Array {
  const computed = rfc6962(chain.hashAlgorithm).hashLeaf(utf8ToBytes(bundle.entry));
  const ok = bytesToHex(computed) === bundle.leafHash;
  addCheck(report, {
    id: 'leaf-hash',
    ok,
    summary: ok ? 'the leaf hash is the hash of the entry' : 'the leaf hash is not the hash of the entry',
    details: { expectedLeafHash: bundle.leafHash, computedLeafHash: bytesToHex(computed) },
  });
  return computed;
}

function checkInclusionUnder(
  chain: TrustedChain,
  index: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly string[],
  root: Uint8Array,
): { ok: boolean; summary: string; details: Record<string, unknown> } {
  try {
    verifyInclusion(rfc6962(chain.hashAlgorithm), index, treeSize, leafHash, decodeHashes(proof), root);
    return {
      ok: true,
      summary: `entry ${index} is included in the tree of size ${treeSize}`,
      details: { index, treeSize, rootHash: bytesToHex(root) },
    };
  } catch (error) {
    return { ok: false, ...describeFailure(error) };
  }
}

function checkFileDigest(
  report: VerificationReport,
  envelope: EntryEnvelope | undefined,
  options: CheckBundleOptions,
) {
  if (options.fileDigest === undefined && options.fileBytes === undefined) return;
  if (envelope === undefined) {
    addCheck(report, {
      id: 'file-digest',
      ok: false,
      summary: 'the entry could not be read, so the file was not compared',
      details: { code: 'ENTRY_UNREADABLE' },
    });
    return;
  }
  const computed: TaggedDigest = options.fileDigest ?? {
    algorithm: envelope.digest.algorithm,
    value: hashBytes(envelope.digest.algorithm, options.fileBytes!),
  };
  const ok =
    computed.algorithm === envelope.digest.algorithm && equalBytes(computed.value, envelope.digest.value);
  addCheck(report, {
    id: 'file-digest',
    ok,
    summary: ok ? "the file's digest equals the entry's" : "the file's digest differs from the entry's",
    details: { expectedDigest: envelope.digestText, computedDigest: formatTaggedDigest(computed) },
  });
}

function checkAnchor(
  report: VerificationReport,
  anchor: AnchorProof,
  bundle: ProofBundle,
  chain: TrustedChain,
  leafHash: Uint8Array,
  trust: TrustFile,
  checker: CheckpointChecker,
) {
  const where = { anchorChain: anchor.bundle.chain, anchorIndex: anchor.bundle.index };
  const fail = (summary: string, details: Record<string, unknown> = {}) =>
    addCheck(report, { id: 'anchor', ok: false, summary, details: { ...where, ...details } });
  const inner = checkParsedBundle(anchor.bundle, trust, {}, checker);
  if (!inner.ok) {
    const failed = inner.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.summary}`);
    return fail(`the anchor entry on chain ${anchor.bundle.chain} does not verify`, {
      code: 'ANCHOR_ENTRY_NOT_VERIFIED',
      failedChecks: failed,
      failedCheckIds: inner.checks.filter((c) => !c.ok).map((c) => c.id),
    });
  }
  const otherChain = findTrustedChain(trust, anchor.bundle.chain);
  const anchorEntry = readEntryEnvelope(parseCanonicalJson(anchor.bundle.entry));
  const anchoredDigest = hashBytes(otherChain.hashAlgorithm, utf8ToBytes(anchor.checkpoint));
  if (anchorEntry.type !== 'anchor' || !equalBytes(anchorEntry.digest.value, anchoredDigest)) {
    return fail("the anchor entry's digest is not the digest of the anchored checkpoint", {
      code: 'ANCHOR_DIGEST_MISMATCH',
    });
  }
  const anchored = checker.check(chain, anchor.checkpoint);
  if (!anchored.final || anchored.checkpoint === undefined) {
    return fail('the anchored checkpoint is not signed and cosigned by this chain', {
      code: 'ANCHOR_CHECKPOINT_NOT_FINAL',
      reason: anchored.cosignatures?.summary ?? anchored.signature.summary,
    });
  }
  const included = checkInclusionUnder(
    chain,
    bundle.index,
    anchored.checkpoint.treeSize,
    leafHash,
    anchor.inclusionProof,
    anchored.checkpoint.rootHash,
  );
  if (!included.ok)
    return fail(`the entry is not in the anchored checkpoint: ${included.summary}`, {
      ...included.details,
      code: 'ANCHOR_INCLUSION_INVALID',
      ...(typeof included.details['code'] === 'string' ? { cause: included.details['code'] } : {}),
    });
  addCheck(report, {
    id: 'anchor',
    ok: true,
    summary: `anchored on chain ${otherChain.name} at index ${anchor.bundle.index} (${anchorEntry.time}) under this chain's checkpoint of size ${anchored.checkpoint.treeSize}`,
    details: {
      ...where,
      anchorChainName: otherChain.name,
      anchorTime: anchorEntry.time,
      anchoredTreeSize: anchored.checkpoint.treeSize,
    },
  });
}

function checkParsedBundle(
  bundle: ProofBundle,
  trust: TrustFile,
  options: CheckBundleOptions,
  checker: CheckpointChecker,
): VerificationReport {
  const chain = findTrustedChain(trust, bundle.chain);
  const report: VerificationReport = {
    ok: true,
    chain: chain.name,
    origin: chain.origin,
    index: bundle.index,
    treeSize: bundle.treeSize,
    leafHash: bundle.leafHash,
    cosigners: [],
    checks: [],
  };
  if (bundle.origin !== chain.origin) {
    throw new VerifyError(
      'BUNDLE_INVALID',
      `bundle origin ${bundle.origin} is not the origin of chain ${chain.name}`,
      {
        details: { expectedOrigin: chain.origin, bundleOrigin: bundle.origin },
      },
    );
  }
  const envelope = checkEntry(report, bundle, chain);
  if (envelope !== undefined) checkAuthority(report, envelope, chain, trust);
  const leafHash = checkLeafHash(report, bundle, chain);
  const outcome = checker.check(chain, bundle.checkpoint);
  addCheck(report, { id: 'checkpoint-signature', ...outcome.signature });
  if (outcome.cosignatures) addCheck(report, { id: 'cosignatures', ...outcome.cosignatures });
  report.cosigners = outcome.cosigners;
  if (outcome.checkpoint) {
    report.rootHash = bytesToHex(outcome.checkpoint.rootHash);
    const sizeMatches = outcome.checkpoint.treeSize === bundle.treeSize;
    const included = sizeMatches
      ? checkInclusionUnder(
          chain,
          bundle.index,
          bundle.treeSize,
          leafHash,
          bundle.inclusionProof,
          outcome.checkpoint.rootHash,
        )
      : {
          ok: false,
          summary: `the bundle says tree size ${bundle.treeSize} but the checkpoint is of size ${outcome.checkpoint.treeSize}`,
          details: {
            code: 'TREE_SIZE_MISMATCH',
            bundleTreeSize: bundle.treeSize,
            checkpointTreeSize: outcome.checkpoint.treeSize,
          },
        };
    addCheck(report, { id: 'inclusion', ...included });
  }
  if (bundle.receipt !== undefined)
    addCheck(report, checkBundleReceipt({ ...bundle, receipt: bundle.receipt }, chain, envelope));
  checkFileDigest(report, envelope, options);
  for (const anchor of bundle.anchors ?? [])
    checkAnchor(report, anchor, bundle, chain, leafHash, trust, checker);
  return report;
}

/**
 * Checks a bundle against the trust file and returns the report; failed checks are in the report.
 * Throws VerifyError only when the bundle cannot be read (BUNDLE_INVALID) or names a chain the
 * trust file does not have (CHAIN_UNKNOWN).
 */
export function checkBundle(
  input: string | unknown,
  trust: TrustFile,
  options: CheckBundleOptions = {},
  checker: CheckpointChecker = SHARED_CHECKER,
): VerificationReport {
  const bundle = parseBundle(input);
  return checkParsedBundle(bundle, trust, options, checker);
}

/** Like checkBundle, but throws VerifyError('BUNDLE_NOT_VERIFIED') carrying the report when any check failed. */
export function verifyBundle(
  input: string | unknown,
  trust: TrustFile,
  options: CheckBundleOptions = {},
  checker?: CheckpointChecker,
): VerificationReport {
  const report = checkBundle(input, trust, options, checker);
  if (!report.ok) {
    const failed = report.checks.filter((c) => !c.ok);
    throw new VerifyError(
      'BUNDLE_NOT_VERIFIED',
      `bundle failed: ${failed.map((c) => c.summary).join('; ')}`,
      {
        details: { report },
      },
    );
  }
  return report;
}
