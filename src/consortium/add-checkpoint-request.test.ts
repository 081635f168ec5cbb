import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bytesToBase64, equalBytes, utf8ToBytes } from '../crypto/index.ts';
import { isSealchainError } from '../errors/index.ts';
import {
  formatAddCheckpointRequest,
  MAX_CONSISTENCY_PROOF_LINES,
  parseAddCheckpointRequest,
} from './add-checkpoint-request.ts';
import { TestLog } from './test-support/test-log.ts';

const log = new TestLog('example.com/behind-the-sofa').append(13);
const note = log.signCheckpoint(13);
const proof = log.proveConsistency(5, 13);
const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('parseAddCheckpointRequest', () => {
  it('reads the old size, the proof and the signed checkpoint of a formatted request', () => {
    const body = formatAddCheckpointRequest(5, proof, note);
    assert.ok(body.startsWith(`old 5\n${bytesToBase64(proof[0]!)}\n`));
    const request = parseAddCheckpointRequest(body);
    assert.equal(request.oldSize, 5);
    assert.equal(request.proof.length, proof.length);
    assert.ok(request.proof.every((hash, i) => equalBytes(hash, proof[i]!)));
    assert.equal(request.checkpointNote, note);
    assert.equal(request.checkpoint.origin, 'example.com/behind-the-sofa');
    assert.equal(request.checkpoint.treeSize, 13);
    assert.ok(equalBytes(request.checkpoint.rootHash, log.rootAt(13)));
    assert.equal(request.note.signatures.length, 1);
  });

  it('reads a first request, old 0 with no proof, given as bytes', () => {
    const request = parseAddCheckpointRequest(utf8ToBytes(`old 0\n\n${note}`));
    assert.equal(request.oldSize, 0);
    assert.deepEqual(request.proof, []);
  });

  const malformed: [string, string][] = [
    ['a leading zero in the old size', `old 05\n${bytesToBase64(proof[0]!)}\n\n${note}`],
    ['a missing old line', `${bytesToBase64(proof[0]!)}\n\n${note}`],
    ['a negative old size', `old -1\n\n${note}`],
    ['an old size past 2^53 - 1', `old 9007199254740993\n\n${note}`],
    ['no empty line before the checkpoint', `old 0\n${note}`],
    ['a proof hash of 31 bytes', `old 5\n${bytesToBase64(new Uint8Array(31))}\n\n${note}`],
    ['non-canonical base64 in the proof', `old 5\n${bytesToBase64(proof[0]!).replace(/=$/, '')}\n\n${note}`],
    ['an old size above the checkpoint size', `old 14\n\n${note}`],
    ['a proof with old size 0', `old 0\n${bytesToBase64(proof[0]!)}\n\n${note}`],
    ['a proof between two trees of one size', `old 13\n${bytesToBase64(proof[0]!)}\n\n${note}`],
    ['an unsigned checkpoint', `old 0\n\n${note.slice(0, note.indexOf('\n\n') + 1)}`],
    ['a carriage return after the old size', `old 5\r\n\n${note}`],
    ['an empty body', ''],
  ];
  for (const [name, body] of malformed) {
    it(`refuses ${name} with WITNESS_REQUEST_MALFORMED`, () => {
      assert.throws(() => parseAddCheckpointRequest(body), hasCode('WITNESS_REQUEST_MALFORMED'));
    });
  }

  it(`refuses more than ${MAX_CONSISTENCY_PROOF_LINES} proof lines`, () => {
    const lines = Array.from({ length: 64 }, () => `${bytesToBase64(proof[0]!)}\n`).join('');
    assert.throws(
      () => parseAddCheckpointRequest(`old 5\n${lines}\n${note}`),
      hasCode('WITNESS_REQUEST_MALFORMED'),
    );
    const sixtyThree = Array.from({ length: 63 }, () => `${bytesToBase64(proof[0]!)}\n`).join('');
    assert.equal(parseAddCheckpointRequest(`old 5\n${sixtyThree}\n${note}`).proof.length, 63);
  });

  it('refuses invalid UTF-8 and a lone surrogate as malformed', () => {
    const bytes = utf8ToBytes(`old 0\n\n${note}`);
    bytes[10] = 0xff;
    assert.throws(() => parseAddCheckpointRequest(bytes), hasCode('WITNESS_REQUEST_MALFORMED'));
    assert.throws(
      () => parseAddCheckpointRequest(`old 0\n\n\uD800${note}`),
      hasCode('WITNESS_REQUEST_MALFORMED'),
    );
  });

  it('refuses a body over the byte limit, counted in UTF-8, with WITNESS_REQUEST_TOO_LARGE', () => {
    const body = `old 0\n\n${note}`;
    const size = utf8ToBytes(body).length;
    assert.equal(parseAddCheckpointRequest(body, size).oldSize, 0);
    assert.throws(() => parseAddCheckpointRequest(body, size - 1), hasCode('WITNESS_REQUEST_TOO_LARGE'));
    assert.throws(
      () => parseAddCheckpointRequest(utf8ToBytes(body), size - 1),
      hasCode('WITNESS_REQUEST_TOO_LARGE'),
    );
    const wide = `old 0\n\n${note}`.replace('example.com', 'éxample.com');
    assert.throws(() => parseAddCheckpointRequest(wide, wide.length), hasCode('WITNESS_REQUEST_TOO_LARGE'));
  });
});

describe('formatAddCheckpointRequest', () => {
  it('refuses a negative old size and a proof of 64 hashes', () => {
    assert.throws(() => formatAddCheckpointRequest(-1, [], note), hasCode('CONSORTIUM_OPTIONS_INVALID'));
    const long = Array.from({ length: 64 }, () => proof[0]!);
    assert.throws(() => formatAddCheckpointRequest(5, long, note), hasCode('CONSORTIUM_OPTIONS_INVALID'));
  });
});
