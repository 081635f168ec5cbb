import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { bytesToHex, hexToBytes, utf8ToBytes } from '../crypto/index.ts';
import { NoteError } from './errors.ts';
import { FUZZ_ITERATIONS, inputToText, Mutator, runFuzz } from '../../test/support/mutator.ts';
import {
  addNoteSignatures,
  DEFAULT_NOTE_LIMITS,
  formatKeyIdentity,
  formatNote,
  formatSignatureLine,
  parseNote,
  parseSignatureLine,
  type NoteSignature,
} from './signed-note.ts';

interface Vectors {
  sign: { text: string; note: string }[];
  verify: { note: string; text: string }[];
  malformed: { about: string; note: string }[];
  malformedBytesHex: { about: string; prefixHex: string; note: string }[];
  tooManySignatures: { note: string };
  unknownKeys: { about: string; note: string; text: string; signers: string[] }[];
}

const vectors = JSON.parse(
  readFileSync(new URL('./testdata/signed-note-vectors.json', import.meta.url), 'utf8'),
) as Vectors;
const peterNote = vectors.sign[0]!.note;
const peterText = vectors.sign[0]!.text;

function rejects(run: () => unknown, code: string): void {
  assert.throws(run, (error: unknown) => error instanceof NoteError && error.code === code);
}

function fakeSignature(name: string, keyIdByte: number, length = 64): NoteSignature {
  return {
    name,
    keyId: Uint8Array.of(keyIdByte, 0, 0, 1),
    signature: new Uint8Array(length).fill(keyIdByte),
  };
}

describe('parseNote', () => {
  it('splits the Go sumdb note example into text and one signature', () => {
    const note = parseNote(peterNote);
    assert.equal(note.text, peterText);
    assert.equal(note.signatures.length, 1);
    assert.equal(note.signatures[0]!.name, 'PeterNeumann');
    assert.equal(bytesToHex(note.signatures[0]!.keyId), 'c74f20a3');
    assert.equal(note.signatures[0]!.signature.length, 64);
  });

  it('separates text from signatures at the last blank line, keeping inner blank lines in the text', () => {
    for (const vector of vectors.unknownKeys) {
      const note = parseNote(vector.note);
      assert.equal(note.text, vector.text, vector.about);
      assert.deepEqual(
        note.signatures.map((s) => formatKeyIdentity(s.name, s.keyId)),
        vector.signers,
      );
    }
  });

  it('rejects every malformed message of the Go reference tests', () => {
    for (const vector of vectors.malformed) rejects(() => parseNote(vector.note), 'NOTE_MALFORMED');
    for (const vector of vectors.malformedBytesHex) {
      const bytes = new Uint8Array([...hexToBytes(vector.prefixHex), ...utf8ToBytes(vector.note)]);
      rejects(() => parseNote(bytes), 'NOTE_MALFORMED');
    }
  });

  it('rejects 101 signature lines with NOTE_TOO_MANY_SIGNATURES', () => {
    rejects(() => parseNote(vectors.tooManySignatures.note), 'NOTE_TOO_MANY_SIGNATURES');
  });

  it('accepts 16 and up to 100 signatures by distinct keys', () => {
    for (const count of [16, 100]) {
      const signatures = Array.from({ length: count }, (_, i) => fakeSignature(`witness${i}.example`, i));
      const note = parseNote(formatNote({ text: peterText, signatures }));
      assert.equal(note.signatures.length, count);
    }
  });

  it('rejects a note larger than maxNoteBytes with NOTE_TOO_LARGE, counting UTF-8 bytes', () => {
    const text = `${'é'.repeat(600)}\n`;
    const note = formatNote({ text, signatures: [fakeSignature('a', 1)] });
    assert.equal(parseNote(note, { maxNoteBytes: 1400 }).text, text);
    rejects(() => parseNote(note, { maxNoteBytes: 1250 }), 'NOTE_TOO_LARGE');
    rejects(() => parseNote(utf8ToBytes(note), { maxNoteBytes: 1250 }), 'NOTE_TOO_LARGE');
  });

  it('rejects two signature lines by the same key name and ID, even when identical', () => {
    const line = peterNote.slice(peterText.length + 1);
    rejects(() => parseNote(`${peterNote}${line}`), 'NOTE_MALFORMED');
  });

  it('keeps a leading U+FEFF of byte input as text instead of stripping it', () => {
    const note = formatNote({ text: `\uFEFF${peterText}`, signatures: [fakeSignature('a', 1)] });
    assert.equal(parseNote(utf8ToBytes(note)).text, `\uFEFF${peterText}`);
  });

  it('rejects a lone surrogate, CR and tab but accepts DEL and other Unicode', () => {
    const line = peterNote.slice(peterText.length);
    rejects(() => parseNote(`\uD800${peterText}${line}`), 'NOTE_MALFORMED');
    rejects(() => parseNote(`a\r\n${line}`), 'NOTE_MALFORMED');
    rejects(() => parseNote(`a\tb\n${line}`), 'NOTE_MALFORMED');
    assert.equal(parseNote(`日本\u007f😀\n${line}`).text, '日本\u007f😀\n');
  });

  it('rejects a key name with U+0085 or U+00A0, as Go counts them as spaces', () => {
    for (const name of ['a\u0085b', 'a\u00a0b', 'a+b']) {
      rejects(() => parseNote(`${peterText}\n— ${name} AAAAAAA=\n`), 'NOTE_MALFORMED');
    }
  });

  it('rejects non-canonical base64, a missing space and a signature of four bytes or fewer', () => {
    const base = `${peterText}\n— name `;
    for (const tail of ['AAAAAAB=\n', 'AAAAAAA\n', 'AAAA AAA=\n', 'AAAAAA==\n', '\n', 'AAAAAAA=  \n']) {
      rejects(() => parseNote(base + tail), 'NOTE_MALFORMED');
    }
    rejects(() => parseNote(`${peterText}\n— nameAAAAAAA=\n`), 'NOTE_MALFORMED');
    rejects(() => parseNote(`${peterText}\n-- name AAAAAAA=\n`), 'NOTE_MALFORMED');
    assert.equal(parseNote(`${base}AAAAAAA=\n`).signatures[0]!.signature.length, 1);
  });

  it('rejects input that is neither a string nor bytes', () => {
    for (const input of [undefined, null, 42, {}, [peterNote]]) {
      rejects(() => parseNote(input as unknown as string), 'NOTE_MALFORMED');
    }
  });

  it('rejects unknown or unsafe limits with OPTIONS_INVALID', () => {
    rejects(() => parseNote(peterNote, { maxSignatures: 15 }), 'OPTIONS_INVALID');
    rejects(() => parseNote(peterNote, { maxNoteBytes: 0 }), 'OPTIONS_INVALID');
    rejects(() => parseNote(peterNote, { maxLines: 3 } as never), 'OPTIONS_INVALID');
    rejects(() => parseNote(peterNote, { toString: 3 } as never), 'OPTIONS_INVALID');
    assert.equal(DEFAULT_NOTE_LIMITS.maxSignatures, 100);
  });
});

describe('formatNote', () => {
  it('reproduces every vector note from its parsed form', () => {
    for (const vector of [...vectors.verify, ...vectors.unknownKeys]) {
      assert.equal(formatNote(parseNote(vector.note)), vector.note);
    }
  });

  it('round-trips a text that itself ends in a blank line and contains an em-dash line', () => {
    const text = 'a\n\n— not a signature\n\n';
    const note = formatNote({ text, signatures: [fakeSignature('k', 7)] });
    assert.equal(parseNote(note).text, text);
  });

  it('refuses to write a note larger than maxNoteBytes', () => {
    const note = { text: `${'é'.repeat(600)}\n`, signatures: [fakeSignature('a', 1)] };
    rejects(() => formatNote(note, { maxNoteBytes: 1250 }), 'NOTE_TOO_LARGE');
    assert.equal(parseNote(formatNote(note, { maxNoteBytes: 1400 })).text, note.text);
  });

  it('refuses a text without final newline, no signatures, or a duplicate signer', () => {
    rejects(() => formatNote({ text: 'abc', signatures: [fakeSignature('a', 1)] }), 'NOTE_MALFORMED');
    rejects(() => formatNote({ text: 'abc\n', signatures: [] }), 'NOTE_MALFORMED');
    rejects(
      () => formatNote({ text: 'abc\n', signatures: [fakeSignature('a', 1), fakeSignature('a', 1, 10)] }),
      'NOTE_MALFORMED',
    );
    rejects(
      () =>
        formatNote({
          text: 'abc\n',
          signatures: [{ name: 'a', keyId: new Uint8Array(3), signature: new Uint8Array(1) }],
        }),
      'NOTE_MALFORMED',
    );
  });
});

describe('parseSignatureLine and formatSignatureLine', () => {
  it('are inverse on the Go example line', () => {
    const line = peterNote.slice(peterText.length + 1, -1);
    assert.equal(formatSignatureLine(parseSignatureLine(line)), line);
  });
});

describe('addNoteSignatures', () => {
  it('appends new signatures after existing ones and replaces one by the same key', () => {
    const first = formatNote({ text: peterText, signatures: [fakeSignature('a', 1), fakeSignature('b', 2)] });
    const replacement = fakeSignature('a', 1, 72);
    const added = parseNote(addNoteSignatures(first, [replacement, fakeSignature('c', 3)]));
    assert.deepEqual(
      added.signatures.map((s) => [s.name, s.signature.length]),
      [
        ['b', 64],
        ['a', 72],
        ['c', 64],
      ],
    );
  });

  it('rejects two new signatures by one key', () => {
    const first = formatNote({ text: peterText, signatures: [fakeSignature('a', 1)] });
    rejects(
      () => addNoteSignatures(first, [fakeSignature('b', 2), fakeSignature('b', 2, 9)]),
      'NOTE_MALFORMED',
    );
  });
});

describe('parseNote on hostile input', () => {
  const corpus = [
    peterNote,
    ...vectors.verify.map((v) => v.note),
    ...vectors.unknownKeys.map((v) => v.note),
    formatNote({ text: 'a\n\nb\n', signatures: [fakeSignature('w1', 1, 76), fakeSignature('w2', 2, 76)] }),
  ];

  it('turns 100,000 mutated notes into a Note that formats back to the input, or a NoteError', () => {
    const accepted = runFuzz(
      new Mutator(1, corpus),
      FUZZ_ITERATIONS,
      (input) => {
        const note = parseNote(input);
        const text = inputToText(input);
        if (text !== undefined) assert.equal(formatNote(note), text);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 100, `only ${accepted} mutated notes parsed`);
  });

  it('turns 100,000 mutated signature lines into signatures that format back, or a NoteError', () => {
    const lines = corpus.flatMap((note) => note.split('\n').filter((line) => line.startsWith('—')));
    const accepted = runFuzz(
      new Mutator(2, lines),
      FUZZ_ITERATIONS,
      (input) => {
        const line = inputToText(input) ?? '';
        assert.equal(formatSignatureLine(parseSignatureLine(line)), line);
      },
      (error) => error instanceof NoteError,
    );
    assert.ok(accepted > FUZZ_ITERATIONS / 100, `only ${accepted} mutated lines parsed`);
  });
});
