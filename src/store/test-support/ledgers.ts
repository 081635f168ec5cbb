// Ledgers over the SQL storage for tests: each on its own chain origin in a shared test database.
import {
  bytesToHex,
  createSignerKey,
  randomBytes,
  type HashAlgorithm,
  type SignerKey,
} from '../../crypto/index.ts';
import { Ledger, type AppendRequest, type LedgerConfig } from '../../ledger/index.ts';
import { SqlLedgerStorage } from '../sql-ledger-storage.ts';
import { createTestOrigin, type TestDatabase } from './databases.ts';

/**
 * A ledger integrated by hand (autoIntegrate false, the default here) never meets a merge delay, and
 * would refuse appends once its oldest entry is 5 s old (half the default delay), which a loaded
 * machine reaches within one test file; such ledgers get an hour unless the test sets its own.
 */
function withManualIntegration(
  config: Omit<LedgerConfig, 'storage' | 'signer'>,
): Omit<LedgerConfig, 'storage' | 'signer'> {
  if (config.autoIntegrate === true) return config;
  return { ...config, options: { maxMergeDelayMs: 3_600_000, ...config.options } };
}

export interface TestLedger {
  ledger: Ledger;
  storage: SqlLedgerStorage;
  origin: string;
  signer: SignerKey;
  /** Opens another Ledger on the same chain and key (after a restart, or a second process). */
  reopen(config?: Omit<LedgerConfig, 'storage' | 'signer'>): Promise<Ledger>;
}

export async function openTestLedger(
  db: TestDatabase,
  config: Omit<LedgerConfig, 'storage' | 'signer'> & { hashAlgorithm?: HashAlgorithm } = {},
): Promise<TestLedger> {
  const { hashAlgorithm = 'sha256', ...ledgerConfig } = config;
  const origin = createTestOrigin();
  const signer = createSignerKey(origin);
  const storage = await SqlLedgerStorage.open(db.client, origin, hashAlgorithm);
  const ledger = await Ledger.open({
    autoIntegrate: false,
    ...withManualIntegration(ledgerConfig),
    storage,
    signer,
  });
  return {
    ledger,
    storage,
    origin,
    signer,
    reopen: async (again = {}) =>
      Ledger.open({
        autoIntegrate: false,
        ...withManualIntegration(again),
        storage: await SqlLedgerStorage.open(db.client, origin, hashAlgorithm),
        signer,
      }),
  };
}

/** A valid append request with a random digest. */
export function makeAppendRequest(overrides: Partial<AppendRequest> = {}): AppendRequest {
  return {
    type: 'evidence',
    digest: `sha256:${bytesToHex(randomBytes(32))}`,
    unit: 'court-unit-1',
    meta: { note: 'test' },
    ...overrides,
  };
}
