import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBundle } from './bundle.ts';
import { VerifyError } from './errors.ts';
import { addTestEntry, bundleOf, createTestChain } from './testdata/test-chain.ts';

const chain = createTestChain('evidence');
addTestEntry(chain, 'evidence', 'file 0');

// The body of the bundle endpoint's 202 answer (src/api/contract/schemas.ts PendingSchema).
const PENDING_ANSWER = { status: 'pending', index: 12, treeSize: 12, finalTreeSize: 9, retryAfterMs: 1000 };

function isVerifyError(code: string, message?: RegExp) {
  return (error: unknown) =>
    error instanceof VerifyError &&
    error.code === code &&
    (message === undefined || message.test(error.message));
}

describe('parseBundle', () => {
  it('reads a bundle from its JSON text', () => {
    const bundle = bundleOf(chain, 0);
    assert.deepEqual(parseBundle(JSON.stringify(bundle)), bundle);
  });

  it('names a saved "not final yet" answer as such, with the entry index', () => {
    assert.throws(
      () => parseBundle(`${JSON.stringify(PENDING_ANSWER, null, 2)}\n`),
      (error: unknown) =>
        isVerifyError('BUNDLE_PENDING')(error) &&
        (error as VerifyError).message ===
          'this is a pending answer, not a proof bundle: the entry is not final yet; fetch the bundle again with ?wait=final' &&
        (error as VerifyError).details['index'] === 12,
    );
    assert.throws(() => parseBundle({ status: 'pending' }), isVerifyError('BUNDLE_PENDING'));
  });

  it('still rejects a bundle carrying a status field as an unknown field', () => {
    const withStatus = { ...bundleOf(chain, 0), status: 'pending' };
    assert.throws(
      () => parseBundle(withStatus),
      isVerifyError('BUNDLE_INVALID', /^bundle: \$\.status is not a known field$/),
    );
    assert.throws(
      () => parseBundle({ ...PENDING_ANSWER, status: 'done' }),
      isVerifyError('BUNDLE_INVALID', /is not a known field/),
    );
  });
});
