import { bytesToHex } from '../crypto/index.ts';
import { formatKeyIdentity, NoteError, verifyReceipt, type Receipt } from '../note/index.ts';
import type { ProofBundle } from './bundle.ts';
import type { EntryEnvelope } from './entry.ts';
import type { VerificationCheck } from './report.ts';
import type { TrustedChain } from './trust.ts';

// The sequencer's receipt in a bundle (DESIGN.md "Receipt"): a C2SP signed note
// (https://c2sp.org/signed-note) by the chain's sequencer key from the consortium file, binding
// origin, index, leaf hash and acceptance time. It is checked whenever the bundle carries one, even
// when the entry is proven final: a receipt that verifies nothing must not ride along in a bundle
// reported as VERIFIED. Each failure has one sentence and a stable code in details.code.

export type ReceiptCheckCode =
  | 'RECEIPT_MALFORMED'
  | 'RECEIPT_SIGNATURE_INVALID'
  | 'RECEIPT_NOT_SIGNED_BY_SEQUENCER'
  | 'RECEIPT_ORIGIN_MISMATCH'
  | 'RECEIPT_INDEX_MISMATCH'
  | 'RECEIPT_LEAF_HASH_MISMATCH'
  | 'RECEIPT_TIME_MISMATCH';

function failed(
  code: ReceiptCheckCode,
  summary: string,
  details: Record<string, unknown> = {},
): VerificationCheck {
  return { id: 'receipt', ok: false, summary, details: { code, ...details } };
}

/** The receipt note's signature and fields, or the failure naming why it is not the sequencer's. */
function readSignedReceipt(note: string, chain: TrustedChain): Receipt | VerificationCheck {
  try {
    return verifyReceipt(note, chain.origin, chain.sequencer.key);
  } catch (error) {
    const sequencerKey = formatKeyIdentity(chain.sequencer.key.name, chain.sequencer.key.keyId);
    const code = error instanceof NoteError ? error.code : undefined;
    if (code === 'SIGNATURE_INVALID')
      return failed(
        'RECEIPT_SIGNATURE_INVALID',
        "the receipt's signature by the sequencer does not verify: the receipt was altered after signing",
        { sequencerKey },
      );
    if (code === 'NO_TRUSTED_SIGNATURE')
      return failed(
        'RECEIPT_NOT_SIGNED_BY_SEQUENCER',
        `the receipt is not signed by the sequencer key of chain ${chain.name} in the consortium file`,
        { sequencerKey },
      );
    if (code === 'RECEIPT_ORIGIN_MISMATCH')
      return failed('RECEIPT_ORIGIN_MISMATCH', `the receipt is for another log than ${chain.origin}`, {
        ...(error as NoteError).details,
      });
    const reason = error instanceof Error ? error.message : String(error);
    return failed('RECEIPT_MALFORMED', `the receipt cannot be read: ${reason}`);
  }
}

/** The `receipt` line of the report for a bundle carrying a receipt. */
export function checkBundleReceipt(
  bundle: ProofBundle & { receipt: string },
  chain: TrustedChain,
  envelope?: EntryEnvelope,
): VerificationCheck {
  const receipt = readSignedReceipt(bundle.receipt, chain);
  if (!('leafHash' in receipt)) return receipt;
  const receiptLeafHash = bytesToHex(receipt.leafHash);
  const details = { receiptIndex: receipt.index, receiptLeafHash, receiptTime: receipt.time };
  if (receipt.index !== bundle.index)
    return failed(
      'RECEIPT_INDEX_MISMATCH',
      `the receipt promises entry ${receipt.index}, not entry ${bundle.index} of the bundle`,
      details,
    );
  if (receiptLeafHash !== bundle.leafHash)
    return failed(
      'RECEIPT_LEAF_HASH_MISMATCH',
      "the receipt's leaf hash is not the bundle's: it receipts another entry",
      { ...details, bundleLeafHash: bundle.leafHash },
    );
  if (envelope !== undefined && receipt.time !== envelope.time)
    return failed(
      'RECEIPT_TIME_MISMATCH',
      `the receipt's time ${receipt.time} is not the entry's time ${envelope.time}`,
      details,
    );
  return {
    id: 'receipt',
    ok: true,
    summary: `the sequencer's receipt promises entry ${receipt.index} at ${receipt.time}`,
    details,
  };
}
