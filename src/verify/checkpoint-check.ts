import { bytesToHex, equalBytes, formatVerifierKey, type VerifierKey } from '../crypto/index.ts';
import { verifyCosignedCheckpoint, type Checkpoint } from '../note/index.ts';
import { describeQuorumTally, organisationOf, tallyQuorum } from './independent-quorum.ts';
import { describeFailure, type CosignerReport } from './report.ts';
import type { TrustedChain } from './trust.ts';

// C2SP tlog-checkpoint + tlog-cosignature: the sequencer's signature and cosignatures of a quorum
// of independent witnesses (src/verify/independent-quorum.ts). One checkpoint is shared by many
// bundles, so outcomes are cached by note text.

export interface CheckpointOutcome {
  checkpoint?: Checkpoint;
  signature: { ok: boolean; summary: string; details?: Record<string, unknown> };
  cosignatures?: { ok: boolean; summary: string; details: Record<string, unknown> };
  cosigners: CosignerReport[];
  /** True only when the checkpoint is signed by the sequencer and cosigned by a quorum of independent witnesses. */
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
  const names = [chain.sequencer.name, ...chain.witnesses.map((w) => w.name)].join(' ');
  return `${chain.origin}\n${formatVerifierKey(chain.sequencer.key)}\n${witnessKeys}\n${names}\n${chain.quorum}`;
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
  const cosigned = verified.cosignatures.flatMap((c) => {
    const witness = chain.witnesses.find(
      (w) => w.key.name === c.key.name && equalBytes(w.key.keyId, c.key.keyId),
    );
    return witness === undefined ? [] : [{ cosignature: c, witness: witness.name }];
  });
  const tally = tallyQuorum(
    chain,
    cosigned.map((c) => c.witness),
  );
  const cosigners = cosigned.map(({ cosignature, witness }): CosignerReport => {
    const organisation = organisationOf(witness);
    return {
      name: cosignature.key.name,
      keyId: bytesToHex(cosignature.key.keyId),
      time: new Date(cosignature.timestamp * 1000).toISOString(),
      witness,
      organisation,
      counted: tally.counted.includes(organisation),
    };
  });
  return {
    checkpoint: verified.checkpoint,
    signature: {
      ok: true,
      summary: `checkpoint of size ${verified.checkpoint.treeSize} is signed by the sequencer ${chain.sequencer.name}`,
      details: {
        sequencer: chain.sequencer.name,
        sequencerKey: describeKey(chain.sequencer.key),
        treeSize: verified.checkpoint.treeSize,
      },
    },
    cosignatures: {
      ok: tally.reached,
      summary: describeQuorumTally(tally),
      details: {
        quorum: chain.quorum,
        cosignedBy: cosigners.map((c) => c.witness),
        independentWitnesses: tally.independent,
        countedOrganisations: tally.counted,
        sequencerOrganisation: tally.sequencerOrganisation,
        ownWitnesses: tally.ownWitnesses,
      },
    },
    cosigners,
    final: tally.reached,
  };
}
