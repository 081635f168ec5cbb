import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, createSignerKey, hashBytes, toVerifierKey, utf8ToBytes } from '../crypto/index.ts';
import { buildEntry, DEFAULT_LEDGER_OPTIONS, parseEntry } from '../ledger/index.ts';
import { canonicalizeJson } from '../note/index.ts';
import type { ProofBundle, TrustedChain, VerificationReport } from '../verify/index.ts';
import { buildVerificationFields, readVerificationEntry } from './verification-entry.ts';

const court: TrustedChain = {
  name: 'evidence',
  origin: 'court.sealchain.test/evidence',
  hashAlgorithm: 'sha256',
  sequencer: { name: 'court', key: toVerifierKey(createSignerKey('court.sealchain.test/evidence')) },
  witnesses: [],
  quorum: 0,
  maxMergeDelayMs: 10_000,
};

const bundle: ProofBundle = {
  format: 'sealchain-bundle/v1',
  chain: 'works',
  origin: 'copyright.sealchain.test/works',
  index: 41,
  entry: '{}',
  leafHash: 'cd'.repeat(32),
  treeSize: 50,
  inclusionProof: [],
  checkpoint: 'note',
};

function reportOf(ok: boolean): VerificationReport {
  return {
    ok,
    chain: 'works',
    origin: bundle.origin,
    index: 41,
    treeSize: 50,
    leafHash: bundle.leafHash,
    cosigners: [],
    checks: [
      { id: 'entry', ok: true, summary: '' },
      { id: 'cosignatures', ok, summary: '' },
    ],
  };
}

function roundTrip(fields: ReturnType<typeof buildVerificationFields>) {
  const { bytes } = buildEntry(fields, '2026-02-03T04:05:06.007Z', DEFAULT_LEDGER_OPTIONS);
  return readVerificationEntry(court, 12, parseEntry(bytes, DEFAULT_LEDGER_OPTIONS));
}

describe('verification entries', () => {
  it('record a cross-chain check with its case, digesting the canonical bundle', () => {
    const fields = buildVerificationFields(court, bundle, reportOf(true), 'clerk', '(2026)京0491民初7号');
    assert.equal(
      fields.digest,
      `sha256:${bytesToHex(hashBytes('sha256', utf8ToBytes(canonicalizeJson(bundle))))}`,
    );
    assert.deepEqual(roundTrip(fields), {
      leafIndex: 12,
      verifiedChain: 'works',
      verifiedOrigin: bundle.origin,
      verifiedIndex: 41,
      verifiedLeafHash: bundle.leafHash,
      verified: true,
      crossChain: true,
      caseNumber: '(2026)京0491民初7号',
      time: '2026-02-03T04:05:06.007Z',
    });
  });

  it('name the failed checks of a bundle that did not verify, and a check of the own chain is not cross-chain', () => {
    const own = { ...bundle, chain: 'evidence', origin: court.origin };
    const report = { ...reportOf(false), chain: 'evidence', origin: court.origin };
    const fields = buildVerificationFields(court, own, report, 'clerk', undefined);
    assert.deepEqual(fields.meta?.['failedChecks'], ['cosignatures']);
    const read = roundTrip(fields);
    assert.equal(read?.verified, false);
    assert.equal(read?.crossChain, false);
    assert.equal(read?.caseNumber, null);
  });

  it('are not read from entries of another type or with malformed meta', () => {
    const fields = buildVerificationFields(court, bundle, reportOf(true), 'clerk', undefined);
    assert.equal(roundTrip({ ...fields, type: 'evidence' }), null);
    assert.equal(roundTrip({ ...fields, meta: { ...fields.meta, index: -1 } }), null);
    assert.equal(roundTrip({ ...fields, meta: { ...fields.meta, result: 'maybe' } }), null);
    assert.equal(roundTrip({ ...fields, meta: { ...fields.meta, caseNumber: 'a\nb' } }), null);
  });
});
