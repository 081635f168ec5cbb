// The process the crash test kills: opens a ledger on the given database and appends under load,
// printing one JSON line per receipt and per checkpoint it served, until it is killed.
import { bytesToHex, parseSignerKey, randomBytes } from '../../crypto/index.ts';
import { Ledger, type AppendReceipt, type AppendRequest } from '../../ledger/index.ts';
import { makeCrashRequest, type CrashChildConfig, type CrashChildLine } from './crash-load.ts';
import { openDatabase } from '../open-database.ts';
import { SqlLedgerStorage } from '../sql-ledger-storage.ts';

function print(line: CrashChildLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

function report(receipts: readonly AppendReceipt[], requests: readonly AppendRequest[]): void {
  receipts.forEach((receipt, i) => {
    print({
      kind: 'receipt',
      leafIndex: receipt.leafIndex,
      leafHash: bytesToHex(receipt.leafHash),
      receipt: receipt.receipt,
      digest: requests[i]!.digest,
      idempotencyKey: requests[i]!.idempotencyKey ?? null,
    });
  });
}

async function appendForever(ledger: Ledger): Promise<never> {
  for (;;) {
    const batch = Math.random() < 0.3 ? 5 : 1;
    const requests = Array.from({ length: batch }, () =>
      makeCrashRequest(
        `sha256:${bytesToHex(randomBytes(32))}`,
        Math.random() < 0.5 ? bytesToHex(randomBytes(8)) : null,
      ),
    );
    try {
      report(await ledger.appendBatch(requests), requests);
    } catch (error) {
      if ((error as { code?: string }).code !== 'OVERLOADED') throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function serveCheckpoints(ledger: Ledger): Promise<never> {
  for (;;) {
    const checkpoint = await ledger.readCheckpoint();
    if (checkpoint !== null)
      print({ kind: 'checkpoint', treeSize: checkpoint.treeSize, note: checkpoint.note });
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
}

async function main(): Promise<void> {
  const config = JSON.parse(process.env.SEALCHAIN_CRASH_CONFIG ?? '') as CrashChildConfig;
  const client = await openDatabase(config.database);
  const storage = await SqlLedgerStorage.open(client, config.origin, 'sha256');
  const ledger = await Ledger.open({
    storage,
    signer: parseSignerKey(config.signerKey),
    options: { integrationIntervalMs: 20, maxIntegrationEntries: 64 },
  });
  print({ kind: 'ready' });
  await Promise.all([
    ...Array.from({ length: config.workers }, () => appendForever(ledger)),
    serveCheckpoints(ledger),
  ]);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `crash child failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
