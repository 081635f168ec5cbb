import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { addTestEntry, bundleOf, createTestChain, trustFileOf } from './testdata/test-chain.ts';

// The verifier must run in a browser (DESIGN.md: a court can audit it and run it in a page).
// Build it for the browser platform and run the result where no Node API exists.

async function buildBrowserVerifier() {
  return build({
    entryPoints: [new URL('./index.ts', import.meta.url).pathname],
    bundle: true,
    platform: 'browser',
    conditions: ['browser'],
    format: 'iife',
    globalName: 'sealchainVerify',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
}

describe('the browser build of src/verify', () => {
  it('pulls in no Node built-in and not the Node crypto backend', async () => {
    const result = await buildBrowserVerifier();
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(
      inputs.some((path) => path.endsWith('src/crypto/backend-browser.ts')),
      'the browser backend is used',
    );
    assert.deepEqual(
      inputs.filter((path) => path.startsWith('node:') || path.endsWith('backend-node.ts')),
      [],
    );
  });

  it('verifies a real bundle in a context without Node globals', async () => {
    const result = await buildBrowserVerifier();
    const code = result.outputFiles[0]!.text;
    const chain = createTestChain('evidence');
    for (let i = 0; i < 4; i++) addTestEntry(chain, 'evidence', `file ${i}`);
    // TextEncoder and TextDecoder are Web APIs, not ECMAScript, so the bare context lacks them;
    // these wrappers hand out arrays of the context's own realm, as a browser's would.
    const context = {
      hostEncode: (text: string) => new TextEncoder().encode(text),
      hostDecode: (bytes: Uint8Array, fatal: boolean) => new TextDecoder('utf-8', { fatal }).decode(bytes),
      hostRandom: (length: number) => globalThis.crypto.getRandomValues(new Uint8Array(length)),
      bundle: JSON.stringify(bundleOf(chain, 2)),
      tampered: JSON.stringify({ ...bundleOf(chain, 2), index: 1 }),
      trust: JSON.stringify(trustFileOf([chain])),
    };
    const outcome = runInNewContext(
      `class TextEncoder { encode(text) { return new Uint8Array(hostEncode(text)); } }
      class TextDecoder {
        constructor(label, options) { this.fatal = Boolean(options && options.fatal); }
        decode(bytes) { return hostDecode(bytes, this.fatal); }
      }
      const crypto = { getRandomValues(array) { array.set(hostRandom(array.length)); return array; } };
      ${code}
      const trustFile = sealchainVerify.parseTrustFile(trust);
      ({
        good: sealchainVerify.checkBundle(bundle, trustFile).ok,
        bad: sealchainVerify.checkBundle(tampered, trustFile).ok,
        hasProcess: typeof process !== 'undefined',
        hasBuffer: typeof Buffer !== 'undefined',
      })`,
      context,
    ) as { good: boolean; bad: boolean; hasProcess: boolean; hasBuffer: boolean };
    assert.deepEqual({ ...outcome }, { good: true, bad: false, hasProcess: false, hasBuffer: false });
  });
});
