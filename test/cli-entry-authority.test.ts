import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_ED25519 } from '../src/crypto/index.ts';
import type { AppendRequest } from '../src/ledger/index.ts';
import { signBoundEntry } from '../src/note/index.ts';
import { runCaptured as run } from './cli-support.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// Verifiable authority, offline (issue 22): a registration is authoritative only when the
// copyright centre's registrar key signed it, and a court verification only when the court's key
// did. The forgeries here are written below the API, straight into the works chain's ledger, so
// that what refuses them is `sealchain verify` and the verify page checking offline against the
// consortium file, not any gate of the API.

describe('sealchain verify › entry authority, against the local consortium', () => {
  let consortium: TestConsortium;
  let dir: string;
  let number: string;
  let registered: { sha256: string; index: number; digest: string };
  const photo = () => join(dir, 'chelsea.jpg');
  // An application unit signing with a key of its own, named like the unit.
  const unitKey = createSignerKey('court-clerk', KEY_TYPE_ED25519);

  before(async () => {
    consortium = await startTestConsortium();
    dir = mkdtempSync(join(tmpdir(), 'sealchain-authority-'));
    copyFileSync(new URL('./fixtures/photos/chelsea.jpg', import.meta.url), photo());
    const result = await run(
      'register',
      photo(),
      '--title',
      '猫',
      '--type',
      'image',
      '--author',
      '摄影师甲',
      '--holder',
      '摄影师甲',
      '--server',
      consortium.url,
      '--key',
      consortium.apiKey,
    );
    assert.equal(result.status, 0, [...result.out, ...result.err].join('\n'));
    number = /registered as (SC-\d{4}-W-\d{8}-[0-9A-Z]) at /.exec(result.out[0]!)![1]!;
    const bundle = JSON.parse(readFileSync(`${photo()}.sealchain.json`, 'utf8')) as {
      index: number;
      entry: string;
    };
    const entry = JSON.parse(bundle.entry) as { digest: string; meta: { sha256: string } };
    registered = { sha256: entry.meta.sha256, index: bundle.index, digest: entry.digest };
  });

  after(async () => {
    await consortium?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Appends `request` to chain `chain`'s ledger directly and saves its final bundle to a file. */
  async function forge(chain: string, request: AppendRequest): Promise<{ path: string; index: number }> {
    const node = consortium.running.sequencers.get(chain)!;
    const receipt = await node.chain.ledger.append(request);
    const bundle = await consortium.request(
      `/v1/chains/${chain}/entries/${receipt.leafIndex}/bundle?wait=final&timeoutMs=20000`,
    );
    assert.equal(bundle.status, 200, bundle.text);
    const path = join(dir, `forged-${chain}-${receipt.leafIndex}.json`);
    writeFileSync(path, bundle.text);
    return { path, index: receipt.leafIndex };
  }

  function forgedWork(chainOrigin: string, signed: boolean): AppendRequest {
    const fields = {
      type: 'work',
      digest: registered.digest,
      unit: 'court-clerk',
      meta: { number, workType: 'image', sha256: registered.sha256 },
    };
    if (!signed) return fields;
    return { ...fields, sig: signBoundEntry({ ...fields, origin: chainOrigin }, unitKey) };
  }

  it('verifies a real registration, by number and as a bundle file, with the authority check on its own line', async () => {
    const byNumber = await run('verify', number, '--server', consortium.url, '--trust', consortium.trustPath);
    assert.equal(byNumber.status, 0, [...byNumber.out, ...byNumber.err].join('\n'));
    const offline = await run(
      'verify',
      `${photo()}.sealchain.json`,
      photo(),
      '--trust',
      consortium.trustPath,
    );
    assert.equal(offline.status, 0, offline.out.join('\n'));
    assert.ok(
      offline.out.includes(
        "  ok    authority            signed by copyright-center's key, which the consortium authorises to register works on chain works",
      ),
      offline.out.join('\n'),
    );
  });

  it("refuses a registration signed by a unit's own key, in one sentence with its code", async () => {
    const origin = consortium.running.trust.chains.find((c) => c.name === 'works')!.origin;
    const { path } = await forge('works', forgedWork(origin, true));
    const result = await run('verify', path, '--trust', consortium.trustPath);
    assert.equal(result.status, 1, result.out.join('\n'));
    assert.match(result.out[0]!, /: NOT VERIFIED$/);
    const failed = result.out.filter((line) => line.startsWith('  FAIL'));
    assert.deepEqual(failed, [
      '  FAIL  authority            this registration is not signed by a key the consortium authorises to register works (it was signed by the key named "court-clerk", which the consortium file does not list)',
    ]);
    assert.ok(result.out.includes('          code: ENTRY_AUTHORITY_UNAUTHORIZED'), result.out.join('\n'));
  });

  it('refuses an unsigned registration, and the verify page says why', async () => {
    const origin = consortium.running.trust.chains.find((c) => c.name === 'works')!.origin;
    const { path, index } = await forge('works', forgedWork(origin, false));
    const result = await run('verify', path, '--trust', consortium.trustPath);
    assert.equal(result.status, 1);
    const sentence =
      'this registration is not signed by a key the consortium authorises to register works (it carries no signature)';
    assert.ok(
      result.out.some((line) => line.endsWith(sentence)),
      result.out.join('\n'),
    );
    assert.ok(result.out.includes('          code: ENTRY_AUTHORITY_MISSING'));
    const page = await consortium.request(`/verify/works/${index}`);
    assert.ok(page.text.includes(sentence), page.text);
    assert.ok(!page.text.includes('/certificate.pdf'), 'no certificate is offered');
  });

  it('refuses a registration on the evidence chain, where no key may register works', async () => {
    const origin = consortium.running.trust.chains.find((c) => c.name === 'evidence')!.origin;
    const { path } = await forge('evidence', forgedWork(origin, true));
    const result = await run('verify', path, '--trust', consortium.trustPath);
    assert.equal(result.status, 1);
    assert.ok(
      result.out.includes(
        '  FAIL  authority            this registration cannot be on chain evidence: the consortium authorises no key to register works there',
      ),
      result.out.join('\n'),
    );
    assert.ok(result.out.includes('          code: ENTRY_AUTHORITY_WRONG_CHAIN'));
  });

  it("records a court verification signed by the court's key, which verifies offline", async () => {
    const recorded = await consortium.request('/v1/verifications', {
      token: consortium.apiKey,
      json: { chain: 'works', index: registered.index },
    });
    assert.equal(recorded.status, 201, recorded.text);
    assert.equal(recorded.json.verified, true);
    const { id, index } = recorded.json.record as { id: string; index: number };
    assert.equal(id, `evidence:${index}`);
    const bundle = await consortium.request(
      `/v1/chains/evidence/entries/${index}/bundle?wait=final&timeoutMs=20000`,
    );
    assert.equal(bundle.status, 200, bundle.text);
    const path = join(dir, 'verification.json');
    writeFileSync(path, bundle.text);
    const result = await run('verify', path, '--trust', consortium.trustPath);
    assert.equal(result.status, 0, result.out.join('\n'));
    assert.ok(
      result.out.includes(
        "  ok    authority            signed by court's key, which the consortium authorises to record verifications on chain evidence",
      ),
      result.out.join('\n'),
    );
  });
});
