import assert from 'node:assert/strict';
import { createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  bytesToHex,
  computeKeyId,
  createSignerKey,
  KEY_TYPE_COSIGNATURE_V1,
  toVerifierKey,
  type SignerKey,
} from '../crypto/index.ts';
import { formatCheckpoint, type Checkpoint } from './checkpoint.ts';
import {
  signCheckpoint,
  verifyCosignedCheckpoint,
  type CheckpointTrustPolicy,
} from './checkpoint-signing.ts';
import { addCosignatures, cosignCheckpoint, parseCosignature, verifyCosignature } from './cosignature.ts';
import { NoteError } from './errors.ts';
import { formatSignatureLine, parseNote, parseSignatureLine } from './signed-note.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';

interface Vectors {
  checkpoint: {
    note: string;
    witnessName: string;
    witnessKeyIdHex: string;
    cosignatureTimestamp: number;
  };
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/signed-note-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const ORIGIN = 'court.sealchain.local/evidence';
const TIME = 1_790_000_000;
const logKey = createSignerKey(ORIGIN, undefined, new Uint8Array(32).fill(0x11));
const witnesses: SignerKey[] = [1, 2, 3, 4].map((i) =>
  createSignerKey(`witness${i}.sealchain.local`, KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(0x40 + i)),
);
const checkpoint: Checkpoint = {
  origin: ORIGIN,
  treeSize: 42,
  rootHash: new Uint8Array(32).fill(7),
  extensions: [],
};
const body = formatCheckpoint(checkpoint);

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof NoteError && error.code === code);
}

function policy(quorum: number, overrides: Partial<CheckpointTrustPolicy> = {}): CheckpointTrustPolicy {
  return {
    origin: ORIGIN,
    logKey: toVerifierKey(logKey),
    witnessKeys: witnesses.map(toVerifierKey),
    quorum,
    ...overrides,
  };
}

function cosignedNote(count: number): string {
  const cosignatures = witnesses.slice(0, count).map((w, i) => cosignCheckpoint(body, w, TIME + i));
  return addCosignatures(signCheckpoint(checkpoint, logKey), cosignatures);
}

describe('cosignCheckpoint', () => {
  it('signs "cosignature/v1\\ntime <t>\\n" + body, which node:crypto verifies independently', () => {
    const witness = witnesses[0]!;
    const cosignature = cosignCheckpoint(body, witness, TIME);
    assert.equal(
      bytesToHex(cosignature.keyId),
      bytesToHex(computeKeyId(witness.name, 0x04, witness.publicKey)),
    );
    assert.equal(cosignature.signature.length, 72);
    assert.equal(new DataView(cosignature.signature.buffer).getBigUint64(0), BigInt(TIME));
    const publicKey = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(witness.publicKey).toString('base64url') },
      format: 'jwk',
    });
    const message = Buffer.from(`cosignature/v1\ntime ${TIME}\n${body}`, 'utf8');
    assert.ok(verify(null, message, publicKey, cosignature.signature.subarray(8)));
    assert.ok(!verify(null, Buffer.from(body, 'utf8'), publicKey, cosignature.signature.subarray(8)));
  });

  it('refuses a body that is not a checkpoint, an Ed25519 note key, and a bad time', () => {
    rejects(() => cosignCheckpoint('hello\n', witnesses[0]!, TIME), 'CHECKPOINT_MALFORMED');
    rejects(() => cosignCheckpoint(body, logKey, TIME), 'KEY_INVALID');
    for (const time of [-1, 1.5, Number.NaN, 2 ** 53, '5' as unknown as number]) {
      rejects(() => cosignCheckpoint(body, witnesses[0]!, time), 'COSIGNATURE_MALFORMED');
    }
  });
});

describe('parseCosignature', () => {
  it('reads the timestamp of the tlog-cosignature spec example', () => {
    const { checkpoint: example } = vectors;
    const line = parseNote(example.note).signatures[1]!;
    assert.equal(line.name, example.witnessName);
    assert.equal(bytesToHex(line.keyId), example.witnessKeyIdHex);
    assert.equal(parseCosignature(line).timestamp, example.cosignatureTimestamp);
  });

  it('rejects a signature that is not 72 bytes or whose timestamp is beyond 2^53 - 1', () => {
    const good = cosignCheckpoint(body, witnesses[0]!, TIME);
    rejects(
      () => parseCosignature({ ...good, signature: good.signature.slice(0, 71) }),
      'COSIGNATURE_MALFORMED',
    );
    const huge = good.signature.slice();
    huge[0] = 0x7f;
    rejects(() => parseCosignature({ ...good, signature: huge }), 'COSIGNATURE_MALFORMED');
    const maxSafe = good.signature.slice();
    maxSafe.set([0, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]);
    assert.equal(parseCosignature({ ...good, signature: maxSafe }).timestamp, Number.MAX_SAFE_INTEGER);
  });
});

describe('verifyCosignature', () => {
  it('returns the timestamp of a valid cosignature, also after a round trip through its line', () => {
    const cosignature = parseSignatureLine(formatSignatureLine(cosignCheckpoint(body, witnesses[1]!, TIME)));
    assert.equal(verifyCosignature(body, cosignature, toVerifierKey(witnesses[1]!)), TIME);
  });

  it('rejects a cosignature over another body, by another witness, or with its time changed', () => {
    const cosignature = cosignCheckpoint(body, witnesses[1]!, TIME);
    const otherBody = formatCheckpoint({ ...checkpoint, treeSize: 43 });
    rejects(
      () => verifyCosignature(otherBody, cosignature, toVerifierKey(witnesses[1]!)),
      'COSIGNATURE_INVALID',
    );
    rejects(() => verifyCosignature(body, cosignature, toVerifierKey(witnesses[2]!)), 'COSIGNATURE_INVALID');
    const shifted = cosignature.signature.slice();
    shifted[7]! ^= 1;
    rejects(
      () => verifyCosignature(body, { ...cosignature, signature: shifted }, toVerifierKey(witnesses[1]!)),
      'COSIGNATURE_INVALID',
    );
    rejects(() => verifyCosignature(body, cosignature, toVerifierKey(logKey)), 'KEY_INVALID');
  });
});

describe('verifyCosignedCheckpoint', () => {
  it('returns the checkpoint and the verified cosignatures with their timestamps', () => {
    const result = verifyCosignedCheckpoint(cosignedNote(3), policy(3));
    assert.equal(result.checkpoint.treeSize, 42);
    assert.deepEqual(
      result.cosignatures.map((c) => [c.key.name, c.timestamp]),
      witnesses.slice(0, 3).map((w, i) => [w.name, TIME + i]),
    );
  });

  it('rejects fewer cosignatures than the quorum with COSIGNATURE_QUORUM_NOT_MET', () => {
    assert.throws(
      () => verifyCosignedCheckpoint(cosignedNote(2), policy(3)),
      (error: unknown) =>
        error instanceof NoteError &&
        error.code === 'COSIGNATURE_QUORUM_NOT_MET' &&
        error.details.quorum === 3 &&
        error.details.cosignatures === 2,
    );
  });

  it('does not count cosignatures by unknown witnesses towards the quorum', () => {
    const note = cosignedNote(4);
    const stranger = createSignerKey(
      'witness5.sealchain.local',
      KEY_TYPE_COSIGNATURE_V1,
      new Uint8Array(32).fill(0x55),
    );
    rejects(
      () => verifyCosignedCheckpoint(note, policy(1, { witnessKeys: [toVerifierKey(stranger)] })),
      'COSIGNATURE_QUORUM_NOT_MET',
    );
    const result = verifyCosignedCheckpoint(note, policy(1, { witnessKeys: [toVerifierKey(witnesses[3]!)] }));
    assert.equal(result.cosignatures.length, 1);
    assert.equal(result.note.unverified.length, 3);
  });

  it('rejects the whole note when a known witness cosignature fails to verify', () => {
    const note = cosignedNote(3);
    const parsed = parseNote(note);
    const bad = parsed.signatures[2]!;
    const corrupted = bad.signature.slice();
    corrupted[40]! ^= 0x80;
    const tampered = note.replace(
      formatSignatureLine(bad),
      formatSignatureLine({ ...bad, signature: corrupted }),
    );
    rejects(() => verifyCosignedCheckpoint(tampered, policy(1)), 'COSIGNATURE_INVALID');
  });

  it('rejects a cosigned checkpoint without the log signature', () => {
    const unsigned = cosignedNote(3).replace(/^— court\.sealchain\.local\/evidence .*\n/m, '');
    assert.equal(parseNote(unsigned).signatures.length, 3);
    rejects(() => verifyCosignedCheckpoint(unsigned, policy(3)), 'NO_TRUSTED_SIGNATURE');
  });

  it('rejects a policy with an unknown field, a bad quorum or a note key among the witnesses', () => {
    const note = cosignedNote(1);
    rejects(() => verifyCosignedCheckpoint(note, { ...policy(1), extra: true } as never), 'OPTIONS_INVALID');
    rejects(() => verifyCosignedCheckpoint(note, policy(5)), 'OPTIONS_INVALID');
    rejects(() => verifyCosignedCheckpoint(note, policy(-1)), 'OPTIONS_INVALID');
    rejects(
      () => verifyCosignedCheckpoint(note, policy(0, { witnessKeys: [toVerifierKey(logKey)] })),
      'KEY_INVALID',
    );
  });
});

describe('addCosignatures', () => {
  it('replaces an earlier cosignature by the same witness with the newer one', () => {
    const first = addCosignatures(signCheckpoint(checkpoint, logKey), [
      cosignCheckpoint(body, witnesses[0]!, TIME),
    ]);
    const second = addCosignatures(first, [cosignCheckpoint(body, witnesses[0]!, TIME + 60)]);
    const result = verifyCosignedCheckpoint(second, policy(1));
    assert.deepEqual(
      result.cosignatures.map((c) => c.timestamp),
      [TIME + 60],
    );
    assert.equal(parseNote(second).signatures.length, 2);
  });

  it('refuses to add a signature that is not a cosignature, or to a note that is not a checkpoint', () => {
    const note = signCheckpoint(checkpoint, logKey);
    const logSignature = parseNote(note).signatures[0]!;
    rejects(() => addCosignatures(note, [{ ...logSignature, name: 'other' }]), 'COSIGNATURE_MALFORMED');
    const notCheckpoint = `hello\n\n${formatSignatureLine(logSignature)}\n`;
    rejects(
      () => addCosignatures(notCheckpoint, [cosignCheckpoint(body, witnesses[0]!, TIME)]),
      'CHECKPOINT_MALFORMED',
    );
  });
});

describe('parseCosignature and verifyCosignedCheckpoint on hostile input', () => {
  it('turns 100,000 mutated cosignature lines into a safe timestamp and 64 bytes, or a NoteError', () => {
    const lines = cosignedNote(4)
      .split('\n')
      .filter((line) => line.startsWith('— witness'));
    const accepted = runFuzz(
      new Mutator(4, lines),
      FUZZ_ITERATIONS,
      (input) => {
        const { timestamp, signature } = parseCosignature(parseSignatureLine(inputToText(input) ?? ''));
        assert.ok(Number.isSafeInteger(timestamp) && timestamp >= 0 && signature.length === 64);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 100, `only ${accepted} mutated cosignatures parsed`);
  });

  it('verifies no mutated cosigned checkpoint whose text differs from what was signed', () => {
    const note = cosignedNote(3);
    const text = parseNote(note).text;
    const accepted = runFuzz(
      new Mutator(7, [note, addCosignatures(note, [cosignCheckpoint(body, witnesses[3]!, TIME)])]),
      1_500,
      (input) => {
        const result = verifyCosignedCheckpoint(
          input,
          policy(2, { witnessKeys: witnesses.slice(0, 3).map(toVerifierKey) }),
        );
        assert.equal(result.note.text, text);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > 0, 'no mutation kept the checkpoint verifiable (dropping an unknown line should)');
  });
});
