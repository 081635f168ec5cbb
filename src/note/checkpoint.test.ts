import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { base64ToBytes, createSignerKey, KEY_TYPE_COSIGNATURE_V1, toVerifierKey } from '../crypto/index.ts';
import { formatCheckpoint, parseCheckpoint, type Checkpoint } from './checkpoint.ts';
import { signCheckpoint, verifyCheckpoint } from './checkpoint-signing.ts';
import { NoteError } from './errors.ts';
import { parseNote } from './signed-note.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';

interface Vectors {
  checkpoint: { note: string; origin: string; treeSize: number; rootHashBase64: string };
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/signed-note-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const HASH = 'CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=';
const ORIGIN = 'court.sealchain.local/evidence';
const logKey = createSignerKey(ORIGIN, undefined, new Uint8Array(32).fill(0x11));

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof NoteError && error.code === code);
}

const sample: Checkpoint = {
  origin: ORIGIN,
  treeSize: 1234,
  rootHash: new Uint8Array(32).fill(0xab),
  extensions: [],
};

describe('parseCheckpoint', () => {
  it('reads the tlog-checkpoint spec example', () => {
    const { checkpoint } = vectors;
    const parsed = parseCheckpoint(parseNote(checkpoint.note).text);
    assert.equal(parsed.origin, checkpoint.origin);
    assert.equal(parsed.treeSize, checkpoint.treeSize);
    assert.deepEqual(parsed.rootHash, base64ToBytes(checkpoint.rootHashBase64));
    assert.deepEqual(parsed.extensions, []);
  });

  it('keeps extension lines verbatim and formats them back unchanged', () => {
    const body = `${ORIGIN}\n0\n${HASH}\nfirst extension\n  second, with spaces  \n`;
    const parsed = parseCheckpoint(body);
    assert.equal(parsed.treeSize, 0);
    assert.deepEqual(parsed.extensions, ['first extension', '  second, with spaces  ']);
    assert.equal(formatCheckpoint(parsed), body);
  });

  it('rejects leading zeros, signs, spaces and sizes beyond 2^53 - 1 in the tree size', () => {
    for (const size of [
      '01',
      '00',
      '-1',
      '+1',
      ' 1',
      '1 ',
      '1.0',
      '1e3',
      '',
      '9007199254740992',
      '99999999999999999999',
    ]) {
      rejects(() => parseCheckpoint(`${ORIGIN}\n${size}\n${HASH}\n`), 'CHECKPOINT_MALFORMED');
    }
    assert.equal(parseCheckpoint(`${ORIGIN}\n9007199254740991\n${HASH}\n`).treeSize, Number.MAX_SAFE_INTEGER);
  });

  it('rejects a root hash that is not 32 bytes of canonical base64', () => {
    for (const hash of [
      '',
      'AAAA',
      `${HASH}A`,
      HASH.replace('=', ''),
      HASH.replace('I=', 'J='),
      `${HASH} `,
    ]) {
      rejects(() => parseCheckpoint(`${ORIGIN}\n5\n${hash}\n`), 'CHECKPOINT_MALFORMED');
    }
  });

  it('rejects fewer than three lines, empty lines, a missing final newline and control characters', () => {
    for (const body of [
      `${ORIGIN}\n5\n`,
      `\n5\n${HASH}\n`,
      `${ORIGIN}\n5\n${HASH}\n\n`,
      `${ORIGIN}\n5\n${HASH}\n\next\n`,
      `${ORIGIN}\n5\n${HASH}`,
      `${ORIGIN}\r\n5\n${HASH}\n`,
      42,
    ]) {
      rejects(() => parseCheckpoint(body as string), 'CHECKPOINT_MALFORMED');
    }
  });
});

describe('formatCheckpoint', () => {
  it('refuses fields that would not parse back', () => {
    for (const bad of [
      { ...sample, origin: '' },
      { ...sample, origin: 'a\nb' },
      { ...sample, treeSize: -1 },
      { ...sample, treeSize: 1.5 },
      { ...sample, treeSize: 2 ** 53 },
      { ...sample, rootHash: new Uint8Array(31) },
      { ...sample, extensions: [''] },
      { ...sample, extensions: ['a\nb'] },
    ]) {
      rejects(() => formatCheckpoint(bad), 'CHECKPOINT_MALFORMED');
    }
  });
});

describe('signCheckpoint and verifyCheckpoint', () => {
  it('verifies a checkpoint the log signed and returns the parsed body', () => {
    const note = signCheckpoint({ ...sample, extensions: ['ext'] }, logKey);
    const { checkpoint, note: verified } = verifyCheckpoint(note, ORIGIN, toVerifierKey(logKey));
    assert.equal(checkpoint.treeSize, 1234);
    assert.deepEqual(checkpoint.extensions, ['ext']);
    assert.equal(verified.verified.length, 1);
  });

  it('rejects a checkpoint for another origin with both origins in the details', () => {
    const note = signCheckpoint(sample, logKey);
    assert.throws(
      () => verifyCheckpoint(note, 'copyright.sealchain.local/works', toVerifierKey(logKey)),
      (error: unknown) =>
        error instanceof NoteError &&
        error.code === 'CHECKPOINT_ORIGIN_MISMATCH' &&
        error.details.expectedOrigin === 'copyright.sealchain.local/works' &&
        error.details.origin === ORIGIN,
    );
  });

  it('rejects a checkpoint signed by another key and one whose tree size was altered', () => {
    const other = createSignerKey(ORIGIN, undefined, new Uint8Array(32).fill(0x22));
    rejects(
      () => verifyCheckpoint(signCheckpoint(sample, other), ORIGIN, toVerifierKey(logKey)),
      'NO_TRUSTED_SIGNATURE',
    );
    const altered = signCheckpoint(sample, logKey).replace('\n1234\n', '\n1235\n');
    rejects(() => verifyCheckpoint(altered, ORIGIN, toVerifierKey(logKey)), 'SIGNATURE_INVALID');
  });

  it('rejects a signed note whose body is not a checkpoint', () => {
    const note = signCheckpoint(sample, logKey).replace(`\n1234\n`, `\nnot a number\n`);
    rejects(() => verifyCheckpoint(note, ORIGIN, toVerifierKey(logKey)), 'CHECKPOINT_MALFORMED');
  });

  it('refuses a cosignature key as the log key', () => {
    const witness = createSignerKey('w', KEY_TYPE_COSIGNATURE_V1, new Uint8Array(32).fill(5));
    rejects(
      () => verifyCheckpoint(signCheckpoint(sample, logKey), ORIGIN, toVerifierKey(witness)),
      'KEY_INVALID',
    );
    rejects(() => signCheckpoint(sample, witness), 'KEY_INVALID');
  });
});

describe('parseCheckpoint on hostile input', () => {
  it('turns 100,000 mutated bodies into a checkpoint that formats back exactly, or a NoteError', () => {
    const corpus = [
      parseNote(vectors.checkpoint.note).text,
      formatCheckpoint({ ...sample, extensions: ['ext one', 'ext two'] }),
      `${ORIGIN}\n0\n${HASH}\n`,
    ];
    const accepted = runFuzz(
      new Mutator(3, corpus),
      FUZZ_ITERATIONS,
      (input) => {
        const text = inputToText(input) ?? '\u0000';
        assert.equal(formatCheckpoint(parseCheckpoint(text)), text);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 100, `only ${accepted} mutated checkpoints parsed`);
  });
});
