import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import {
  createSignerKey,
  CryptoError,
  formatSignerKey,
  formatVerifierKey,
  KEY_TYPE_COSIGNATURE_V1,
  parseSignerKey,
  parseVerifierKey,
  toVerifierKey,
  type VerifierKey,
} from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';
import { signNote, signNoteText } from './sign-note.ts';
import { formatKeyIdentity, formatNote, parseNote } from './signed-note.ts';
import { verifyNote } from './verify-note.ts';

interface Vectors {
  keys: Record<string, string>;
  verify: {
    about: string;
    keys: string[];
    note: string;
    text: string;
    verified: string[];
    unverified: string[];
  }[];
  sign: { about: string; signer: string; verifier: string; text: string; note: string }[];
  invalidSignature: { about: string; keys: string[]; note: string }[];
  unknownKeys: { note: string }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/signed-note-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const keyOf = (id: string): VerifierKey => parseVerifierKey(vectors.keys[id]!);

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof NoteError && error.code === code);
}

describe('verifyNote', () => {
  it('verifies every vector note, keeping signatures by unknown keys unverified', () => {
    for (const vector of vectors.verify) {
      const result = verifyNote(vector.note, vector.keys.map(keyOf));
      assert.equal(result.text, vector.text, vector.about);
      assert.deepEqual(
        result.verified.map((v) => v.signature.name),
        vector.verified,
        vector.about,
      );
      assert.deepEqual(
        result.unverified.map((s) => s.name),
        vector.unverified,
        vector.about,
      );
    }
  });

  it('rejects a bad signature by a known key with SIGNATURE_INVALID', () => {
    for (const vector of vectors.invalidSignature) {
      rejects(() => verifyNote(vector.note, vector.keys.map(keyOf)), 'SIGNATURE_INVALID');
    }
  });

  it('rejects a note signed only by unknown keys with NO_TRUSTED_SIGNATURE', () => {
    const note = vectors.verify[1]!.note;
    rejects(() => verifyNote(note, []), 'NO_TRUSTED_SIGNATURE');
    rejects(() => verifyNote(vectors.unknownKeys[0]!.note, [keyOf('peterNeumann')]), 'NO_TRUSTED_SIGNATURE');
  });

  it('ignores a signature whose name matches a known key but whose key ID does not', () => {
    const peter = keyOf('peterNeumann');
    const impostor = createSignerKey('PeterNeumann', undefined, new Uint8Array(32).fill(9));
    const note = signNote('hello\n', [impostor]);
    rejects(() => verifyNote(note, [peter]), 'NO_TRUSTED_SIGNATURE');
    const withBoth = formatNote({
      text: 'hello\n',
      signatures: [
        ...parseNote(note).signatures,
        signNoteText('hello\n', parseSignerKey(vectors.keys.peterNeumannSigner!)),
      ],
    });
    const result = verifyNote(withBoth, [peter]);
    assert.equal(result.verified.length, 1);
    assert.equal(result.unverified.length, 1);
  });

  it('verifies the same bytes whether given as a string or as UTF-8', () => {
    const note = vectors.verify[0]!;
    const result = verifyNote(new TextEncoder().encode(note.note), note.keys.map(keyOf));
    assert.equal(result.text, note.text);
  });

  it('rejects two different keys with the same name and key ID as VERIFIER_KEYS_AMBIGUOUS', () => {
    const peter = keyOf('peterNeumann');
    const twin = { ...peter, publicKey: new Uint8Array(32).fill(1) };
    rejects(() => verifyNote(vectors.verify[1]!.note, [peter, twin]), 'VERIFIER_KEYS_AMBIGUOUS');
    assert.equal(verifyNote(vectors.verify[1]!.note, [peter, { ...peter }]).verified.length, 1);
  });

  it('rejects a malformed verifier key with KEY_INVALID', () => {
    const peter = keyOf('peterNeumann');
    rejects(
      () => verifyNote(vectors.verify[1]!.note, [{ ...peter, keyId: new Uint8Array(3) }]),
      'KEY_INVALID',
    );
    rejects(() => verifyNote(vectors.verify[1]!.note, [{ ...peter, type: 2 } as never]), 'KEY_INVALID');
    rejects(() => verifyNote(vectors.verify[1]!.note, 'keys' as never), 'KEY_INVALID');
  });
});

describe('signNote', () => {
  it('reproduces the Go sumdb signature line byte for byte from a signer key whose base64 has a "+"', () => {
    for (const vector of vectors.sign) {
      assert.ok(
        vectors.keys[vector.signer]!.split('+').length > 5,
        'the signer key text contains a "+" in its base64',
      );
      const signer = parseSignerKey(vectors.keys[vector.signer]!);
      assert.equal(signNote(vector.text, [signer]), vector.note, vector.about);
      assert.equal(verifyNote(vector.note, [keyOf(vector.verifier)]).verified.length, 1);
    }
  });

  it('signs with several keys in order and verifies with any subset', () => {
    const keys = ['log.example/a', 'log.example/b', 'log.example/c'].map((name, i) =>
      createSignerKey(name, undefined, new Uint8Array(32).fill(i + 1)),
    );
    const note = signNote('several\nlines\n', keys);
    assert.deepEqual(
      parseNote(note).signatures.map((s) => formatKeyIdentity(s.name, s.keyId)),
      keys.map((k) => formatKeyIdentity(k.name, k.keyId)),
    );
    const result = verifyNote(note, [toVerifierKey(keys[2]!)]);
    assert.deepEqual(
      result.verified.map((v) => v.key.name),
      ['log.example/c'],
    );
    assert.equal(result.unverified.length, 2);
  });

  it('refuses a text without final newline, no signers, and a cosignature key', () => {
    const signer = createSignerKey('k', undefined, new Uint8Array(32).fill(3));
    rejects(() => signNote('no newline', [signer]), 'NOTE_MALFORMED');
    rejects(() => signNote('a\u0000\n', [signer]), 'NOTE_MALFORMED');
    rejects(() => signNote('a\n', []), 'KEY_INVALID');
    rejects(
      () => signNote('a\n', [createSignerKey('w', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(3))]),
      'KEY_INVALID',
    );
    rejects(() => signNote('a\n', [{ ...signer, seed: new Uint8Array(5) }]), 'KEY_INVALID');
  });
});

describe('crypto key text on hostile input', () => {
  it('turns 100,000 mutated verifier and signer keys into keys that format back exactly, or a CryptoError', () => {
    const corpus = [vectors.keys.exampleFoo!, vectors.keys.peterNeumann!, vectors.keys.peterNeumannSigner!];
    const accepted = runFuzz(
      new Mutator(8, corpus),
      FUZZ_ITERATIONS,
      (input) => {
        const text = inputToText(input) ?? '';
        if (text.startsWith('PRIVATE+KEY+')) assert.equal(formatSignerKey(parseSignerKey(text)), text);
        else assert.equal(formatVerifierKey(parseVerifierKey(text)), text);
      },
      (error) => error instanceof CryptoError,
    );
    assert.ok(accepted > 0);
  });
});
