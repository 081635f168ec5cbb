import {
  bytesToHex,
  equalBytes,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  type HashAlgorithm,
  type SignerKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { MerkleError, rfc6962, verifyConsistency } from '../merkle/index.ts';
import { cosignCheckpoint, formatSignatureLine, NoteError, verifyCheckpoint } from '../note/index.ts';
import { parseAddCheckpointRequest, type AddCheckpointRequest } from './add-checkpoint-request.ts';
import { ConsortiumError } from './errors.ts';
import { LogAuditor } from './log-auditor.ts';
import { TlogClient, type FetchFunction } from './tlog-client.ts';
import { resolveWitnessOptions, type WitnessOptions } from './witness-options.ts';
import type {
  NewWitnessAlarm,
  WitnessAlarm,
  WitnessAlarmKind,
  WitnessedCheckpoint,
  WitnessLogState,
  WitnessStorage,
} from './witness-storage.ts';

// The witness side of C2SP tlog-witness (https://c2sp.org/tlog-witness#add-checkpoint): verify the
// log's signature and the consistency proof from the size last cosigned, persist the new state
// by compare-and-swap on that size, then cosign (C2SP tlog-cosignature). A log caught forking
// (two signed checkpoints of one size, a rejected proof, or an audit mismatch) is frozen. In
// audit mode each log has a LogAuditor: an audit longer than the request's budget goes on in the
// background and the request is refused with WITNESS_AUDIT_PENDING until it has caught up.

/** A log the witness cosigns for. */
export interface WitnessedLog {
  readonly origin: string;
  readonly hashAlgorithm: HashAlgorithm;
  /** The log's Ed25519 (type 0x01) checkpoint key. */
  readonly logKey: VerifierKey;
  /** Audit mode: the log's tlog-tiles URL prefix, mirrored before each cosignature. */
  readonly auditUrl?: string;
}

export interface WitnessConfig {
  /** The witness's cosignature/v1 (type 0x04) key. */
  readonly signer: SignerKey;
  readonly logs: readonly WitnessedLog[];
  readonly storage: WitnessStorage;
  readonly options?: Partial<WitnessOptions>;
  /** Current time in milliseconds; Date.now by default. */
  readonly now?: () => number;
  /** fetch for audit mode; the global one by default. */
  readonly fetch?: FetchFunction;
  /** Told of every alarm once it is stored (to log it and count it); MUST NOT throw. */
  readonly onAlarm?: (alarm: WitnessAlarm) => void;
}

/** What add-checkpoint answers with 200. */
export interface CosignedCheckpoint {
  readonly origin: string;
  readonly treeSize: number;
  /** The response body: the witness's cosignature line, ending in a newline. */
  readonly body: string;
}

interface LogHandle {
  readonly log: WitnessedLog;
  readonly auditor: LogAuditor | undefined;
}

function invalidConfig(message: string, key: string): ConsortiumError {
  return new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', message, { details: { key } });
}

export class Witness {
  readonly signer: SignerKey;
  readonly options: WitnessOptions;
  readonly #storage: WitnessStorage;
  readonly #logs = new Map<string, LogHandle>();
  readonly #now: () => number;
  readonly #onAlarm: (alarm: WitnessAlarm) => void;

  constructor(config: WitnessConfig) {
    if (config.signer?.type !== KEY_TYPE_COSIGNATURE_V1 || !(config.signer.seed instanceof Uint8Array)) {
      throw invalidConfig('the witness key must be a cosignature/v1 (type 0x04) signer key', 'signer');
    }
    this.signer = config.signer;
    this.options = resolveWitnessOptions(config.options ?? {});
    this.#storage = config.storage;
    this.#now = config.now ?? Date.now;
    this.#onAlarm = config.onAlarm ?? (() => undefined);
    for (const log of config.logs) {
      if (log.logKey?.type !== KEY_TYPE_ED25519) {
        throw invalidConfig(`the key of log ${log.origin} must be an Ed25519 (type 0x01) key`, 'logs');
      }
      if (this.#logs.has(log.origin)) throw invalidConfig(`log ${log.origin} is listed twice`, 'logs');
      rfc6962(log.hashAlgorithm);
      const auditor =
        log.auditUrl === undefined
          ? undefined
          : new LogAuditor({
              source: {
                client: new TlogClient(
                  log.auditUrl,
                  { fetchTimeoutMs: this.options.auditFetchTimeoutMs },
                  config.fetch,
                ),
                hasher: rfc6962(log.hashAlgorithm),
                concurrency: this.options.auditConcurrency,
              },
              logKey: log.logKey,
              stepBundles: this.options.auditStepBundles,
            });
      this.#logs.set(log.origin, { log, auditor });
    }
  }

  /** The origins this witness cosigns for. */
  listOrigins(): string[] {
    return [...this.#logs.keys()];
  }

  /**
   * Handles an add-checkpoint request body and resolves the cosignature once the new state is
   * durable. Throws ConsortiumError: WITNESS_REQUEST_MALFORMED, WITNESS_REQUEST_TOO_LARGE,
   * WITNESS_ORIGIN_UNKNOWN, WITNESS_SIGNATURE_INVALID, WITNESS_LOG_FROZEN, WITNESS_SIZE_CONFLICT
   * and WITNESS_FORK_DETECTED (details.latestSize), WITNESS_PROOF_INVALID, WITNESS_AUDIT_MISMATCH,
   * WITNESS_AUDIT_UNAVAILABLE, WITNESS_AUDIT_PENDING (the audit goes on in the background; details
   * auditedSize, targetSize) or WITNESS_STORAGE_UNAVAILABLE.
   */
  async addCheckpoint(body: string | Uint8Array): Promise<CosignedCheckpoint> {
    const request = parseAddCheckpointRequest(body, this.options.maxRequestBytes);
    const { checkpoint } = request;
    const handle = this.#logs.get(checkpoint.origin);
    if (handle === undefined) {
      throw new ConsortiumError(
        'WITNESS_ORIGIN_UNKNOWN',
        `this witness does not witness ${checkpoint.origin}`,
        {
          details: { origin: checkpoint.origin },
        },
      );
    }
    this.#verifyLogSignature(request, handle.log);
    const state = await this.#readState(checkpoint.origin);
    if (state.frozen) throw frozen(checkpoint.origin);
    const latest = state.latest;
    if (
      latest !== null &&
      latest.treeSize === checkpoint.treeSize &&
      !equalBytes(latest.rootHash, checkpoint.rootHash)
    ) {
      await this.#raiseAlarm(
        'fork',
        latest.note,
        request,
        'two signed checkpoints of one size with different roots',
      );
      throw forkDetected(latest);
    }
    const latestSize = latest?.treeSize ?? 0;
    if (request.oldSize !== latestSize) throw sizeConflict(checkpoint.origin, request.oldSize, latestSize);
    if (latest !== null && request.oldSize > 0 && request.oldSize < checkpoint.treeSize) {
      await this.#checkProof(request, handle.log, latest);
    }
    if (handle.auditor !== undefined) await this.#audit(request, handle, latest);
    const outcome = await this.#advance(request);
    if (!outcome.advanced) {
      const found = outcome.state.latest;
      if (outcome.state.frozen) throw frozen(checkpoint.origin);
      if (
        found !== null &&
        found.treeSize === checkpoint.treeSize &&
        !equalBytes(found.rootHash, checkpoint.rootHash)
      ) {
        await this.#raiseAlarm(
          'fork',
          found.note,
          request,
          'two signed checkpoints of one size with different roots',
        );
        throw forkDetected(found);
      }
      throw sizeConflict(checkpoint.origin, request.oldSize, found?.treeSize ?? 0);
    }
    const cosignature = cosignCheckpoint(request.note.text, this.signer, Math.floor(this.#now() / 1000));
    return {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      body: `${formatSignatureLine(cosignature)}\n`,
    };
  }

  /** Every alarm raised, oldest first. */
  async listAlarms(): Promise<WitnessAlarm[]> {
    try {
      return await this.#storage.listAlarms();
    } catch (cause) {
      throw storageFailed(cause);
    }
  }

  /** Resolves once no audit runs in the background (for tests and shutdown). */
  async settleAudits(): Promise<void> {
    await Promise.all([...this.#logs.values()].map((handle) => handle.auditor?.settle()));
  }

  /** Stops the background audits after their current step; requests are then refused as pending. */
  async close(): Promise<void> {
    await Promise.all([...this.#logs.values()].map((handle) => handle.auditor?.close()));
  }

  /** The latest checkpoint cosigned for `origin` and whether the origin is frozen. */
  readLogState(origin: string): Promise<WitnessLogState> {
    return this.#readState(origin);
  }

  #verifyLogSignature(request: AddCheckpointRequest, log: WitnessedLog): void {
    try {
      verifyCheckpoint(request.checkpointNote, log.origin, log.logKey, {
        maxNoteBytes: this.options.maxRequestBytes,
      });
    } catch (cause) {
      if (!(cause instanceof NoteError)) throw cause;
      throw new ConsortiumError(
        'WITNESS_SIGNATURE_INVALID',
        `no signature by the trusted key of ${log.origin} verifies on the checkpoint`,
        { cause, details: { origin: log.origin, cause: cause.code } },
      );
    }
  }

  async #checkProof(
    request: AddCheckpointRequest,
    log: WitnessedLog,
    latest: WitnessedCheckpoint,
  ): Promise<void> {
    const { checkpoint } = request;
    try {
      verifyConsistency(
        rfc6962(log.hashAlgorithm),
        request.oldSize,
        checkpoint.treeSize,
        request.proof,
        latest.rootHash,
        checkpoint.rootHash,
      );
    } catch (cause) {
      if (!(cause instanceof MerkleError)) throw cause;
      await this.#raiseAlarm(
        'proof-rejected',
        latest.note,
        request,
        `consistency proof rejected: ${cause.code}`,
      );
      throw new ConsortiumError(
        'WITNESS_PROOF_INVALID',
        `the consistency proof from ${request.oldSize} to ${checkpoint.treeSize} does not verify`,
        {
          cause,
          details: {
            origin: checkpoint.origin,
            oldSize: request.oldSize,
            treeSize: checkpoint.treeSize,
            cause: cause.code,
          },
        },
      );
    }
  }

  async #audit(
    request: AddCheckpointRequest,
    handle: LogHandle,
    latest: WitnessedCheckpoint | null,
  ): Promise<void> {
    const base = latest ?? { treeSize: 0, rootHash: rfc6962(handle.log.hashAlgorithm).emptyRoot() };
    await handle.auditor!.audit(base, request.checkpoint, this.options.auditBudgetMs, async (error) => {
      if (error.code === 'WITNESS_FORK_DETECTED') {
        await this.#raiseAlarm('fork', String(error.details['servedNote']), request, error.message);
      } else {
        await this.#raiseAlarm(
          'audit-mismatch',
          latest?.note ?? null,
          request,
          `${error.message}\n${JSON.stringify(error.details)}`,
        );
      }
    });
  }

  async #advance(request: AddCheckpointRequest) {
    const { checkpoint } = request;
    try {
      return await this.#storage.advanceCheckpoint(request.oldSize, {
        origin: checkpoint.origin,
        treeSize: checkpoint.treeSize,
        rootHash: checkpoint.rootHash,
        note: request.checkpointNote,
      });
    } catch (cause) {
      throw storageFailed(cause);
    }
  }

  async #readState(origin: string): Promise<WitnessLogState> {
    try {
      return await this.#storage.readLogState(origin);
    } catch (cause) {
      throw storageFailed(cause);
    }
  }

  async #raiseAlarm(
    kind: WitnessAlarmKind,
    knownNote: string | null,
    request: AddCheckpointRequest,
    reason: string,
  ): Promise<void> {
    const alarm: NewWitnessAlarm = {
      origin: request.checkpoint.origin,
      kind,
      knownNote,
      conflictingNote: request.checkpointNote,
      evidence: `${reason}\nold ${request.oldSize}\n${request.proof.map(bytesToHex).join('\n')}`,
      detectedAt: new Date(this.#now()).toISOString(),
    };
    let stored: WitnessAlarm;
    try {
      stored = await this.#storage.recordAlarm(alarm);
    } catch (cause) {
      throw storageFailed(cause);
    }
    this.#onAlarm(stored);
  }
}

function frozen(origin: string): ConsortiumError {
  return new ConsortiumError(
    'WITNESS_LOG_FROZEN',
    `an alarm stands for ${origin}: this witness cosigns nothing more for it`,
    { details: { origin } },
  );
}

function forkDetected(latest: WitnessedCheckpoint): ConsortiumError {
  return new ConsortiumError(
    'WITNESS_FORK_DETECTED',
    `the log signed another checkpoint of size ${latest.treeSize}: fork recorded`,
    {
      details: {
        origin: latest.origin,
        latestSize: latest.treeSize,
        cosignedRoot: bytesToHex(latest.rootHash),
      },
    },
  );
}

function sizeConflict(origin: string, oldSize: number, latestSize: number): ConsortiumError {
  return new ConsortiumError(
    'WITNESS_SIZE_CONFLICT',
    `the witness last cosigned size ${latestSize} of ${origin}, not ${oldSize}`,
    { details: { origin, oldSize, latestSize } },
  );
}

function storageFailed(cause: unknown): ConsortiumError {
  return new ConsortiumError(
    'WITNESS_STORAGE_UNAVAILABLE',
    'the witness storage failed; nothing was cosigned',
    {
      cause,
    },
  );
}
