import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  addTestEntry,
  bundleOf,
  createTestChain,
  trustFileOf,
} from '../../src/verify/testdata/test-chain.ts';
import { runVerification } from '../../web/src/pages/public/verify-run.ts';

// The verify page's run of src/verify (it runs in the browser; the same code runs here): the file
// compared by SHA-256 or, on an SM3 chain, hashed by the verifier; a licence's revocation added
// as its own check when the portal can tell.

const file = new TextEncoder().encode('the original contract');
const asFile = (bytes: Uint8Array) => ({
  sha256: `sha256:${createHash('sha256').update(bytes).digest('hex')}`,
  readBytes: () => Promise.resolve(bytes),
});

describe('runVerification', () => {
  it('compares the file by SHA-256 on a SHA-256 chain and by its bytes on an SM3 chain', async () => {
    for (const hashAlgorithm of ['sha256', 'sm3'] as const) {
      const chain = createTestChain('evidence', { hashAlgorithm });
      addTestEntry(chain, 'evidence', file);
      addTestEntry(chain, 'evidence', 'other');
      const input = {
        bundleText: JSON.stringify(bundleOf(chain, 0)),
        trustText: JSON.stringify(trustFileOf([chain])),
      };
      const same = await runVerification({ ...input, file: asFile(file) });
      assert.equal(same.ok, true, JSON.stringify(same.checks));
      assert.ok(same.checks.some((check) => check.id === 'file-digest'));
      const other = await runVerification({ ...input, file: asFile(new TextEncoder().encode('x')) });
      assert.deepEqual(
        other.checks.filter((check) => !check.ok).map((check) => check.id),
        ['file-digest'],
        hashAlgorithm,
      );
    }
  });

  it('adds the revocation of a licence entry when it is known, and nothing when it is not', async () => {
    const chain = createTestChain('works');
    addTestEntry(chain, 'license', 'terms', { number: 'SC-2026-L-00000001-0' });
    const input = {
      bundleText: JSON.stringify(bundleOf(chain, 0)),
      trustText: JSON.stringify(trustFileOf([chain])),
    };
    const asked: string[] = [];
    const revoked = await runVerification({
      ...input,
      lookUpRevocation: (number) => {
        asked.push(number);
        return Promise.resolve({ revoked: true, reason: '合同到期', time: '2026-12-01T00:00:00Z' });
      },
    });
    assert.deepEqual(asked, ['SC-2026-L-00000001-0']);
    assert.equal(revoked.ok, false);
    assert.deepEqual(
      revoked.checks.filter((check) => !check.ok).map((check) => check.id),
      ['revocation'],
    );
    const unknown = await runVerification({ ...input, lookUpRevocation: () => Promise.resolve(null) });
    assert.equal(unknown.ok, true);
    assert.ok(!unknown.checks.some((check) => check.id === 'revocation'));
  });

  it('throws the verifier error for an unreadable bundle or a chain the consortium file lacks', async () => {
    const chain = createTestChain('evidence');
    addTestEntry(chain, 'evidence', file);
    const trustText = JSON.stringify(trustFileOf([createTestChain('works')]));
    await assert.rejects(runVerification({ bundleText: '{"format":1}', trustText }), {
      code: 'BUNDLE_INVALID',
    });
    await assert.rejects(runVerification({ bundleText: JSON.stringify(bundleOf(chain, 0)), trustText }), {
      code: 'CHAIN_UNKNOWN',
    });
    await assert.rejects(runVerification({ bundleText: '{}', trustText: 'not json' }), {
      code: 'TRUST_FILE_INVALID',
    });
  });
});
