import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import { DEFAULT_LEDGER_OPTIONS, resolveLedgerOptions } from './options.ts';

function optionsInvalid(error: unknown): boolean {
  return isSealchainError(error) && error.code === 'LEDGER_OPTIONS_INVALID';
}

describe('resolveLedgerOptions', () => {
  it('integrates every 500 ms and promises a 10 s merge delay by default', () => {
    assert.equal(resolveLedgerOptions().integrationIntervalMs, 500);
    assert.equal(resolveLedgerOptions().maxMergeDelayMs, 10_000);
  });

  it('overrides only what is given', () => {
    const resolved = resolveLedgerOptions({ integrationIntervalMs: 50 });
    assert.deepEqual(resolved, { ...DEFAULT_LEDGER_OPTIONS, integrationIntervalMs: 50 });
  });

  it('rejects an unknown key', () => {
    assert.throws(() => resolveLedgerOptions({ integrationInterval: 5 } as never), optionsInvalid);
  });

  it('rejects zero, fractions and entries beyond what an entry bundle holds', () => {
    assert.throws(() => resolveLedgerOptions({ maxBatchEntries: 0 }), optionsInvalid);
    assert.throws(() => resolveLedgerOptions({ maxMergeDelayMs: 1.5 }), optionsInvalid);
    assert.throws(() => resolveLedgerOptions({ maxEntryBytes: 65_536 }), optionsInvalid);
    assert.throws(
      () => resolveLedgerOptions({ maxBatchEntries: 100, maxPendingEntries: 10 }),
      optionsInvalid,
    );
  });
});
