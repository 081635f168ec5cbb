import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';
import { parseBundle, type ProofBundle } from './bundle.ts';
import { checkBundle } from './check-bundle.ts';
import { VerifyError } from './errors.ts';
import { addTestEntry, bundleOf, createTestChain, trustFileOf } from './testdata/test-chain.ts';
import { parseTrustFile } from './trust.ts';

// Hostile input: 100,000 seeded random and mutated bundles and trust files; the only failure
// allowed is VerifyError, and a mutated bundle that still parses must never pass verification
// unless it is the original.

const chain = createTestChain('evidence');
for (let i = 0; i < 5; i++) addTestEntry(chain, 'evidence', `file ${i}`);
const trustText = JSON.stringify(trustFileOf([chain]), null, 1);
const trust = parseTrustFile(trustText);
const bundleTexts = [0, 2, 4].map((i) => JSON.stringify(bundleOf(chain, i), null, 1));
const isVerifyError = (error: unknown) => error instanceof VerifyError;

describe('verify parsers under hostile input', () => {
  it('parseBundle answers 100,000 mutated bundles with a bundle or a VerifyError', () => {
    const accepted = runFuzz(
      new Mutator(0x5ea1, bundleTexts),
      100_000,
      (input) => {
        const text = inputToText(input);
        parseBundle(text ?? '\u0000');
      },
      isVerifyError,
    );
    assert.ok(
      accepted > 100,
      `only ${accepted} mutated bundles parsed: the mutations do not reach the parser's success path`,
    );
  });

  it('parseTrustFile answers 100,000 mutated trust files with a trust file or a VerifyError', () => {
    const accepted = runFuzz(
      new Mutator(0x7e57, [trustText]),
      100_000,
      (input) => {
        parseTrustFile(inputToText(input) ?? '\u0000');
      },
      isVerifyError,
    );
    assert.ok(accepted > 100, `only ${accepted} mutated trust files parsed`);
  });

  it('never passes a bundle whose entry, proof or checkpoint differs from the original', () => {
    const mutator = new Mutator(0xb0b, bundleTexts);
    let parsed = 0;
    for (let i = 0; i < 3_000; i++) {
      const text = inputToText(mutator.next());
      if (text === undefined) continue;
      let bundle;
      try {
        bundle = parseBundle(text);
      } catch (error) {
        assert.ok(isVerifyError(error));
        continue;
      }
      parsed++;
      let ok = false;
      try {
        ok = checkBundle(bundle, trust).ok;
      } catch (error) {
        assert.ok(isVerifyError(error), String(error));
      }
      if (ok) {
        // What verification vouches for: the entry, its place, the proof and the checkpoint body.
        // The receipt is optional and signature lines by unknown keys are ignored (C2SP signed-note).
        const verifiedPart = (b: ProofBundle) =>
          JSON.stringify([
            b.entry,
            b.index,
            b.leafHash,
            b.treeSize,
            b.inclusionProof,
            b.checkpoint.split('\n\n')[0],
          ]);
        assert.ok(
          bundleTexts.some((original) => verifiedPart(parseBundle(original)) === verifiedPart(bundle)),
          `a changed bundle verified: ${text.slice(0, 300)}`,
        );
      }
    }
    assert.ok(parsed > 10);
  });
});
