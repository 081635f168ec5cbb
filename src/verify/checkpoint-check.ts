import { bytesToHex, formatVerifierKey, type VerifierKey } from '../crypto/index.ts';
import { verifyCosignedCheckpoint, type Checkpoint } from '../note/index.ts';
import { describeFailure, type CosignerReport } from './report.ts';
import type { TrustedChain } from './trust.ts';

// C2SP tlog-checkpoint + tlog-cosignature: the sequencer's signature and a quorum of distinct
// known witnesses. One checkpoint is shared by many bundles, so outcomes are cached by note text.

export interface CheckpointOutcome {
  checkpoint?: Checkpoint;
  signature: { ok: boolean; summary: string; details?: Record<string, unknown> };
  cosignatures?: { ok: boolean; summary: string; details: Record<string, unknown> };
  cosigners: CosignerReport[];
  /** True only when the checkpoint is signed by the sequencer and cosigned by a quorum. */
  final: boolean;
}

const CACHE_LIMIT = 1024;

export class CheckpointChecker {
  private readonly cache = new Map<string, CheckpointOutcome>();

  check(chain: TrustedChain, noteText: string): CheckpointOutcome {
    const cacheKey = `${describeTrust(chain)}\n\n${noteText}`;
    const cached = this.cache.get(cacheKey);
    if (cached) return cached;
    const outcome = evaluateCheckpoint(chain, noteText);
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(cacheKey, outcome);
    return outcome;
  }
}

/** Everything the outcome depends on besides the note: a cached outcome is reused only under the same trust. */
function describeTrust(chain: TrustedChain): string {
  const witnessKeys = chain.witnesses.map((w) => formatVerifierKey(w.key)).join(' ');
  return `${chain.origin}\n${formatVerifierKey(chain.sequencer.key)}\n${witnessKeys}\n${chain.quorum}`;
}

function describeKey(key: VerifierKey): string {
  return `${key.name}+${bytesToHex(key.keyId)}`;
}

export function evaluateCheckpoint(chain: TrustedChain, noteText: string): CheckpointOutcome {
  let verified;
  try {
    verified = verifyCosignedCheckpoint(noteText, {
      origin: chain.origin,
      logKey: chain.sequencer.key,
      witnessKeys: chain.witnesses.map((w) => w.key),
      quorum: 0,
    });
  } catch (error) {
    return { signature: { ok: false, ...describeFailure(error) }, cosigners: [], final: false };
  }
  const cosigners = verified.cosignatures.map((c) => ({
    name: c.key.name,
    keyId: bytesToHex(c.key.keyId),
    time: new Date(c.timestamp * 1000).toISOString(),
  }));
  const distinct = new Set(verified.cosignatures.map((c) => describeKey(c.key))).size;
  const quorumMet = distinct >= chain.quorum;
  return {
    checkpoint: verified.checkpoint,
    signature: {
      ok: true,
      summary: `checkpoint of size ${verified.checkpoint.treeSize} is signed by the sequencer ${chain.sequencer.name}`,
      details: { sequencerKey: describeKey(chain.sequencer.key) },
    },
    cosignatures: {
      ok: quorumMet,
      summary: quorumMet
        ? `cosigned by ${distinct} of ${chain.witnesses.length} witnesses (quorum ${chain.quorum})`
        : `cosigned by ${distinct} known witnesses, but the chain's quorum is ${chain.quorum}`,
      details: { quorum: chain.quorum, cosignedBy: cosigners.map((c) => c.name) },
    },
    cosigners,
    final: quorumMet,
  };
}
