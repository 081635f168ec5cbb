import { equalBytes } from '../crypto/index.ts';
import {
  addCosignatures,
  parseCheckpoint,
  parseNote,
  parseSignatureLine,
  verifyCosignature,
  type Checkpoint,
  type NoteSignature,
} from '../note/index.ts';
import type { TrustedSigner } from '../verify/index.ts';
import { formatAddCheckpointRequest } from './add-checkpoint-request.ts';
import {
  parseTlogSize,
  type AddCheckpointResponse,
  type PostAddCheckpoint,
} from './add-checkpoint-client.ts';
import { ConsortiumError } from './errors.ts';
import { resolveCollectorOptions, type CollectorOptions } from './collector-options.ts';

// The sequencer side of C2SP tlog-witness (https://c2sp.org/tlog-witness#add-checkpoint): ask every
// witness at once, each with a timeout and retries; on 409, re-send from the size the witness
// reports with a consistency proof from there; keep only cosignatures that verify with the
// witness's key; the checkpoint is final when `quorum` distinct witnesses cosigned it.

export interface CosignatureRequest {
  /** The checkpoint note signed by the sequencer. */
  readonly checkpointNote: string;
  /** The chain's witnesses (from the consortium file); one without a URL is not asked. */
  readonly witnesses: readonly TrustedSigner[];
  readonly quorum: number;
  /** The size each witness last cosigned, by witness name, as the sequencer remembers it (0 if unknown). */
  readonly oldSizes?: ReadonlyMap<string, number>;
  /** Consistency proofs to the checkpoint's size already built, by old size. */
  readonly proofs?: ReadonlyMap<number, readonly Uint8Array[]>;
}

export interface CollectorContext {
  readonly postAddCheckpoint: PostAddCheckpoint;
  /** RFC 9162 consistency proof from size1 to size2 (0 < size1 < size2) of the sequencer's tree. */
  readonly proveConsistency: (size1: number, size2: number) => Promise<readonly Uint8Array[]>;
}

/**
 * `cosigned`; `unreachable` (no answer, a timeout or 5xx after every retry); `alarm` (the witness
 * holds evidence against the log: a fork, a rejected proof, an audit mismatch, or it is frozen);
 * `ahead` (it cosigned a larger tree already); `refused` (any other refusal); `failed` (the
 * sequencer could not build the request, or the answer made no sense).
 */
export type WitnessOutcomeKind = 'cosigned' | 'unreachable' | 'alarm' | 'ahead' | 'refused' | 'failed';

export interface WitnessOutcome {
  readonly witness: string;
  readonly kind: WitnessOutcomeKind;
  /** Requests sent, retries and re-sends included. */
  readonly attempts: number;
  /** The size the witness is known to have cosigned last, to pass as oldSizes next time. */
  readonly latestSize?: number;
  readonly cosignature?: NoteSignature;
  readonly httpStatus?: number;
  /** The problem `code` of the witness's answer, when it sent one. */
  readonly code?: string;
  readonly reason?: string;
}

export interface CosignatureCollection {
  /** The checkpoint note with every verified cosignature added. */
  readonly note: string;
  readonly cosignatures: readonly NoteSignature[];
  readonly quorum: number;
  /**
   * A plain count of cosignatures against `quorum`, for callers that give no chain. Whether a
   * checkpoint is final is decided by finality-rule.ts (independent witnesses only), never here.
   */
  readonly quorumMet: boolean;
  /** True when a witness answered that it holds evidence of a fork or misbehaviour of the log. */
  readonly forkReported: boolean;
  readonly outcomes: readonly WitnessOutcome[];
  /** Each witness's latest known size, to pass as oldSizes next time. */
  readonly witnessSizes: ReadonlyMap<string, number>;
}

const ALARM_CODES = new Set([
  'WITNESS_FORK_DETECTED',
  'WITNESS_LOG_FROZEN',
  'WITNESS_PROOF_INVALID',
  'WITNESS_AUDIT_MISMATCH',
]);

class Unreachable extends Error {}

function readProblemCode(response: AddCheckpointResponse): string | undefined {
  if (!response.contentType.includes('json')) return undefined;
  try {
    const code = (JSON.parse(response.body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function postWithTimeout(
  context: CollectorContext,
  url: string,
  body: string,
  timeoutMs: number,
): Promise<AddCheckpointResponse> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new Unreachable(`no answer within ${timeoutMs} ms`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([context.postAddCheckpoint(url, body, controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

class WitnessSession {
  attempts = 0;
  readonly #proofs: Map<number, Promise<readonly Uint8Array[]>>;

  constructor(
    readonly witness: TrustedSigner & { url: string },
    readonly note: { text: string; checkpoint: Checkpoint; raw: string },
    readonly context: CollectorContext,
    readonly options: CollectorOptions,
    proofs: Map<number, Promise<readonly Uint8Array[]>>,
  ) {
    this.#proofs = proofs;
  }

  async run(oldSize: number): Promise<WitnessOutcome> {
    const size = this.note.checkpoint.treeSize;
    let old = oldSize > size ? 0 : oldSize;
    for (let resends = 0; ; resends++) {
      let proof: readonly Uint8Array[];
      try {
        proof = await this.#proof(old, size);
      } catch (cause) {
        return this.#outcome('failed', { reason: `no consistency proof from ${old}: ${String(cause)}` });
      }
      let response: AddCheckpointResponse;
      try {
        response = await this.#send(formatAddCheckpointRequest(old, proof, this.note.raw));
      } catch (cause) {
        return this.#outcome('unreachable', {
          reason: cause instanceof Error ? cause.message : String(cause),
        });
      }
      if (response.status === 200) return this.#readCosignature(response, size);
      if (response.status !== 409) return this.#refusal(response);
      const latest = parseTlogSize(response.body);
      if (latest === undefined) {
        return this.#outcome('failed', {
          httpStatus: 409,
          reason: 'the 409 answer has no text/x.tlog.size body',
        });
      }
      if (latest > size) return this.#outcome('ahead', { httpStatus: 409, latestSize: latest });
      if (latest === old) {
        return latest === size
          ? this.#outcome('alarm', {
              httpStatus: 409,
              latestSize: latest,
              reason: 'the witness cosigned another root of this size',
            })
          : this.#outcome('failed', {
              httpStatus: 409,
              latestSize: latest,
              reason: 'the witness reported the size sent',
            });
      }
      if (resends >= this.options.maxSizeResends) {
        return this.#outcome('refused', {
          httpStatus: 409,
          latestSize: latest,
          reason: 'the witness size kept changing',
        });
      }
      old = latest;
    }
  }

  #proof(old: number, size: number): Promise<readonly Uint8Array[]> {
    if (old === 0 || old === size) return Promise.resolve([]);
    let proof = this.#proofs.get(old);
    if (proof === undefined) {
      proof = this.context.proveConsistency(old, size);
      this.#proofs.set(old, proof);
    }
    return proof;
  }

  async #send(body: string): Promise<AddCheckpointResponse> {
    let lastReason = '';
    for (let retry = 0; retry <= this.options.retries; retry++) {
      if (retry > 0) await sleep(this.options.retryDelayMs * 2 ** (retry - 1));
      this.attempts++;
      try {
        const response = await postWithTimeout(this.context, this.witness.url, body, this.options.timeoutMs);
        if (response.status < 500) return response;
        lastReason = `HTTP ${response.status}${readProblemCode(response) === undefined ? '' : ` ${readProblemCode(response)}`}`;
      } catch (cause) {
        lastReason = cause instanceof Error ? cause.message : String(cause);
      }
    }
    const attempts = this.options.retries + 1;
    throw new Unreachable(`after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${lastReason}`);
  }

  #readCosignature(response: AddCheckpointResponse, size: number): WitnessOutcome {
    const key = this.witness.key;
    const lines = response.body.endsWith('\n') ? response.body.slice(0, -1).split('\n') : [];
    for (const line of lines) {
      let signature: NoteSignature;
      try {
        signature = parseSignatureLine(line);
      } catch {
        continue;
      }
      if (signature.name !== key.name || !equalBytes(signature.keyId, key.keyId)) continue;
      try {
        verifyCosignature(this.note.text, signature, key);
      } catch {
        return this.#outcome('failed', {
          httpStatus: 200,
          reason: 'the cosignature does not verify with the witness key',
        });
      }
      return this.#outcome('cosigned', { httpStatus: 200, latestSize: size, cosignature: signature });
    }
    return this.#outcome('failed', {
      httpStatus: 200,
      reason: 'the answer holds no cosignature by the witness key',
    });
  }

  #refusal(response: AddCheckpointResponse): WitnessOutcome {
    const code = readProblemCode(response);
    const kind = code !== undefined && ALARM_CODES.has(code) ? 'alarm' : 'refused';
    return this.#outcome(kind, {
      httpStatus: response.status,
      ...(code === undefined ? {} : { code }),
      reason: `HTTP ${response.status}${code === undefined ? '' : ` ${code}`}`,
    });
  }

  #outcome(kind: WitnessOutcomeKind, rest: Partial<WitnessOutcome>): WitnessOutcome {
    return { witness: this.witness.name, kind, attempts: this.attempts, ...rest };
  }
}

function readCheckpointNote(checkpointNote: string): { text: string; checkpoint: Checkpoint; raw: string } {
  try {
    const note = parseNote(checkpointNote);
    return { text: note.text, checkpoint: parseCheckpoint(note.text), raw: checkpointNote };
  } catch (cause) {
    throw new ConsortiumError(
      'CONSORTIUM_OPTIONS_INVALID',
      'the checkpoint to cosign is not a signed checkpoint note',
      {
        cause,
        details: { key: 'checkpointNote' },
      },
    );
  }
}

/**
 * Asks every witness of `request` to cosign its checkpoint, in parallel, and resolves when each
 * has answered or given up. Never rejects for a witness's failure; throws
 * CONSORTIUM_OPTIONS_INVALID for a malformed request or options.
 */
export async function collectCosignatures(
  request: CosignatureRequest,
  context: CollectorContext,
  options: Partial<CollectorOptions> = {},
): Promise<CosignatureCollection> {
  const resolved = resolveCollectorOptions(options);
  const note = readCheckpointNote(request.checkpointNote);
  if (
    !Number.isSafeInteger(request.quorum) ||
    request.quorum < 0 ||
    request.quorum > request.witnesses.length
  ) {
    throw new ConsortiumError(
      'CONSORTIUM_OPTIONS_INVALID',
      'the quorum must be an integer from 0 to the number of witnesses',
      {
        details: { key: 'quorum' },
      },
    );
  }
  const proofs = new Map<number, Promise<readonly Uint8Array[]>>();
  for (const [size, proof] of request.proofs ?? []) proofs.set(size, Promise.resolve(proof));
  const outcomes = await Promise.all(
    request.witnesses.map((witness): Promise<WitnessOutcome> => {
      if (witness.url === undefined) {
        return Promise.resolve({
          witness: witness.name,
          kind: 'unreachable',
          attempts: 0,
          reason: 'no URL in the consortium file',
        });
      }
      const session = new WitnessSession({ ...witness, url: witness.url }, note, context, resolved, proofs);
      return session.run(request.oldSizes?.get(witness.name) ?? 0);
    }),
  );
  const cosignatures = outcomes.flatMap((o) => (o.cosignature === undefined ? [] : [o.cosignature]));
  const witnessSizes = new Map<string, number>();
  for (const outcome of outcomes) {
    const known = outcome.latestSize ?? request.oldSizes?.get(outcome.witness);
    if (known !== undefined) witnessSizes.set(outcome.witness, known);
  }
  return {
    note:
      cosignatures.length === 0
        ? request.checkpointNote
        : addCosignatures(request.checkpointNote, cosignatures),
    cosignatures,
    quorum: request.quorum,
    quorumMet: cosignatures.length >= request.quorum,
    forkReported: outcomes.some((o) => o.kind === 'alarm'),
    outcomes,
    witnessSizes,
  };
}
