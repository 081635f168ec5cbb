import { SealchainError } from '../errors/index.ts';

/** Failures of the consortium: its file and keys, the witness service, audits and cosigning. */
export type ConsortiumErrorCode =
  /** Options or arguments are malformed or unknown; `details.key` names the field. */
  | 'CONSORTIUM_OPTIONS_INVALID'
  /** The consortium file cannot be read or is not a valid trust file (see `cause`). */
  | 'CONSORTIUM_FILE_INVALID'
  /** `initConsortium` found a consortium file or key file already there; nothing was written. */
  | 'CONSORTIUM_EXISTS'
  /** A private key file is missing, unreadable, malformed, or does not match the consortium file. */
  | 'KEY_FILE_INVALID'
  /**
   * A member file (a member's public part of the consortium file) cannot be read, is larger than
   * 64 KiB, is not JSON, or has a field of the wrong type or form; `details.file`, `details.path`.
   */
  | 'MEMBER_FILE_INVALID'
  /**
   * Two member files clash: one member name, one public key, one chain or one origin in both;
   * `details.kind` (`name`, `key`, `chain`, `origin`), `details.value`, `details.files`.
   */
  | 'MEMBER_DUPLICATE'
  /** A chain of the consortium has no sequencer among the member files; `details.chain`. */
  | 'CHAIN_SEQUENCER_MISSING'
  /** The quorum is larger than the independent witnesses the member files bring a chain; `details.quorum`, `details.witnesses`, `details.chain`. */
  | 'QUORUM_UNREACHABLE'
  /** An add-checkpoint request body does not follow C2SP tlog-witness (HTTP 400). */
  | 'WITNESS_REQUEST_MALFORMED'
  /** An add-checkpoint request body is larger than the witness accepts (HTTP 413). */
  | 'WITNESS_REQUEST_TOO_LARGE'
  /** The witness is not configured for the checkpoint's origin (HTTP 404). */
  | 'WITNESS_ORIGIN_UNKNOWN'
  /** No signature by the log's trusted key verifies on the checkpoint (HTTP 403). */
  | 'WITNESS_SIGNATURE_INVALID'
  /** The request's old size is not the size the witness last cosigned; `details.latestSize` (HTTP 409). */
  | 'WITNESS_SIZE_CONFLICT'
  /** A signed checkpoint of the size already cosigned has another root: the log forked (HTTP 409). */
  | 'WITNESS_FORK_DETECTED'
  /** The consistency proof from the old size does not verify (HTTP 422). */
  | 'WITNESS_PROOF_INVALID'
  /** An alarm stands for this origin, so the witness cosigns nothing more for it (HTTP 403). */
  | 'WITNESS_LOG_FROZEN'
  /** Audit mode: the log's own entries and tiles do not hash to the checkpoint (HTTP 422). */
  | 'WITNESS_AUDIT_MISMATCH'
  /** Audit mode: the log's read API could not be mirrored now; retry later (HTTP 503). */
  | 'WITNESS_AUDIT_UNAVAILABLE'
  /**
   * Audit mode: the audit of the checkpoint did not finish within the request's budget and goes on
   * in the background; retry later. `details.auditedSize`, `details.targetSize` (HTTP 503).
   */
  | 'WITNESS_AUDIT_PENDING'
  /** The witness's storage failed; nothing was cosigned (HTTP 503). */
  | 'WITNESS_STORAGE_UNAVAILABLE'
  /**
   * Audit mode: the witness's own mirror of a log broke an invariant (a tile of the wrong width, a
   * root checked at another size): a fault of the witness, not of the log; nothing is cosigned (HTTP 500).
   */
  | 'WITNESS_MIRROR_INVALID'
  /** A C2SP read API request failed or answered something other than the expected resource. */
  | 'TLOG_FETCH_FAILED'
  /** Another member's node could not be reached, or answered something other than its API's answer. */
  | 'PEER_UNAVAILABLE'
  /**
   * The sequencer's storage holds a checkpoint of the size the ledger just signed with another
   * root: the sequencer's own data diverged (a restore from an older backup?); nothing is cosigned.
   */
  | 'CHECKPOINT_ROOT_MISMATCH'
  /**
   * A witness cosigned a larger tree of this chain than the sequencer's storage holds: the
   * storage was rewound (restored from an older backup, or lost data). Growing the chain from it
   * would fork it; `details.witness`, `details.witnessSize`, `details.treeSize`.
   */
  | 'LOG_BEHIND_WITNESS'
  /** The entry is not under a final (quorum-cosigned) checkpoint yet; `details.retryAfterMs`. */
  | 'ENTRY_NOT_FINAL'
  /** No anchor on the chain covers the entry yet. */
  | 'ANCHOR_NOT_FOUND'
  /** The node's own chain could not be read completely (storage lost entries). */
  | 'CHAIN_READ_FAILED';

export class ConsortiumError extends SealchainError<ConsortiumErrorCode> {}
