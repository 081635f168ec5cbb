import type { EntryWriter } from '../accounts/index.ts';
import { buildVerificationFields, ConsortiumError, type PeerClient } from '../consortium/index.ts';
import { parseTaggedDigest } from '../crypto/index.ts';
import {
  CheckpointChecker,
  checkBundle,
  parseBundle,
  type TrustFile,
  type VerificationReport,
} from '../verify/index.ts';
import { runAdmitted, type AdmissionPorts } from './admission.ts';
import type { ChainHandle } from './chain.ts';
import { depositEntries, type DepositPorts, type DepositResult } from './deposits.ts';
import { ServiceError } from './errors.ts';
import { readProofBundle } from './proof-bundles.ts';

// Court verification and cross-chain verification (DESIGN.md "Cross-chain"): the node checks a
// bundle with src/verify against the consortium file, offline, and records the outcome on its own
// chain as a `verification` entry, with the case it belongs to.

export interface VerificationPorts extends DepositPorts, AdmissionPorts {
  /** The chains this node serves; the first records the verifications. */
  chains: ReadonlyMap<string, ChainHandle>;
  /** The nodes of the chains this node does not serve. */
  peers: ReadonlyMap<string, PeerClient>;
  /** The consortium file: the trust root of every verification. */
  trust: TrustFile;
  peerWaitMs: number;
  countVerification: (chain: string, verified: boolean, crossChain: boolean) => void;
}

/** A bundle to verify, or the chain and index of an entry whose final bundle is fetched. */
export interface VerificationRequest {
  unit: string;
  bundle?: unknown;
  chain?: string | undefined;
  index?: number | undefined;
  /** The file's tagged digest, checked against the entry when given. */
  fileDigest?: string | undefined;
  caseNumber?: string | undefined;
  idempotencyKey: string | undefined;
}

export interface VerificationOutcome {
  verified: boolean;
  crossChain: boolean;
  report: VerificationReport;
  record: DepositResult;
}

const VERIFIER: EntryWriter = { kind: 'service', service: 'verification' };

function notFinal(chain: string, index: number, retryAfterMs: number): ConsortiumError {
  return new ConsortiumError(
    'ENTRY_NOT_FINAL',
    `entry ${chain}:${index} is not under a final checkpoint yet; verify it again shortly`,
    { details: { chain, index, retryAfterMs } },
  );
}

async function readOwnBundle(ports: VerificationPorts, chain: ChainHandle, index: number): Promise<unknown> {
  const read = await readProofBundle(chain, index, 'final', ports.peerWaitMs);
  if (read === null) throw notFinal(chain.name, index, chain.ledger.options.integrationIntervalMs);
  return read.bundle;
}

/** The final bundle of entry `index` of chain `name`: built here, or fetched from its node. */
async function fetchBundle(ports: VerificationPorts, name: string, index: number): Promise<unknown> {
  const own = ports.chains.get(name);
  if (own !== undefined) return readOwnBundle(ports, own, index);
  const peer = ports.peers.get(name);
  if (peer === undefined) {
    throw new ServiceError(
      'CHAIN_NOT_FOUND',
      `this node cannot reach a node of chain ${JSON.stringify(name)}`,
      {
        details: { chain: name, chains: [...ports.chains.keys(), ...ports.peers.keys()] },
      },
    );
  }
  const answer = await peer.readBundle(name, index, ports.peerWaitMs);
  if (answer.status === 'missing') {
    throw new ServiceError('ENTRY_NOT_FOUND', `chain ${name} has no entry ${index}`, {
      details: { chain: name, index },
    });
  }
  if (answer.status === 'pending') throw notFinal(name, index, 1_000);
  return answer.bundle;
}

function checkRequestShape(request: VerificationRequest): void {
  const byReference = request.chain !== undefined || request.index !== undefined;
  if (
    (request.bundle === undefined) === !byReference ||
    (byReference && (request.chain === undefined || request.index === undefined))
  ) {
    throw new ServiceError('REQUEST_INVALID', 'give either a bundle, or a chain and an index', {
      details: { field: request.bundle === undefined ? 'chain' : 'bundle' },
    });
  }
}

/**
 * Verifies a bundle (or the final bundle of an entry of any chain) with the consortium file and
 * records the outcome on this node's first chain, as one admitted entry of the unit.
 */
export async function verifyAndRecord(
  ports: VerificationPorts,
  request: VerificationRequest,
): Promise<VerificationOutcome> {
  checkRequestShape(request);
  const recording = [...ports.chains.values()][0]!;
  const { unit } = request;
  return runAdmitted(ports, unit, 1, async () => {
    const bundle = parseBundle(request.bundle ?? (await fetchBundle(ports, request.chain!, request.index!)));
    const options =
      request.fileDigest === undefined ? {} : { fileDigest: parseTaggedDigest(request.fileDigest) };
    const report = checkBundle(bundle, ports.trust, options, new CheckpointChecker());
    const fields = recording.signEntry(
      buildVerificationFields(recording.trusted, bundle, report, unit, request.caseNumber),
    );
    const [record] = await depositEntries(ports, {
      chain: recording,
      unit,
      entries: [{ type: fields.type, digest: fields.digest, meta: fields.meta, sig: fields.sig }],
      idempotencyKey: request.idempotencyKey,
      batch: false,
      writer: VERIFIER,
    });
    const crossChain = report.origin !== recording.origin;
    if (!record!.replayed) ports.countVerification(recording.name, report.ok, crossChain);
    return { verified: report.ok, crossChain, report, record: record! };
  });
}

/** The verifications recorded on this node's chains for one case, oldest first per chain. */
export async function listCaseVerifications(chains: ReadonlyMap<string, ChainHandle>, caseNumber: string) {
  const records = await Promise.all(
    [...chains.values()].map(async (chain) => {
      await chain.indexer.catchUp();
      return chain.index.listCaseVerifications(chain.origin, caseNumber);
    }),
  );
  return records.flat();
}
