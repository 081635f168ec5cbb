import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  cleanText,
  collapseText,
  removeNewlines,
  stripPythonSpace,
  trimTextToBytes,
} from './text-normalize.ts';

describe('cleanText', () => {
  it('applies NFKC, drops control characters and keeps newlines', () => {
    assert.equal(cleanText('ℍello\tworld\u200b'), 'Helloworld');
    assert.equal(cleanText('a\nb'), 'a\nb');
  });

  it('turns every newline character into \\n, counting \\r\\n once', () => {
    assert.equal(cleanText('a\r\nb\rc\u2028d\u0085e\u000bf'), 'a\nb\nc\nd\ne\nf');
  });

  it('keeps one of several empty or blank lines in a row and strips the ends', () => {
    assert.equal(cleanText('  a\n\n\n\nb\n \n\t\nc\n\n'), 'a\n\nb\n \nc');
  });
});

describe('collapseText', () => {
  it('removes whitespace, marks and punctuation and lower-cases', () => {
    assert.equal(collapseText('Hello World'), 'helloworld');
    assert.equal(collapseText('Die unéndlíche,  Geschichte!'), 'dieunendlichegeschichte');
  });

  it('removes whitespace before lower-casing, so a sigma before a space is not final', () => {
    assert.equal(collapseText('ΟΔΟΣ ΟΔΟΣ'), 'οδοσοδος');
  });

  it('keeps letters and symbols of any script and recombines with NFKC', () => {
    assert.equal(collapseText('Ⅻ ☃ 北京'), 'xii☃北京');
  });
});

describe('trimTextToBytes and removeNewlines', () => {
  it('cut at a character boundary within the byte budget and strip', () => {
    assert.equal(trimTextToBytes('ab☃', 4), 'ab');
    assert.equal(trimTextToBytes('ab☃', 5), 'ab☃');
    assert.equal(trimTextToBytes('a   ☃', 4), 'a');
  });

  it('join lines with single spaces', () => {
    assert.equal(removeNewlines(' a \n\n b\u3000c '), 'a b c');
  });

  it('strip Python whitespace, which includes U+001C–U+001F and U+0085 but not U+FEFF', () => {
    assert.equal(stripPythonSpace('\u001c\u0085 a \u3000'), 'a');
    assert.equal(stripPythonSpace('\ufeffa'), '\ufeffa');
  });
});
