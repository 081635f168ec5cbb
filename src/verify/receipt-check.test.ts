import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  base64ToBytes,
  bytesToBase64,
  createSignerKey,
  hexToBytes,
  KEY_TYPE_ED25519,
  type SignerKey,
} from '../crypto/index.ts';
import { signReceipt } from '../note/index.ts';
import { checkBundle } from './check-bundle.ts';
import { CheckpointChecker } from './checkpoint-check.ts';
import type { ProofBundle } from './bundle.ts';
import type { VerificationCheck } from './report.ts';
import {
  addTestEntry,
  bundleOf,
  createTestChain,
  trustFileOf,
  type TestChain,
} from './testdata/test-chain.ts';
import { parseTrustFile } from './trust.ts';

// A bundle proven final under a quorum-cosigned checkpoint still has its receipt checked: a
// receipt that was tampered with makes the bundle NOT VERIFIED with a stable code.

function makeChain(): TestChain {
  const chain = createTestChain('evidence');
  for (let i = 0; i < 5; i++) addTestEntry(chain, 'evidence', `file ${i}`, { n: i });
  return chain;
}

/** Signs a receipt with these fields (the bundle's by default) as `signer` would. */
function resign(
  bundle: ProofBundle,
  signer: SignerKey,
  fields: { index?: number; leafHash?: string; time?: string; origin?: string } = {},
): string {
  const time = fields.time ?? (JSON.parse(bundle.entry) as { time: string }).time;
  return signReceipt(
    {
      origin: fields.origin ?? bundle.origin,
      index: fields.index ?? bundle.index,
      leafHash: hexToBytes(fields.leafHash ?? bundle.leafHash),
      time,
    },
    signer,
  );
}

/** Flips one bit of the Ed25519 signature (after the 4-byte key ID) in the note's signature line. */
function flipSignatureBit(note: string): string {
  const lines = note.split('\n');
  const at = lines.findIndex((line) => line.startsWith('\u2014 '));
  const [dash, name, encoded] = lines[at]!.split(' ');
  const bytes = base64ToBytes(encoded!);
  bytes[4 + 10]! ^= 0x01;
  lines[at] = `${dash} ${name} ${bytesToBase64(bytes)}`;
  return lines.join('\n');
}

describe('the receipt in a bundle', () => {
  const chain = makeChain();
  const trust = parseTrustFile(trustFileOf([chain]));
  const check = (bundle: ProofBundle) => {
    const report = checkBundle(bundle, trust, {}, new CheckpointChecker());
    return { report, receipt: report.checks.find((c) => c.id === 'receipt') };
  };
  const failure = (bundle: ProofBundle): VerificationCheck => {
    const { report, receipt } = check(bundle);
    assert.equal(report.ok, false, 'a bundle with a bad receipt must not verify');
    assert.deepEqual(
      report.checks.filter((c) => !c.ok).map((c) => c.id),
      ['receipt'],
    );
    return receipt!;
  };

  it('is checked and passes for a genuine final bundle', () => {
    const { report, receipt } = check(bundleOf(chain, 2));
    assert.equal(report.ok, true);
    assert.equal(receipt?.ok, true);
    assert.equal(receipt?.summary, `the sequencer's receipt promises entry 2 at ${report.entry?.time}`);
  });

  it('fails with RECEIPT_SIGNATURE_INVALID when the signature bytes are altered', () => {
    const bundle = bundleOf(chain, 2);
    const failed = failure({ ...bundle, receipt: flipSignatureBit(bundle.receipt!) });
    assert.equal(failed.details?.['code'], 'RECEIPT_SIGNATURE_INVALID');
    assert.match(failed.summary, /^the receipt's signature by the sequencer does not verify/);
  });

  it('fails with RECEIPT_NOT_SIGNED_BY_SEQUENCER when the index is changed and re-signed by another key', () => {
    const bundle = bundleOf(chain, 2);
    const impostor = createSignerKey(chain.origin, KEY_TYPE_ED25519);
    const failed = failure({ ...bundle, receipt: resign(bundle, impostor, { index: 3 }) });
    assert.equal(failed.details?.['code'], 'RECEIPT_NOT_SIGNED_BY_SEQUENCER');
    assert.equal(
      failed.summary,
      'the receipt is not signed by the sequencer key of chain evidence in the consortium file',
    );
  });

  it('fails with RECEIPT_LEAF_HASH_MISMATCH for the leaf hash of another entry, even signed by the sequencer', () => {
    const bundle = bundleOf(chain, 2);
    const other = bundleOf(chain, 4).leafHash;
    const failed = failure({ ...bundle, receipt: resign(bundle, chain.sequencer, { leafHash: other }) });
    assert.equal(failed.details?.['code'], 'RECEIPT_LEAF_HASH_MISMATCH');
    assert.equal(failed.details?.['receiptLeafHash'], other);
  });

  it("fails with RECEIPT_INDEX_MISMATCH for another entry's genuine receipt", () => {
    const failed = failure({ ...bundleOf(chain, 1), receipt: bundleOf(chain, 2).receipt! });
    assert.equal(failed.details?.['code'], 'RECEIPT_INDEX_MISMATCH');
    assert.equal(failed.summary, 'the receipt promises entry 2, not entry 1 of the bundle');
  });

  it("fails with RECEIPT_TIME_MISMATCH when the receipt's time is not the entry's", () => {
    const bundle = bundleOf(chain, 2);
    const receipt = resign(bundle, chain.sequencer, { time: '2030-01-01T00:00:00.000Z' });
    assert.equal(failure({ ...bundle, receipt }).details?.['code'], 'RECEIPT_TIME_MISMATCH');
  });

  it('fails with RECEIPT_ORIGIN_MISMATCH for a receipt of another log', () => {
    const bundle = bundleOf(chain, 2);
    const receipt = resign(bundle, chain.sequencer, { origin: 'other.example/log' });
    assert.equal(failure({ ...bundle, receipt }).details?.['code'], 'RECEIPT_ORIGIN_MISMATCH');
  });

  it('fails with RECEIPT_MALFORMED for a receipt that is no signed note', () => {
    const bundle = bundleOf(chain, 2);
    assert.equal(failure({ ...bundle, receipt: 'not a receipt\n' }).details?.['code'], 'RECEIPT_MALFORMED');
  });

  it('is simply absent from the report when the bundle carries no receipt', () => {
    const { receipt: _dropped, ...bundle } = bundleOf(chain, 2);
    const { report, receipt } = check(bundle as ProofBundle);
    assert.equal(report.ok, true);
    assert.equal(receipt, undefined);
  });
});
