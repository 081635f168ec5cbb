import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeText } from './normalize.ts';
import { hashShingles } from './shingles.ts';

describe('normalizeText', () => {
  it('converts traditional characters and Taiwan phrases to simplified Chinese', () => {
    assert.equal(normalizeText('軟體與資訊的著作權').cjk, '软件与信息的著作权');
  });

  it('drops punctuation and spaces between CJK characters and keeps other words apart', () => {
    assert.deepEqual(normalizeText('第一章：开始。 Hello,  World-2024 ！结束'), {
      cjk: '第一章开始结束',
      words: ['hello', 'world', '2024'],
    });
  });

  it('folds full-width letters and digits (NFKC) and case', () => {
    assert.deepEqual(normalizeText('ＳＥＡＬ　Ｃｈａｉｎ ２０２４').words, ['seal', 'chain', '2024']);
  });

  it('keeps kana and hangul with the CJK characters and accented letters inside their word', () => {
    const normalized = normalizeText('ひらがな 한국어 café');
    assert.equal(normalized.cjk, 'ひらがな한국어');
    assert.deepEqual(normalized.words, ['café']);
  });
});

describe('hashShingles', () => {
  it('gives one hash a distinct CJK bigram and Latin 5-gram', () => {
    assert.equal(hashShingles(normalizeText('甲乙丙丁')).length, 3);
    assert.equal(hashShingles(normalizeText('abcdefg')).length, 3);
    assert.equal(hashShingles(normalizeText('甲乙甲乙')).length, 2);
  });

  it('gives a text shorter than a shingle one shingle and an empty text none', () => {
    assert.equal(hashShingles(normalizeText('甲')).length, 1);
    assert.equal(hashShingles(normalizeText('ab')).length, 1);
    assert.equal(hashShingles(normalizeText('…')).length, 0);
  });
});
