import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LedgerError } from '../ledger/index.ts';
import { MerkleError } from '../merkle/index.ts';
import { SealchainError } from '../errors/index.ts';
import { ApiError } from './errors.ts';
import { errorToProblem, PROBLEM_STATUS, problemToResponse } from './problem.ts';

describe('errorToProblem', () => {
  it('maps typed errors of every module through the one status table', () => {
    const cases: [Error, number, string][] = [
      [new ApiError('UNAUTHENTICATED', 'no token'), 401, 'UNAUTHENTICATED'],
      [
        new LedgerError('ENTRY_INVALID', 'bad digest', { details: { field: 'digest' } }),
        400,
        'ENTRY_INVALID',
      ],
      [new LedgerError('IDEMPOTENCY_KEY_REUSED', 'reused'), 422, 'IDEMPOTENCY_KEY_REUSED'],
      [new MerkleError('TILE_PATH_INVALID', 'bad path'), 400, 'TILE_PATH_INVALID'],
      // A store failure as it reaches the API through a use case (api does not import store).
      [new SealchainError('BLOB_TOO_LARGE', 'too big'), 413, 'BLOB_TOO_LARGE'],
    ];
    for (const [error, status, code] of cases) {
      const { problem } = errorToProblem(error);
      assert.equal(problem.status, status, code);
      assert.equal(problem.code, code);
      assert.equal(problem.detail, error.message);
      assert.equal(problem.type, `urn:sealchain:problem:${code.toLowerCase().replaceAll('_', '-')}`);
    }
    assert.deepEqual(errorToProblem(cases[1]![0]).problem.details, { field: 'digest' });
  });

  it('turns overload into 503 with Retry-After in whole seconds', () => {
    const answer = errorToProblem(
      new LedgerError('OVERLOADED', 'busy', { details: { retryAfterMs: 1_500 } }),
    );
    assert.equal(answer.problem.status, 503);
    assert.equal(answer.retryAfterSeconds, 2);
    const response = problemToResponse(answer);
    assert.equal(response.headers.get('retry-after'), '2');
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
  });

  it('hides the message and details of internal failures and of untyped errors', () => {
    for (const error of [
      new LedgerError('STORAGE_CORRUPT', 'tile 3/7 differs', { details: { secret: 'x' } }),
      new TypeError('cannot read properties of undefined'),
      'a string',
    ]) {
      const { problem } = errorToProblem(error);
      assert.equal(problem.status, 500);
      assert.equal(problem.code, 'INTERNAL_ERROR');
      assert.equal(problem.details, undefined);
      assert.doesNotMatch(problem.detail, /tile|undefined/);
    }
  });

  it('gives every status in the table a 4xx or 5xx value', () => {
    for (const [code, status] of Object.entries(PROBLEM_STATUS)) {
      assert.ok(status >= 400 && status <= 599, code);
    }
  });
});
