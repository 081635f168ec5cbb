import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import {
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  parseSignerKey,
  sameVerifierKey,
  toVerifierKey,
} from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import { parseTrustFile } from '../verify/index.ts';
import { initConsortium } from './consortium-init.ts';
import { loadConsortiumKeys, readConsortiumFile } from './consortium-keys.ts';
import { readSignerKeyFile } from './key-files.ts';
import { listWitnessedLogs } from './witnessed-logs.ts';

const root = mkdtempSync(join(tmpdir(), 'sealchain-consortium-'));
after(() => rmSync(root, { recursive: true, force: true }));
let folders = 0;
const freshDir = () => join(root, `data-${++folders}`);
const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('initConsortium', () => {
  it('creates the court and copyright chains with four witnesses, final at 2 of 3 independent ones, and the members', async () => {
    const dataDir = freshDir();
    const { trust, consortiumFile } = await initConsortium({ dataDir });
    assert.equal(consortiumFile, join(dataDir, 'consortium.json'));
    assert.deepEqual(parseTrustFile(readFileSync(consortiumFile, 'utf8')), trust);
    assert.deepEqual(
      trust.chains.map((c) => [
        c.name,
        c.origin,
        c.sequencer.name,
        c.quorum,
        c.maxMergeDelayMs,
        c.hashAlgorithm,
      ]),
      [
        ['evidence', 'court.sealchain.local/evidence', 'court', 2, 10_000, 'sha256'],
        ['works', 'copyright.sealchain.local/works', 'copyright-center', 2, 10_000, 'sha256'],
      ],
    );
    for (const chain of trust.chains) {
      assert.equal(chain.sequencer.key.type, KEY_TYPE_ED25519);
      assert.equal(chain.sequencer.key.name, chain.origin);
      assert.deepEqual(
        chain.witnesses.map((w) => w.name),
        ['court', 'copyright-center', 'notary', 'forensics'],
      );
      assert.ok(chain.witnesses.every((w) => w.key.type === KEY_TYPE_COSIGNATURE_V1));
    }
    const [evidence, works] = trust.chains;
    evidence!.witnesses.forEach((w, i) => assert.ok(sameVerifierKey(w.key, works!.witnesses[i]!.key)));
    assert.ok(!sameVerifierKey(evidence!.sequencer.key, works!.sequencer.key));
    assert.deepEqual(
      trust.members.map((m) => [m.name, m.role]),
      [
        ['court', 'court'],
        ['copyright-center', 'copyright-center'],
        ['notary', 'notary'],
        ['forensics', 'forensics'],
      ],
    );
  });

  it('writes each private key to its own 0600 file in a 0700 folder, and none into the public file', async () => {
    const dataDir = join(freshDir(), 'new-data');
    const { trust, keyFiles, consortiumFile } = await initConsortium({ dataDir });
    assert.equal(statSync(dataDir).mode & 0o777, 0o700);
    const keyDir = join(dataDir, 'keys');
    assert.equal(statSync(keyDir).mode & 0o777, 0o700);
    assert.deepEqual(readdirSync(keyDir).sort(), [
      'copyright-center.service.key',
      'copyright-center.witness.key',
      'court.service.key',
      'court.witness.key',
      'evidence.sequencer.key',
      'forensics.witness.key',
      'notary.witness.key',
      'works.sequencer.key',
    ]);
    assert.equal(keyFiles.length, 8);
    for (const path of keyFiles) {
      assert.equal(statSync(path).mode & 0o777, 0o600, path);
      assert.match(readFileSync(path, 'utf8'), /^PRIVATE\+KEY\+\S+\n$/);
    }
    assert.doesNotMatch(readFileSync(consortiumFile, 'utf8'), /PRIVATE/);
    const evidenceKey = parseSignerKey(readFileSync(join(keyDir, 'evidence.sequencer.key'), 'utf8').trim());
    assert.ok(sameVerifierKey(toVerifierKey(evidenceKey), trust.chains[0]!.sequencer.key));
  });

  it('refuses to overwrite an existing consortium and writes nothing', async () => {
    const dataDir = freshDir();
    await initConsortium({ dataDir });
    const before = readFileSync(join(dataDir, 'consortium.json'), 'utf8');
    const keyBefore = readFileSync(join(dataDir, 'keys', 'notary.witness.key'), 'utf8');
    await assert.rejects(initConsortium({ dataDir }), hasCode('CONSORTIUM_EXISTS'));
    assert.equal(readFileSync(join(dataDir, 'consortium.json'), 'utf8'), before);
    assert.equal(readFileSync(join(dataDir, 'keys', 'notary.witness.key'), 'utf8'), keyBefore);
  });

  it('writes the members URLs as sequencer tile prefixes and witness submission prefixes', async () => {
    const { trust } = await initConsortium({
      dataDir: freshDir(),
      memberUrls: { court: 'http://127.0.0.1:8081/', notary: 'http://127.0.0.1:8083' },
      quorum: 3,
    });
    const evidence = trust.chains[0]!;
    assert.equal(evidence.sequencer.url, 'http://127.0.0.1:8081/log/evidence');
    assert.equal(trust.chains[1]!.sequencer.url, undefined);
    assert.deepEqual(
      evidence.witnesses.map((w) => w.url),
      ['http://127.0.0.1:8081/witness/court', undefined, 'http://127.0.0.1:8083/witness/notary', undefined],
    );
    assert.equal(evidence.quorum, 3);
  });

  it('rejects unknown options, a quorum above the 3 independent witnesses and a bad URL', async () => {
    await assert.rejects(
      initConsortium({ dataDir: freshDir(), colour: 'red' } as never),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
    await assert.rejects(initConsortium({ dataDir: freshDir(), quorum: 4 }), {
      code: 'CONSORTIUM_OPTIONS_INVALID',
      message: 'quorum must be an integer from 0 to 3, the independent witnesses of each chain',
    });
    await assert.rejects(
      initConsortium({ dataDir: freshDir(), memberUrls: { court: 'ftp://x' } }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
  });
});

describe('loadConsortiumKeys', () => {
  it('loads every key the data folder holds, each matching the consortium file', async () => {
    const dataDir = freshDir();
    const { consortiumFile } = await initConsortium({ dataDir });
    const trust = await readConsortiumFile(consortiumFile);
    const keys = await loadConsortiumKeys(dataDir, trust);
    assert.deepEqual([...keys.sequencers.keys()], ['evidence', 'works']);
    assert.deepEqual([...keys.witnesses.keys()], ['court', 'copyright-center', 'notary', 'forensics']);
    assert.ok(
      sameVerifierKey(toVerifierKey(keys.witnesses.get('notary')!), trust.chains[1]!.witnesses[2]!.key),
    );
    assert.deepEqual([...keys.services.keys()], ['court', 'copyright-center']);
    for (const authority of trust.authorities) {
      assert.ok(sameVerifierKey(toVerifierKey(keys.services.get(authority.member)!), authority.key));
    }
  });

  it('authorises the court for verifications and captures on the evidence chain, the copyright centre for works and licences', async () => {
    const { trust } = await initConsortium({ dataDir: freshDir() });
    assert.deepEqual(
      trust.authorities.map((a) => [a.member, a.chain, a.key.name, a.types]),
      [
        ['court', 'evidence', 'court.sealchain.local/service', ['verification', 'capture']],
        [
          'copyright-center',
          'works',
          'copyright.sealchain.local/service',
          ['work', 'license', 'license-revocation', 'registration-decision'],
        ],
      ],
    );
  });

  it('refuses a service key file that holds a key the consortium does not authorise for that member', async () => {
    const dataDir = freshDir();
    const { trust } = await initConsortium({ dataDir });
    const courtKey = readFileSync(join(dataDir, 'keys', 'court.service.key'), 'utf8');
    writeFileSync(join(dataDir, 'keys', 'copyright-center.service.key'), courtKey, { mode: 0o600 });
    await assert.rejects(loadConsortiumKeys(dataDir, trust), (error: unknown) => {
      return (
        hasCode('KEY_FILE_INVALID')(error) &&
        /does not authorise for copyright-center/.test((error as Error).message)
      );
    });
  });

  it('skips absent key files and refuses a key file that holds another key', async () => {
    const dataDir = freshDir();
    const { trust } = await initConsortium({ dataDir });
    rmSync(join(dataDir, 'keys', 'works.sequencer.key'));
    const courtKey = readFileSync(join(dataDir, 'keys', 'court.witness.key'), 'utf8');
    assert.deepEqual([...(await loadConsortiumKeys(dataDir, trust)).sequencers.keys()], ['evidence']);
    writeFileSync(join(dataDir, 'keys', 'notary.witness.key'), courtKey, { mode: 0o600 });
    await assert.rejects(loadConsortiumKeys(dataDir, trust), hasCode('KEY_FILE_INVALID'));
  });

  it('tightens a key file readable by others to 0600 and refuses a damaged key without repeating it', async () => {
    const dataDir = freshDir();
    const { trust } = await initConsortium({ dataDir });
    const path = join(dataDir, 'keys', 'court.witness.key');
    const text = readFileSync(path, 'utf8');
    writeFileSync(path, text, { mode: 0o644 });
    await readSignerKeyFile(path, trust.chains[0]!.witnesses[0]!.key);
    assert.equal(statSync(path).mode & 0o777, 0o600);
    const secret = text.trim().split('+').pop()!;
    writeFileSync(path, text.replace(/\+[0-9a-f]{8}\+/, '+00000000+'));
    await assert.rejects(readSignerKeyFile(path), (error: unknown) => {
      assert.ok(hasCode('KEY_FILE_INVALID')(error));
      assert.ok(
        !JSON.stringify({
          message: (error as Error).message,
          details: (error as { details: unknown }).details,
        }).includes(secret),
      );
      assert.equal((error as Error).cause, undefined);
      return true;
    });
  });

  it('refuses a consortium file that is not a trust file with CONSORTIUM_FILE_INVALID', async () => {
    const path = join(root, 'bad-consortium.json');
    writeFileSync(path, '{"version": 1}');
    await assert.rejects(readConsortiumFile(path), hasCode('CONSORTIUM_FILE_INVALID'));
    await assert.rejects(readConsortiumFile(join(root, 'missing.json')), hasCode('CONSORTIUM_FILE_INVALID'));
  });
});

describe('listWitnessedLogs', () => {
  it('lists both chains for each witness key, with the sequencer URL in audit mode', async () => {
    const dataDir = freshDir();
    const { trust } = await initConsortium({
      dataDir,
      memberUrls: { court: 'http://127.0.0.1:1', 'copyright-center': 'http://127.0.0.1:2' },
    });
    const notaryKey = trust.chains[0]!.witnesses[2]!.key;
    assert.deepEqual(
      listWitnessedLogs(trust, notaryKey).map((l) => [l.origin, l.auditUrl]),
      [
        ['court.sealchain.local/evidence', undefined],
        ['copyright.sealchain.local/works', undefined],
      ],
    );
    assert.deepEqual(
      listWitnessedLogs(trust, notaryKey, { audit: true }).map((l) => l.auditUrl),
      ['http://127.0.0.1:1/log/evidence', 'http://127.0.0.1:2/log/works'],
    );
    assert.deepEqual(listWitnessedLogs(trust, trust.chains[0]!.sequencer.key), []);
  });

  it('refuses audit mode when a sequencer has no URL', async () => {
    const { trust } = await initConsortium({ dataDir: freshDir() });
    assert.throws(
      () => listWitnessedLogs(trust, trust.chains[0]!.witnesses[0]!.key, { audit: true }),
      hasCode('CONSORTIUM_OPTIONS_INVALID'),
    );
  });
});
