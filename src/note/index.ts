export {
  canonicalizeJson,
  canonicalizeJsonToBytes,
  DEFAULT_CANONICAL_JSON_OPTIONS,
  parseCanonicalJson,
  type CanonicalJsonOptions,
} from './canonical-json.ts';
export {
  CHECKPOINT_HASH_SIZE_BYTES,
  formatCheckpoint,
  parseCheckpoint,
  type Checkpoint,
} from './checkpoint.ts';
export {
  signCheckpoint,
  verifyCheckpoint,
  verifyCosignedCheckpoint,
  type CheckpointTrustPolicy,
  type VerifiedCheckpoint,
  type VerifiedCosignature,
  type VerifiedCosignedCheckpoint,
} from './checkpoint-signing.ts';
export {
  addCosignatures,
  buildCosignatureMessage,
  COSIGNATURE_V1_HEADER,
  COSIGNATURE_V1_SIZE_BYTES,
  cosignCheckpoint,
  parseCosignature,
  verifyCosignature,
  type Cosignature,
} from './cosignature.ts';
export {
  ENTRY_SIGNATURE_CONTEXT,
  ENTRY_SIGNATURE_FORM_BOUND,
  formatBoundEntrySignedMessage,
  formatEntrySignedMessage,
  signBoundEntry,
  type BoundEntryFields,
} from './entry-signature.ts';
export { NoteError, type NoteErrorCode } from './errors.ts';
export {
  formatReceipt,
  formatReceipts,
  isReceiptTime,
  parseReceipt,
  RECEIPT_HEADER,
  RECEIPT_LEAF_HASH_SIZE_BYTES,
  signReceipt,
  verifyReceipt,
  type Receipt,
} from './receipt.ts';
export { signNote, signNoteText } from './sign-note.ts';
export {
  addNoteSignatures,
  DEFAULT_NOTE_LIMITS,
  formatKeyIdentity,
  formatNote,
  formatSignatureLine,
  isValidNoteKeyName,
  NOTE_KEY_ID_SIZE_BYTES,
  parseNote,
  parseSignatureLine,
  type Note,
  type NoteLimits,
  type NoteSignature,
} from './signed-note.ts';
export { verifyNote, type VerifiedNote, type VerifiedSignature } from './verify-note.ts';
