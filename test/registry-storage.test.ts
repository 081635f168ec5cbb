import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToHex, randomBytes } from '../src/crypto/index.ts';
import type { NewWork } from '../src/registry/index.ts';
import { SqlRegistryStorage } from '../src/store/index.ts';
import { REMOVE_CLEAR_ID_NUMBERS_SQL } from '../src/store/migrations/0011-registry-review.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';

const useDatabase = shareTestDatabases();

function makeWork(overrides: Partial<NewWork> = {}): NewWork {
  const sha256 = bytesToHex(randomBytes(32));
  const number = `SC-2026-W-${String(Math.floor(Math.random() * 9e7) + 1e6).padStart(8, '0')}-0`;
  return {
    number,
    unit: 'center',
    metadata: {
      title: `作品 ${sha256.slice(0, 6)}`,
      authors: ['甲'],
      workType: 'text',
      creationDate: '2026-01-01',
      rightsHolder: { name: 'Holder One' },
    },
    fileName: 'a.txt',
    fingerprint: {
      sha256,
      sizeBytes: 10,
      mediaType: 'text',
      format: 'plain',
      iscc: 'ISCC:x',
      instanceCode: 'ISCC:i',
      dataCode: 'ISCC:d',
      content: { iscc: 'ISCC:EAAW3SKCORZ3VUMI', kind: 'text' },
      textSignature: { version: 1, shingleCount: 3, minHash: 'AAAA' },
    },
    similar: [],
    disclosures: { holder: '["s","holder",{}]' },
    entryRequest: { type: 'work', digest: `sha256:${sha256}`, meta: { number } },
    review: null,
    ...overrides,
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`SqlRegistryStorage on ${backend}`, () => {
    it('never hands out one sequence number twice, even to concurrent callers', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlRegistryStorage((await useDatabase(backend)).client);
      const year = 3000 + Math.floor(Math.random() * 5000);
      const numbers = await Promise.all(
        Array.from({ length: 20 }, () => storage.allocateSequence('W', year)),
      );
      assert.deepEqual(
        numbers.sort((a, b) => a - b),
        Array.from({ length: 20 }, (_, i) => i + 1),
      );
      assert.equal(await storage.allocateSequence('L', year), 1);
    });

    it('stores a work once per file and answers a second insert with the first', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlRegistryStorage((await useDatabase(backend)).client);
      const work = makeWork();
      const first = await storage.insertWork(work);
      assert.equal(first.inserted, true);
      const again = await storage.insertWork({ ...work, number: `${work.number.slice(0, -1)}1` });
      assert.equal(again.inserted, false);
      assert.equal(!again.inserted && again.existing.number, work.number);
      const stored = await storage.readWork(work.number);
      assert.deepEqual(stored?.fingerprint, work.fingerprint);
      assert.equal(stored?.entry, null);
      assert.ok((await storage.listIncomplete()).works.some((w) => w.number === work.number));
      const codes = await storage.scanWorkCodes(stored!.id - 1, 1);
      assert.deepEqual(codes[0]?.textSignature, work.fingerprint.textSignature);
    });

    it('lists only completed works, by holder and title words, and deletes only incomplete ones', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlRegistryStorage((await useDatabase(backend)).client);
      const holder = `Holder ${bytesToHex(randomBytes(4))}`;
      const done = makeWork({
        metadata: { ...makeWork().metadata, rightsHolder: { name: holder }, title: '100% 原创' },
      });
      const pending = makeWork({ metadata: { ...done.metadata } });
      await storage.insertWork(done);
      await storage.insertWork(pending);
      const entry = { index: 7, leafHash: 'ab'.repeat(32), time: '2026-03-01T00:00:00.000Z' };
      assert.deepEqual((await storage.completeWork(done.number, entry))?.entry, entry);
      const listed = await storage.listWorks({ holder: ` ${holder.toUpperCase()} `, limit: 10 });
      assert.deepEqual(
        listed.map((w) => w.number),
        [done.number],
      );
      assert.equal((await storage.listWorks({ holder, text: '100%', limit: 10 })).length, 1);
      assert.equal((await storage.listWorks({ holder, text: '200%', limit: 10 })).length, 0);
      await storage.deleteIncompleteWork(done.number);
      await storage.deleteIncompleteWork(pending.number);
      assert.notEqual(await storage.readWork(done.number), null);
      assert.equal(await storage.readWork(pending.number), null);
    });

    it('keeps the first revocation of a licence', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlRegistryStorage((await useDatabase(backend)).client);
      const work = makeWork();
      await storage.insertWork(work);
      const number = `SC-2026-L-${bytesToHex(randomBytes(4)).replace(/[a-f]/g, '1')}-0`;
      const request = { type: 'license', digest: work.entryRequest.digest, meta: {} };
      await storage.insertLicense({
        number,
        workNumber: work.number,
        unit: 'center',
        licensor: 'Holder One',
        terms: {
          licensee: { name: 'L' },
          scope: ['reproduce'],
          territory: ['CN'],
          term: { start: '2026-01-01' },
          exclusivity: 'sole',
          domains: [],
          appIds: [],
        },
        disclosures: {},
        entryRequest: request,
      });
      const entry = { index: 1, leafHash: 'cd'.repeat(32), time: '2026-03-01T00:00:00.000Z' };
      await storage.completeLicense(number, entry);
      const first = await storage.beginRevocation(number, { reason: 'first', entryRequest: request });
      const second = await storage.beginRevocation(number, { reason: 'second', entryRequest: request });
      assert.equal(first?.revocation?.reason, 'first');
      assert.equal(second?.revocation?.reason, 'first');
      assert.ok((await storage.listIncomplete()).licenses.some((l) => l.number === number));
      const revoked = await storage.completeRevocation(number, { ...entry, index: 2 });
      assert.equal(revoked?.revocation?.entry?.index, 2);
      assert.deepEqual(
        (await storage.listLicenses(work.number)).map((l) => l.number),
        [number],
      );
    });

    it('keeps the first decision of a held registration and lists it until decided', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const storage = new SqlRegistryStorage((await useDatabase(backend)).client);
      const held = makeWork({ review: 'pending-review' });
      const plain = makeWork();
      await storage.insertWork(held);
      await storage.insertWork(plain);
      const entry = { index: 3, leafHash: 'ef'.repeat(32), time: '2026-03-01T00:00:00.000Z' };
      assert.equal(
        await storage.beginDecision(held.number, decisionOf('approve')).then((w) => w?.decision),
        null,
      );
      await storage.completeWork(held.number, entry);
      await storage.completeWork(plain.number, { ...entry, index: 4 });
      assert.ok((await storage.listPendingReviews(100)).some((w) => w.number === held.number));
      assert.ok(!(await storage.listPendingReviews(100)).some((w) => w.number === plain.number));
      assert.equal((await storage.beginDecision(plain.number, decisionOf('approve')))?.decision, null);
      const first = await storage.beginDecision(held.number, decisionOf('reject', 'copied'));
      const second = await storage.beginDecision(held.number, decisionOf('approve'));
      assert.equal(first?.decision?.decision, 'reject');
      assert.equal(second?.decision?.decision, 'reject');
      assert.equal(second?.review, 'pending-review');
      assert.ok((await storage.listIncomplete()).works.some((w) => w.number === held.number));
      const decided = await storage.completeDecision(held.number, { ...entry, index: 5 });
      assert.equal(decided?.review, 'rejected');
      assert.equal(decided?.decision?.entry?.index, 5);
      assert.equal(decided?.decision?.reason, 'copied');
      assert.ok(!(await storage.listPendingReviews(100)).some((w) => w.number === held.number));
    });

    it('removes identity numbers that earlier versions kept in clear', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { client } = await useDatabase(backend);
      const storage = new SqlRegistryStorage(client);
      const idNumber = `11010519491231${bytesToHex(randomBytes(2))}`;
      const work = makeWork({
        metadata: { ...makeWork().metadata, rightsHolder: { name: 'Old Holder', idNumber } },
        disclosures: {
          holder: `["s","holder",{"idNumber":"${idNumber}","name":"Old Holder"}]`,
          authors: '["s","authors",["甲"]]',
        },
      });
      await storage.insertWork(work);
      await client.execute(REMOVE_CLEAR_ID_NUMBERS_SQL);
      const rows = await client.query<{ record: unknown }>(
        'SELECT record FROM registry_works WHERE number = $1',
        [work.number],
      );
      assert.ok(!JSON.stringify(rows[0]!.record).includes(idNumber));
      const kept = await storage.readWork(work.number);
      assert.deepEqual(kept?.metadata.rightsHolder, { name: 'Old Holder' });
      assert.deepEqual(Object.keys(kept?.disclosures ?? {}), ['authors']);
    });
  });
}

function decisionOf(decision: 'approve' | 'reject', reason = '') {
  return {
    decision,
    reason,
    registrar: 'registrar',
    entryRequest: { type: 'registration-decision', digest: `sha256:${'00'.repeat(32)}`, meta: {} },
  };
}
