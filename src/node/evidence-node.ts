import type { TrustedChain, TrustFile } from '../verify/index.ts';
import { TRUST_FILE_VERSION } from '../verify/index.ts';
import { toVerifierKey, type VerifierKey } from '../crypto/index.ts';
import { resolveLedgerOptions } from '../ledger/index.ts';
import { holdDataDir } from './data-lock.ts';
import { loadSequencerKey, singleNodeAuthorityTypes } from './node-files.ts';
import {
  locateNodeFiles,
  NODE_LEDGER_DEFAULTS,
  resolveNodeOptions,
  type NodeOptions,
} from './node-options.ts';
import { logToStderr, openSequencerNode, type SequencerNode } from './node.ts';

// A single evidence node: one chain, no witnesses (quorum 0, so each checkpoint is final as soon
// as it is signed), its own key and trust file under its data directory. Tests and benchmarks run
// it; `sealchain start` runs the whole local consortium instead.

/** A single node wired together but not listening. */
export interface EvidenceNode extends SequencerNode {
  options: NodeOptions;
  /** The node's service key, which signs its registrations, licences, verification records and captures. */
  serviceKey: VerifierKey;
  files: ReturnType<typeof locateNodeFiles>;
}

/**
 * The consortium file of a node on its own: its chain, no witnesses, and the node as the one
 * member whose service key signs the service entries of its chain.
 */
export function describeSingleNodeTrust(
  options: NodeOptions,
  chain: Omit<TrustedChain, 'witnesses' | 'quorum'>,
  serviceKey: VerifierKey,
): TrustFile {
  return {
    version: TRUST_FILE_VERSION,
    name: options.consortiumName,
    chains: [{ ...chain, witnesses: [], quorum: 0 }],
    members: [{ name: chain.name, role: 'other' }],
    authorities: [
      { member: chain.name, chain: chain.name, key: serviceKey, types: singleNodeAuthorityTypes(chain.name) },
    ],
  };
}

/** Opens a single node on `options.dataDir` (one process at a time: DATA_DIR_LOCKED otherwise). */
export async function openEvidenceNode(
  options: Partial<NodeOptions> = {},
  logError: (message: string, error: unknown) => void = logToStderr,
): Promise<EvidenceNode> {
  const resolved = resolveNodeOptions(options);
  const files = locateNodeFiles(resolved.dataDir, resolved.chainName);
  const ledgerOptions = resolveLedgerOptions({ ...NODE_LEDGER_DEFAULTS, ...resolved.ledger });
  return holdDataDir(resolved.dataDir, async () => {
    const signer = await loadSequencerKey(files.sequencerKey, resolved.origin);
    const serviceKey = await loadSequencerKey(files.serviceKey, `${resolved.origin}/service`, 'service key');
    const trust = describeSingleNodeTrust(
      resolved,
      {
        name: resolved.chainName,
        origin: resolved.origin,
        hashAlgorithm: resolved.hashAlgorithm,
        sequencer: { name: resolved.origin, key: toVerifierKey(signer) },
        maxMergeDelayMs: ledgerOptions.maxMergeDelayMs,
      },
      toVerifierKey(serviceKey),
    );
    const node = await openSequencerNode({
      dataDir: resolved.dataDir,
      databaseUrl: resolved.databaseUrl,
      databaseSchema: resolved.databaseSchema,
      trust,
      chainName: resolved.chainName,
      signer,
      serviceKeys: new Map([[resolved.chainName, serviceKey]]),
      ledger: resolved.ledger,
      api: resolved.api,
      consortium: resolved.consortium,
      capture: resolved.capture,
      logError,
    });
    return { ...node, options: resolved, files, serviceKey: toVerifierKey(serviceKey) };
  });
}
