import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSignerKey, randomBytes, toVerifierKey } from '../crypto/index.ts';
import { signReceipt, verifyReceipt, type Receipt } from '../note/index.ts';
import { ReceiptSigner } from './receipt-signer.ts';

const ORIGIN = 'court.sealchain.test/evidence';

function makeReceipts(count: number, first = 0): Receipt[] {
  return Array.from({ length: count }, (_, i) => ({
    origin: ORIGIN,
    index: first + i,
    leafHash: randomBytes(32),
    time: '2026-11-21T10:00:00.123Z',
  }));
}

describe('ReceiptSigner', () => {
  it('signs a batch on the worker to exactly the notes signReceipt gives', async () => {
    const key = createSignerKey(ORIGIN);
    const signer = new ReceiptSigner(key, 2);
    const receipts = makeReceipts(300, 2 ** 40);
    const notes = await signer.signReceipts(receipts);
    assert.deepEqual(
      notes,
      receipts.map((receipt) => signReceipt(receipt, key)),
    );
    assert.equal(verifyReceipt(notes[299]!, ORIGIN, toVerifierKey(key)).index, 2 ** 40 + 299);
    await signer.close();
  });

  it('splits a batch between several workers and puts the signatures back in order', async () => {
    const key = createSignerKey(ORIGIN);
    for (const [workers, count] of [
      [2, 301],
      [3, 100],
      [4, 9],
    ] as const) {
      const signer = new ReceiptSigner(key, 2, workers);
      const batches = [makeReceipts(count), makeReceipts(count + 1, count), makeReceipts(5, 2 * count + 1)];
      const notes = await Promise.all(batches.map((batch) => signer.signReceipts(batch)));
      batches.forEach((batch, i) =>
        assert.deepEqual(
          notes[i],
          batch.map((receipt) => signReceipt(receipt, key)),
          `${workers} workers, batch ${i}`,
        ),
      );
      await signer.close();
    }
  });

  it('keeps concurrent batches apart and signs small ones on the calling thread', async () => {
    const key = createSignerKey(ORIGIN);
    const signer = new ReceiptSigner(key, 16);
    const batches = [makeReceipts(50), makeReceipts(3, 50), makeReceipts(40, 53)];
    const notes = await Promise.all(batches.map((batch) => signer.signReceipts(batch)));
    batches.forEach((batch, i) =>
      assert.deepEqual(
        notes[i],
        batch.map((receipt) => signReceipt(receipt, key)),
      ),
    );
    await signer.close();
  });

  it('signs the same notes with node:crypto when sodium-native is not there', async () => {
    const key = createSignerKey(ORIGIN);
    for (const minWorkerBatch of [1, 1000]) {
      const signer = new ReceiptSigner(key, minWorkerBatch, 2, null);
      const receipts = makeReceipts(40);
      assert.deepEqual(
        await signer.signReceipts(receipts),
        receipts.map((receipt) => signReceipt(receipt, key)),
      );
      await signer.close();
    }
  });

  it('goes on signing on the calling thread once closed', async () => {
    const key = createSignerKey(ORIGIN);
    const signer = new ReceiptSigner(key, 1);
    await signer.close();
    const receipts = makeReceipts(20);
    assert.deepEqual(
      await signer.signReceipts(receipts),
      receipts.map((receipt) => signReceipt(receipt, key)),
    );
  });

  it('refuses a malformed receipt as formatReceipt does', async () => {
    const signer = new ReceiptSigner(createSignerKey(ORIGIN), 1);
    await assert.rejects(
      signer.signReceipts([{ ...makeReceipts(1)[0]!, time: 'yesterday' }]),
      (error: { code?: string }) => error.code === 'RECEIPT_MALFORMED',
    );
    await signer.close();
  });
});
