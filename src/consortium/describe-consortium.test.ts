import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatVerifierKey } from '../crypto/index.ts';
import { initConsortium } from './consortium-init.ts';
import { describeConsortium } from './describe-consortium.ts';

const root = mkdtempSync(join(tmpdir(), 'sealchain-describe-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('describeConsortium', () => {
  it('shows the chains, origins, keys, quorum, witnesses and members, and no private key', async () => {
    const { trust, keyFiles } = await initConsortium({
      dataDir: root,
      memberUrls: { notary: 'http://127.0.0.1:8083' },
    });
    const text = describeConsortium(trust);
    assert.ok(text.startsWith('Consortium sealchain-local (trust file version 2)\n2 chains, 4 members\n'));
    for (const chain of trust.chains) {
      assert.ok(text.includes(`Chain ${chain.name}\n  origin           ${chain.origin}\n`));
      assert.ok(text.includes(`key ${formatVerifierKey(chain.sequencer.key)}`));
      for (const witness of chain.witnesses)
        assert.ok(text.includes(`key ${formatVerifierKey(witness.key)}`));
    }
    assert.ok(
      text.includes(
        "Chain evidence\n  origin           court.sealchain.local/evidence\n  hash algorithm   sha256\n  max merge delay  10 seconds\n  finality         final at 2 of 3 independent witnesses (copyright-center, notary, forensics); the sequencer's own witness (court) does not count\n",
      ),
      text,
    );
    assert.match(
      text,
      /finality {9}final at 2 of 3 independent witnesses \(court, notary, forensics\); the sequencer's own witness \(copyright-center\) does not count\n/,
    );
    assert.equal(text.match(/max merge delay {2}10 seconds/g)?.length, 2);
    assert.equal(text.match(/url http:\/\/127\.0\.0\.1:8083\/witness/g)?.length, 2);
    const [court, registrar] = trust.authorities.map((a) => formatVerifierKey(a.key));
    assert.ok(
      text.endsWith(
        [
          'Members',
          '  court             court             Internet Court (互联网法院)',
          '  copyright-center  copyright-center  Copyright Protection Center (版权保护中心)',
          '  notary            notary            Notary Office (公证处)',
          '  forensics         forensics         Judicial Forensics Centre (司法鉴定中心)',
          '',
          'Authorities (service keys and the entry types they may sign)',
          '  court on chain evidence: verification, capture',
          `    key ${court}`,
          '  copyright-center on chain works: work, license, license-revocation, registration-decision',
          `    key ${registrar}`,
          '',
        ].join('\n'),
      ),
      text,
    );
    assert.doesNotMatch(text, /PRIVATE/);
    for (const path of keyFiles) {
      const secret = readFileSync(path, 'utf8').trim().split('+').slice(4).join('+');
      assert.ok(secret.length >= 40, 'the key text is PRIVATE+KEY+<name>+<id>+<base64 of the key>');
      assert.ok(!text.includes(secret));
    }
  });
});
