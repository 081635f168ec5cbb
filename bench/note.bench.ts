// Signed-note hot paths against the Ed25519 operations they cannot avoid, measured in the same run:
// the offline verifier's check of a checkpoint signed by the log and cosigned by three witnesses
// (four Ed25519 verifications), and the sequencer's signing of a deposit receipt (one signature
// over the receipt body, which the baseline formats too).
import {
  checkEd25519,
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  signEd25519,
  toVerifierKey,
  utf8ToBytes,
} from '../src/crypto/index.ts';
import {
  addCosignatures,
  buildCosignatureMessage,
  cosignCheckpoint,
  formatCheckpoint,
  formatReceipt,
  parseNote,
  parseCosignature,
  signCheckpoint,
  signReceipt,
  verifyCosignedCheckpoint,
  type CheckpointTrustPolicy,
} from '../src/note/index.ts';
import { measureRate, printRow } from './harness.ts';

const ORIGIN = 'court.sealchain.local/evidence';
const WITNESS_COUNT = 3;
const BATCH = 64;
const ROUNDS = 3;

/**
 * Measures the two workloads alternately and keeps each one's best round, so that load from other
 * processes on a shared machine, which only ever slows a round down, skews neither side.
 */
async function measurePair(
  baseline: () => void,
  subject: () => void,
): Promise<{ baselinePerSecond: number; subjectPerSecond: number }> {
  let baselinePerSecond = 0;
  let subjectPerSecond = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const options = { batch: BATCH, minMs: 400, warmupMs: round === 0 ? 200 : 50 };
    baselinePerSecond = Math.max(baselinePerSecond, (await measureRate(baseline, options)).perSecond);
    subjectPerSecond = Math.max(subjectPerSecond, (await measureRate(subject, options)).perSecond);
  }
  return { baselinePerSecond, subjectPerSecond };
}

function seed(byte: number): Uint8Array {
  return new Uint8Array(32).fill(byte);
}

export async function runBench(): Promise<void> {
  const logKey = createSignerKey(ORIGIN, undefined, seed(1));
  const witnesses = Array.from({ length: WITNESS_COUNT }, (_, i) =>
    createSignerKey(`witness${i + 1}.sealchain.local`, KEY_TYPE_COSIGNATURE_V1, seed(0x10 + i)),
  );
  const checkpoint = {
    origin: ORIGIN,
    treeSize: 123_456_789,
    rootHash: seed(0xab),
    extensions: [],
  };
  const body = formatCheckpoint(checkpoint);
  const note = addCosignatures(
    signCheckpoint(checkpoint, logKey),
    witnesses.map((witness) => cosignCheckpoint(body, witness, 1_790_000_000)),
  );
  const policy: CheckpointTrustPolicy = {
    origin: ORIGIN,
    logKey: toVerifierKey(logKey),
    witnessKeys: witnesses.map(toVerifierKey),
    quorum: WITNESS_COUNT,
  };

  const bodyBytes = utf8ToBytes(body);
  const signatures = parseNote(note).signatures;
  const rawChecks = signatures.map((signature, i) =>
    i === 0
      ? { publicKey: logKey.publicKey, message: bodyBytes, signature: signature.signature }
      : {
          publicKey: witnesses[i - 1]!.publicKey,
          message: buildCosignatureMessage(bodyBytes, parseCosignature(signature).timestamp),
          signature: parseCosignature(signature).signature,
        },
  );
  const verify = await measurePair(
    () => {
      for (let i = 0; i < BATCH; i++) {
        const check = rawChecks[i % rawChecks.length]!;
        if (!checkEd25519(check.publicKey, check.message, check.signature))
          throw new Error('raw check failed');
      }
    },
    () => {
      for (let i = 0; i < BATCH; i++) verifyCosignedCheckpoint(note, policy);
    },
  );
  const verifyRatio = verify.subjectPerSecond / (verify.baselinePerSecond / rawChecks.length);
  printRow({
    name: `verifyCosignedCheckpoint (log + ${WITNESS_COUNT} cosignatures, quorum ${WITNESS_COUNT})`,
    value: verify.subjectPerSecond,
    unit: 'checkpoints/s',
    baselineName: `raw Ed25519 verifications/s ÷ ${rawChecks.length}`,
    baselineValue: verify.baselinePerSecond / rawChecks.length,
    goal: '≥ 0.8',
    met: verifyRatio >= 0.8,
  });
  console.log(`  raw Ed25519 verifications: ${Math.round(verify.baselinePerSecond)}/s`);

  const receipt = { origin: ORIGIN, index: 42, leafHash: seed(0xcd), time: '2026-11-21T10:00:00.000Z' };
  const sign = await measurePair(
    () => {
      for (let i = 0; i < BATCH; i++)
        signEd25519(logKey.seed, utf8ToBytes(formatReceipt({ ...receipt, index: i })));
    },
    () => {
      for (let i = 0; i < BATCH; i++) signReceipt({ ...receipt, index: i }, logKey);
    },
  );
  const signRatio = sign.subjectPerSecond / sign.baselinePerSecond;
  printRow({
    name: 'signReceipt',
    value: sign.subjectPerSecond,
    unit: 'receipts/s',
    baselineName: 'raw Ed25519 signatures/s of the same receipt bodies',
    baselineValue: sign.baselinePerSecond,
    goal: '≥ 0.8',
    met: signRatio >= 0.8,
  });
}
