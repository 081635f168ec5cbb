import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { createSignerKey, KEY_TYPE_COSIGNATURE_V1 } from '../src/crypto/index.ts';
import {
  addTestEntry,
  bundleOf,
  checkpointOf,
  createTestChain,
  trustFileOf,
} from '../src/verify/testdata/test-chain.ts';
import { runCaptured as run } from './cli-support.ts';

// `sealchain verify`, offline, under a consortium file whose evidence chain is sequenced by the
// court and witnessed by the court, the notary and the copyright centre at quorum 2: the court's
// own cosignature never counts, so a bundle cosigned by the court and the notary alone is not
// final, and the report says why in one sentence.

const dir = mkdtempSync(join(tmpdir(), 'sealchain-verify-quorum-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const chain = {
  ...createTestChain('evidence'),
  witnesses: ['court', 'notary', 'copyright-center'].map((name) =>
    createSignerKey(name, KEY_TYPE_COSIGNATURE_V1),
  ),
  quorum: 2,
};
for (let i = 0; i < 5; i++) addTestEntry(chain, 'evidence', `contract ${i}`);
const trust = trustFileOf([chain]);
trust.chains[0]!['sequencer'] = { ...(trust.chains[0]!['sequencer'] as object), name: 'court' };
const trustPath = join(dir, 'consortium.json');
writeFileSync(trustPath, JSON.stringify(trust));

function writeBundle(name: string, cosigners: number): string {
  const path = join(dir, `${name}.sealchain.json`);
  const checkpoint = checkpointOf(chain, chain.entries.length, cosigners);
  writeFileSync(path, JSON.stringify(bundleOf(chain, 3, chain.entries.length, checkpoint)));
  return path;
}

describe('sealchain verify counts only independent witnesses', () => {
  it("fails a bundle cosigned by the sequencer's own witness and one independent witness, saying why", async () => {
    const bundle = writeBundle('court-and-notary', 2);
    const answer = await run('verify', bundle, '--trust', trustPath);
    assert.equal(answer.status, 1, answer.out.join('\n'));
    assert.equal(answer.out[0], `${bundle}: NOT VERIFIED`);
    assert.ok(
      answer.out.includes(
        "  FAIL  cosignatures         cosigned by 1 of 2 independent witnesses (notary), but the quorum is 2; the sequencer's own witness (court) does not count",
      ),
      answer.out.join('\n'),
    );
    assert.ok(answer.out.includes('          countedOrganisations: ["notary"]'), answer.out.join('\n'));
    assert.match(
      answer.out.join('\n'),
      /cosigned by court \([^)]*; the sequencer's own: not counted\), notary \(/,
    );
    const json = await run('verify', bundle, '--trust', trustPath, '--json');
    const report = JSON.parse(json.out.join('\n'));
    assert.deepEqual(
      report.cosigners.map((c: { organisation: string; counted: boolean }) => [c.organisation, c.counted]),
      [
        ['court', false],
        ['notary', true],
      ],
    );
  });

  it('verifies the same entry once two independent witnesses cosigned, naming them', async () => {
    const bundle = writeBundle('all-three', 3);
    const answer = await run('verify', bundle, '--trust', trustPath);
    assert.equal(answer.status, 0, answer.out.join('\n'));
    assert.ok(
      answer.out.includes(
        "  ok    cosignatures         cosigned by 2 of 2 independent witnesses (notary, copyright-center), quorum 2; the sequencer's own witness (court) does not count",
      ),
      answer.out.join('\n'),
    );
  });
});
