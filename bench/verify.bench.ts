// Offline bundle verification (src/verify): bundles whose checkpoint is shared (verified once,
// then cached) and bundles that each carry their own checkpoint with 3 cosignatures, against raw
// Ed25519 verifications measured in the same run. Goals (issue 2, one core): ≥ 10,000 bundles/s
// shared and ≥ 1,500 bundles/s distinct.
import {
  checkEd25519,
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  utf8ToBytes,
  signEd25519,
} from '../src/crypto/index.ts';
import { addCosignatures, cosignCheckpoint, parseNote } from '../src/note/index.ts';
import { checkBundle, CheckpointChecker, parseTrustFile } from '../src/verify/index.ts';
import {
  addTestEntry,
  bundleOf,
  checkpointOf,
  createTestChain,
  trustFileOf,
} from '../src/verify/testdata/test-chain.ts';
import { compareCpuRates, printRow } from './harness.ts';

const ENTRIES = 1024;
const DISTINCT_CHECKPOINTS = 512;

export async function runBench(): Promise<void> {
  const chain = createTestChain('evidence', { witnesses: 3, quorum: 2 });
  for (let i = 0; i < ENTRIES; i++) addTestEntry(chain, 'evidence', `file ${i}`, { n: i });
  const trust = parseTrustFile(trustFileOf([chain]));
  const sharedBundles = Array.from({ length: 256 }, (_, i) =>
    JSON.stringify(bundleOf(chain, (i * 37) % ENTRIES)),
  );

  // Distinct checkpoints: the same tree re-cosigned at other times, so every note text differs
  // and each bundle costs one sequencer signature and three cosignature checks.
  const signed = checkpointOf(chain, ENTRIES, 0);
  const body = parseNote(signed).text;
  const base = bundleOf(chain, 5, ENTRIES, signed);
  const distinctBundles = Array.from({ length: DISTINCT_CHECKPOINTS }, (_, i) => {
    const cosignatures = chain.witnesses.map((w, k) => cosignCheckpoint(body, w, 1_800_000_000 + i * 10 + k));
    return JSON.stringify({ ...base, checkpoint: addCosignatures(signed, cosignatures) });
  });

  const key = createSignerKey('baseline', KEY_TYPE_COSIGNATURE_V1);
  const message = utf8ToBytes(body);
  const signature = signEd25519(key.seed, message);
  const rawVerify = { run: () => void checkEd25519(key.publicKey, message, signature), batch: 1 };

  const sharedChecker = new CheckpointChecker();
  const shared = compareCpuRates(
    {
      run: () => {
        for (const bundle of sharedBundles)
          if (!checkBundle(bundle, trust, {}, sharedChecker).ok) throw new Error('bundle failed');
      },
      batch: sharedBundles.length,
    },
    rawVerify,
  );
  printRow({
    name: 'bundles verified/s, one shared checkpoint',
    value: shared.rate,
    unit: '/s',
    baselineName: 'raw Ed25519 verifications',
    baselineValue: shared.baselineRate,
    goal: '≥ 10,000 bundles/s',
    met: shared.rate >= 10_000,
  });

  let next = 0;
  const distinct = compareCpuRates(
    {
      run: () => {
        const checker = new CheckpointChecker();
        for (let i = 0; i < 16; i++) {
          const bundle = distinctBundles[next++ % distinctBundles.length]!;
          if (!checkBundle(bundle, trust, {}, checker).ok) throw new Error('bundle failed');
        }
      },
      batch: 16,
    },
    rawVerify,
  );
  printRow({
    name: 'bundles verified/s, each with its own checkpoint (1 signature + 3 cosignatures)',
    value: distinct.rate,
    unit: '/s',
    baselineName: 'raw Ed25519 verifications',
    baselineValue: distinct.baselineRate,
    goal: '≥ 1,500 bundles/s',
    met: distinct.rate >= 1_500,
  });
  console.log(
    `  distinct: ${(distinct.baselineRate / distinct.rate).toFixed(2)} raw verifications' time per bundle (4 signatures; per-round ratio ${distinct.ratioMin.toFixed(3)}–${distinct.ratioMax.toFixed(3)})`,
  );
}
