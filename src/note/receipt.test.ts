import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToBase64, createSignerKey, toVerifierKey } from '../crypto/index.ts';
import { parseCheckpoint } from './checkpoint.ts';
import { NoteError } from './errors.ts';
import {
  formatReceipt,
  formatReceipts,
  isReceiptTime,
  parseReceipt,
  signReceipt,
  verifyReceipt,
  type Receipt,
} from './receipt.ts';
import { parseNote } from './signed-note.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';

const ORIGIN = 'court.sealchain.local/evidence';
const sequencer = createSignerKey(ORIGIN, undefined, new Uint8Array(32).fill(0x31));
const receipt: Receipt = {
  origin: ORIGIN,
  index: 9_876_543,
  leafHash: new Uint8Array(32).map((_, i) => i),
  time: '2026-11-21T10:00:00.000Z',
};
const LEAF = bytesToBase64(receipt.leafHash);
const BODY = `sealchain-receipt/v1\norigin ${ORIGIN}\nindex 9876543\nleaf ${LEAF}\ntime 2026-11-21T10:00:00.000Z\n`;

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof NoteError && error.code === code);
}

describe('formatReceipt and parseReceipt', () => {
  it('write the documented body and read it back', () => {
    assert.equal(formatReceipt(receipt), BODY);
    assert.deepEqual(parseReceipt(BODY), receipt);
  });

  it('reject every line out of place, missing, repeated or extra', () => {
    const lines = BODY.slice(0, -1).split('\n');
    const variants = [
      lines.slice(1),
      [...lines, 'extra 1'],
      [lines[0], lines[2], lines[1], lines[3], lines[4]],
      [lines[0], lines[1], lines[1], lines[3], lines[4]],
      ['sealchain-receipt/v2', ...lines.slice(1)],
      [lines[0], 'origin ', ...lines.slice(2)],
      [lines[0], 'origin', ...lines.slice(2)],
      [lines[0], lines[1], 'index  9876543', lines[3], lines[4]],
    ];
    for (const variant of variants)
      rejects(() => parseReceipt(`${variant.join('\n')}\n`), 'RECEIPT_MALFORMED');
    rejects(() => parseReceipt(BODY.slice(0, -1)), 'RECEIPT_MALFORMED');
    rejects(() => parseReceipt(`${BODY}\n`), 'RECEIPT_MALFORMED');
  });

  it('rejects a non-canonical index, leaf or time', () => {
    const bad = [
      BODY.replace('index 9876543', 'index 09876543'),
      BODY.replace('index 9876543', 'index -1'),
      BODY.replace('index 9876543', 'index 9007199254740992'),
      BODY.replace(LEAF, LEAF.slice(0, -4)),
      BODY.replace(LEAF, `${LEAF}AAAA`),
      BODY.replace('.000Z', 'Z'),
      BODY.replace('.000Z', '.000+00:00'),
      BODY.replace('.000Z', '.0000Z'),
      BODY.replace('2026-11-21', '2026-02-30'),
      BODY.replace('10:00:00', '24:00:00'),
      BODY.replace('T', ' '),
    ];
    for (const body of bad) rejects(() => parseReceipt(body), 'RECEIPT_MALFORMED');
  });

  it('refuses to format fields that would not parse back', () => {
    for (const bad of [
      { ...receipt, origin: '' },
      { ...receipt, origin: 'a\nb' },
      { ...receipt, index: -1 },
      { ...receipt, index: 0.5 },
      { ...receipt, leafHash: new Uint8Array(33) },
      { ...receipt, time: '2026-11-21T10:00:00Z' },
    ]) {
      rejects(() => formatReceipt(bad), 'RECEIPT_MALFORMED');
    }
  });

  it('formats a group as it formats each receipt, and checks each origin and time that differs', () => {
    const group = [0, 1, 2].map((index) => ({ ...receipt, index }));
    assert.deepEqual(
      formatReceipts(group),
      group.map((one) => formatReceipt(one)),
    );
    for (const bad of [
      { ...receipt, origin: 'a\nb' },
      { ...receipt, time: '2026-11-21T10:00:00Z' },
      { ...receipt, time: undefined as unknown as string },
      { ...receipt, origin: undefined as unknown as string },
    ]) {
      rejects(() => formatReceipts([receipt, bad, receipt]), 'RECEIPT_MALFORMED');
      rejects(() => formatReceipts([bad]), 'RECEIPT_MALFORMED');
    }
  });

  it('can never be read as a checkpoint, nor a checkpoint as a receipt', () => {
    rejects(() => parseCheckpoint(BODY), 'CHECKPOINT_MALFORMED');
    rejects(() => parseReceipt(`sealchain-receipt/v1\n5\n${LEAF}\n`), 'RECEIPT_MALFORMED');
  });
});

describe('isReceiptTime', () => {
  it('accepts exactly what Date.prototype.toISOString writes for years 0 to 9999', () => {
    assert.ok(isReceiptTime(new Date(0).toISOString()));
    assert.ok(isReceiptTime('2024-02-29T23:59:59.999Z'));
    assert.ok(!isReceiptTime('2023-02-29T00:00:00.000Z'));
    assert.ok(!isReceiptTime('2026-11-21T10:00:60.000Z'));
    assert.ok(!isReceiptTime(Date.now()));
  });
});

describe('signReceipt and verifyReceipt', () => {
  it('verify a receipt signed by the sequencer and return it', () => {
    const note = signReceipt(receipt, sequencer);
    assert.equal(parseNote(note).text, BODY);
    assert.deepEqual(verifyReceipt(note, ORIGIN, toVerifierKey(sequencer)), receipt);
  });

  it('reject a receipt for another origin, by another key, or with an altered index', () => {
    const note = signReceipt(receipt, sequencer);
    rejects(
      () => verifyReceipt(note, 'copyright.sealchain.local/works', toVerifierKey(sequencer)),
      'RECEIPT_ORIGIN_MISMATCH',
    );
    const other = createSignerKey(ORIGIN, undefined, new Uint8Array(32).fill(0x32));
    rejects(() => verifyReceipt(note, ORIGIN, toVerifierKey(other)), 'NO_TRUSTED_SIGNATURE');
    rejects(
      () => verifyReceipt(note.replace('index 9876543', 'index 9876544'), ORIGIN, toVerifierKey(sequencer)),
      'SIGNATURE_INVALID',
    );
  });
});

describe('parseReceipt on hostile input', () => {
  it('turns 100,000 mutated bodies into a receipt that formats back exactly, or a NoteError', () => {
    const corpus = [
      BODY,
      formatReceipt({ ...receipt, index: 0, origin: 'o', time: '0000-01-01T00:00:00.000Z' }),
    ];
    const accepted = runFuzz(
      new Mutator(5, corpus),
      FUZZ_ITERATIONS,
      (input) => {
        const text = inputToText(input) ?? '\u0000';
        assert.equal(formatReceipt(parseReceipt(text)), text);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 200, `only ${accepted} mutated receipts parsed`);
  });

  it('verifies no mutated signed receipt whose text differs from what was signed', () => {
    const note = signReceipt(receipt, sequencer);
    const withUnknown = `${note}— unknown.example AAAAAAAAAA==\n`;
    const accepted = runFuzz(
      new Mutator(9, [note, withUnknown]),
      2_000,
      (input) => {
        assert.deepEqual(verifyReceipt(input, ORIGIN, toVerifierKey(sequencer)), receipt);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > 0, 'no mutation kept the receipt verifiable (dropping the unknown line should)');
  });
});
