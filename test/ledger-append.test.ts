import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toVerifierKey } from '../src/crypto/index.ts';
import { isSealchainError } from '../src/errors/index.ts';
import { Ledger, type LedgerStorage } from '../src/ledger/index.ts';
import { rfc6962 } from '../src/merkle/index.ts';
import { verifyReceipt } from '../src/note/index.ts';
import { shareTestDatabases, skipUnavailable, TEST_BACKENDS } from '../src/store/test-support/databases.ts';
import { makeAppendRequest, openTestLedger } from '../src/store/test-support/ledgers.ts';

const useDatabase = shareTestDatabases();

function hasCode(code: string) {
  return (error: unknown) => isSealchainError(error) && error.code === code;
}

/**
 * Wraps a storage so that a test can count calls, hold appends at a gate and run something (another
 * writer) just before the next append reaches storage.
 */
function instrument(storage: LedgerStorage) {
  let appendCalls = 0;
  let gate: Promise<void> | null = null;
  let beforeNextAppend: (() => Promise<void>) | null = null;
  let failNextLookup = false;
  const wrapped = new Proxy(storage, {
    get(target, property) {
      const value = Reflect.get(target, property) as unknown;
      if (property === 'findIdempotentEntries' && failNextLookup) {
        failNextLookup = false;
        return () => Promise.reject(new Error('the database went away'));
      }
      if (property === 'appendEntries') {
        return async (...args: Parameters<LedgerStorage['appendEntries']>) => {
          appendCalls++;
          await gate;
          const before = beforeNextAppend;
          beforeNextAppend = null;
          await before?.();
          return target.appendEntries(...args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  let open: () => void = () => undefined;
  return {
    storage: wrapped,
    appendCalls: () => appendCalls,
    closeGate() {
      gate = new Promise((resolve) => (open = resolve));
    },
    openGate() {
      gate = null;
      open();
    },
    runBeforeNextAppend(run: () => Promise<void>) {
      beforeNextAppend = run;
    },
    failNextLookup() {
      failNextLookup = true;
    },
  };
}

for (const backend of TEST_BACKENDS) {
  describe(`Ledger.append on ${backend}`, () => {
    it('returns a receipt the sequencer signed for the committed entry', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, origin, signer } = await openTestLedger(await useDatabase(backend));
      const request = makeAppendRequest({ meta: { case: '(2026)京0491民初1号' } });
      const result = await ledger.append(request);
      const receipt = verifyReceipt(result.receipt, origin, toVerifierKey(signer));
      assert.equal(receipt.index, 0);
      assert.equal(result.leafIndex, 0);
      assert.deepEqual(receipt.leafHash, result.leafHash);
      assert.equal(receipt.time, result.time);
      assert.deepEqual(rfc6962('sha256').hashLeaf(new TextEncoder().encode(result.entry)), result.leafHash);
      const entry = JSON.parse(result.entry) as Record<string, unknown>;
      assert.deepEqual(entry, { v: 1, time: result.time, ...request });
      const stored = await ledger.readEntry(0);
      assert.equal(new TextDecoder().decode(stored.entry), result.entry);
      assert.equal(stored.receipt, result.receipt);
      await ledger.close();
    });

    it('gives 200 concurrent appends consecutive indexes in a few group commits', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const base = await openTestLedger(await useDatabase(backend));
      const probe = instrument(base.storage);
      const ledger = await Ledger.open({ storage: probe.storage, signer: base.signer, autoIntegrate: false });
      const results = await Promise.all(
        Array.from({ length: 200 }, () => ledger.append(makeAppendRequest())),
      );
      assert.deepEqual(
        results.map((result) => result.leafIndex).sort((a, b) => a - b),
        Array.from({ length: 200 }, (_, i) => i),
      );
      const stored = await base.storage.readEntries(0, 300);
      assert.equal(stored.length, 200);
      for (const result of results) assert.deepEqual(stored[result.leafIndex]!.leafHash, result.leafHash);
      assert.ok(probe.appendCalls() < 20, `expected group commits, saw ${probe.appendCalls()} transactions`);
      await ledger.close();
    });

    it('commits a batch all-or-nothing', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger, storage } = await openTestLedger(await useDatabase(backend));
      await assert.rejects(
        ledger.appendBatch([
          makeAppendRequest(),
          makeAppendRequest({ digest: 'sha256:nothex' }),
          makeAppendRequest(),
        ]),
        (error: unknown) =>
          hasCode('ENTRY_INVALID')(error) &&
          (error as { details: { field: string } }).details.field === 'digest',
      );
      assert.equal(await storage.countEntries(), 0);
      const results = await ledger.appendBatch(Array.from({ length: 5 }, () => makeAppendRequest()));
      assert.deepEqual(
        results.map((result) => result.leafIndex),
        [0, 1, 2, 3, 4],
      );
      await assert.rejects(
        ledger.appendBatch(
          Array.from({ length: ledger.options.maxBatchEntries + 1 }, () => makeAppendRequest()),
        ),
        hasCode('BATCH_TOO_LARGE'),
      );
      await ledger.close();
    });

    it('returns the first result for a repeated idempotency key of the same unit', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend));
      const request = makeAppendRequest({ idempotencyKey: 'req-42' });
      const first = await ledger.append(request);
      await ledger.append(makeAppendRequest());
      const again = await ledger.append({ ...request, meta: { ...request.meta } });
      assert.equal(first.replayed, false);
      assert.deepEqual({ ...again, replayed: false }, first);
      assert.equal(again.replayed, true);
      assert.equal(ledger.size, 2);
      const otherUnit = await ledger.append({ ...request, unit: 'another-unit' });
      assert.equal(otherUnit.leafIndex, 2);
      await ledger.close();
    });

    it('refuses an idempotency key reused for a different entry', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend));
      await ledger.append(makeAppendRequest({ idempotencyKey: 'k' }));
      await assert.rejects(
        ledger.append(makeAppendRequest({ idempotencyKey: 'k' })),
        hasCode('IDEMPOTENCY_KEY_REUSED'),
      );
      assert.equal(ledger.size, 1);
      await ledger.close();
    });

    it('collapses concurrent appends with one idempotency key into one entry', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend));
      const request = makeAppendRequest({ idempotencyKey: 'same' });
      const results = await Promise.all(Array.from({ length: 10 }, () => ledger.append(request)));
      assert.deepEqual(new Set(results.map((result) => result.leafIndex)), new Set([0]));
      assert.equal(results.filter((result) => !result.replayed).length, 1);
      assert.equal(ledger.size, 1);
      await ledger.close();
    });

    it('remembers idempotency keys and the next index after a restart', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const opened = await openTestLedger(await useDatabase(backend));
      const request = makeAppendRequest({ idempotencyKey: 'before-restart' });
      const first = await opened.ledger.append(request);
      await opened.ledger.appendBatch([makeAppendRequest(), makeAppendRequest()]);
      await opened.ledger.close();
      const ledger = await opened.reopen();
      assert.equal((await ledger.append(request)).leafIndex, first.leafIndex);
      assert.equal((await ledger.append(makeAppendRequest())).leafIndex, 3);
      await ledger.close();
    });

    it('refuses appends with OVERLOADED and a retry hint when the queue is full', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const base = await openTestLedger(await useDatabase(backend));
      const probe = instrument(base.storage);
      const ledger = await Ledger.open({
        storage: probe.storage,
        signer: base.signer,
        autoIntegrate: false,
        options: { maxBatchEntries: 4, maxPendingEntries: 8 },
      });
      probe.closeGate();
      const inFlight = ledger.append(makeAppendRequest());
      await new Promise((resolve) => setImmediate(resolve));
      const queued = Array.from({ length: 8 }, () => ledger.append(makeAppendRequest()));
      await assert.rejects(
        ledger.append(makeAppendRequest()),
        (error: unknown) =>
          hasCode('OVERLOADED')(error) &&
          (error as { details: { retryAfterMs: number } }).details.retryAfterMs === 1000,
      );
      probe.openGate();
      const results = await Promise.all([inFlight, ...queued]);
      assert.equal(results.length, 9);
      assert.equal(ledger.size, 9);
      await ledger.close();
    });

    it('refuses appends while integration is behind the maximum merge delay', async (t) => {
      if (skipUnavailable(t, backend)) return;
      let now = Date.parse('2026-11-21T10:00:00.000Z');
      const { ledger } = await openTestLedger(await useDatabase(backend), {
        clock: () => now,
        options: { maxMergeDelayMs: 10_000 },
      });
      await ledger.append(makeAppendRequest());
      now += 6_000;
      await assert.rejects(ledger.append(makeAppendRequest()), hasCode('OVERLOADED'));
      await ledger.integrate();
      assert.equal(ledger.measureIntegrationLagMs(), 0);
      assert.equal((await ledger.append(makeAppendRequest())).leafIndex, 1);
      await ledger.close();
    });

    it('keeps entry times non-decreasing when the clock steps back', async (t) => {
      if (skipUnavailable(t, backend)) return;
      let now = Date.parse('2026-11-21T10:00:05.000Z');
      const { ledger } = await openTestLedger(await useDatabase(backend), { clock: () => now });
      const first = await ledger.append(makeAppendRequest());
      now -= 3_000;
      const second = await ledger.append(makeAppendRequest());
      assert.equal(first.time, '2026-11-21T10:00:05.000Z');
      assert.equal(second.time, first.time);
      await ledger.close();
    });

    it('prepares the next group while one commits, and prepares it again when that commit moves', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const db = await useDatabase(backend);
      const base = await openTestLedger(db);
      const probe = instrument(base.storage);
      const ledger = await Ledger.open({
        storage: probe.storage,
        signer: base.signer,
        autoIntegrate: false,
        clock: () => Date.parse('2026-11-21T10:00:00.000Z'),
      });
      const shared = makeAppendRequest({ idempotencyKey: 'shared' });
      probe.closeGate();
      const first = ledger.appendBatch([shared, makeAppendRequest()]);
      await new Promise((resolve) => setImmediate(resolve));
      const second = ledger.appendBatch([makeAppendRequest(), shared]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      // Another writer stores `shared` first: the first group commits one new entry instead of two,
      // so it ends where the second group was prepared to start, but the second group's replay of
      // `shared` must now be the other writer's entry.
      const twin = await base.reopen({ clock: () => Date.parse('2026-11-21T10:00:01.000Z') });
      probe.runBeforeNextAppend(async () => {
        await twin.append(shared);
      });
      probe.openGate();
      const [a, b] = await Promise.all([first, second]);
      assert.deepEqual(
        a.map((receipt) => [receipt.leafIndex, receipt.replayed]),
        [
          [0, true],
          [1, false],
        ],
      );
      assert.deepEqual(
        b.map((receipt) => [receipt.leafIndex, receipt.replayed]),
        [
          [2, false],
          [0, true],
        ],
      );
      assert.deepEqual(b[1], a[0]);
      const stored = await base.storage.readEntries(0, 10);
      assert.equal(stored.length, 3);
      for (const receipt of [...a, ...b]) {
        assert.deepEqual(stored[receipt.leafIndex]!.leafHash, receipt.leafHash);
        assert.equal(stored[receipt.leafIndex]!.receipt, receipt.receipt);
        const verified = verifyReceipt(receipt.receipt, base.origin, toVerifierKey(base.signer));
        assert.equal(verified.index, receipt.leafIndex);
      }
      await twin.close();
      await ledger.close();
    });

    it('refuses a group it cannot prepare and goes on with the commit in flight and the next group', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const base = await openTestLedger(await useDatabase(backend));
      const probe = instrument(base.storage);
      const ledger = await Ledger.open({ storage: probe.storage, signer: base.signer, autoIntegrate: false });
      probe.closeGate();
      const first = ledger.append(makeAppendRequest());
      await new Promise((resolve) => setImmediate(resolve));
      probe.failNextLookup();
      const refused = ledger.append(makeAppendRequest({ idempotencyKey: 'lookup-fails' }));
      await assert.rejects(refused, hasCode('STORAGE_UNAVAILABLE'));
      const third = ledger.append(makeAppendRequest());
      await new Promise((resolve) => setTimeout(resolve, 20));
      probe.openGate();
      assert.deepEqual(
        (await Promise.all([first, third])).map((receipt) => receipt.leafIndex),
        [0, 1],
      );
      assert.equal(await base.storage.countEntries(), 2);
      await ledger.close();
    });

    it('refuses appends after close', async (t) => {
      if (skipUnavailable(t, backend)) return;
      const { ledger } = await openTestLedger(await useDatabase(backend));
      await ledger.close();
      await assert.rejects(ledger.append(makeAppendRequest()), hasCode('LEDGER_CLOSED'));
    });
  });
}
