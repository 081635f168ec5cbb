import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import { findForbiddenCharacter, parseReason, refuseForbiddenJsonText } from './text-checks.ts';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSealchainError(error) ? error.code : 'UNTYPED';
  }
  return undefined;
}

describe('findForbiddenCharacter', () => {
  it('finds NUL, U+FFFD and unpaired surrogates, and passes Chinese text and emoji', () => {
    assert.equal(findForbiddenCharacter('a\u0000b'), 'NUL');
    assert.match(findForbiddenCharacter('caf\uFFFD') ?? '', /U\+FFFD/);
    assert.equal(findForbiddenCharacter('x\uD800y'), 'an unpaired surrogate');
    assert.equal(findForbiddenCharacter('静夜思 🌙'), null);
  });
});

describe('refuseForbiddenJsonText', () => {
  it('refuses NUL in a nested value and in a key with TEXT_INVALID', () => {
    assert.equal(
      codeOf(() => refuseForbiddenJsonText({ rightsHolder: { name: 'a\u0000' } })),
      'TEXT_INVALID',
    );
    assert.equal(
      codeOf(() => refuseForbiddenJsonText({ authors: ['ok', 'b\uFFFD'] })),
      'TEXT_INVALID',
    );
    assert.equal(
      codeOf(() => refuseForbiddenJsonText({ 'k\u0000': 1 })),
      'TEXT_INVALID',
    );
    assert.equal(
      codeOf(() => refuseForbiddenJsonText({ title: '茶山记', n: 1, ok: true, none: null })),
      undefined,
    );
  });
});

describe('parseReason', () => {
  it('keeps line breaks, trims, and refuses NUL (TEXT_INVALID), other controls, empty and long text', () => {
    assert.equal(parseReason('  合同到期\n第二行 ', 'LICENSE_INVALID', 20), '合同到期\n第二行');
    assert.equal(
      codeOf(() => parseReason('a\u0000', 'LICENSE_INVALID', 20)),
      'TEXT_INVALID',
    );
    assert.equal(
      codeOf(() => parseReason('a\u0007', 'LICENSE_INVALID', 20)),
      'LICENSE_INVALID',
    );
    assert.equal(
      codeOf(() => parseReason('   ', 'DECISION_INVALID', 20)),
      'DECISION_INVALID',
    );
    assert.equal(
      codeOf(() => parseReason('x'.repeat(21), 'DECISION_INVALID', 20)),
      'DECISION_INVALID',
    );
    assert.equal(
      codeOf(() => parseReason(7, 'DECISION_INVALID', 20)),
      'DECISION_INVALID',
    );
  });
});
