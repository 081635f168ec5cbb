import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { isSealchainError } from '../../errors/index.ts';
import {
  compareTextSignatures,
  computeTextSignature,
  estimateJaccard,
  TEXT_SIMILARITY_THRESHOLD,
  type TextSignature,
} from './signature.ts';

const CORPUS_DIR = new URL('../../../test/fixtures/texts/', import.meta.url);

interface CorpusText {
  name: string;
  group: string;
  signature: TextSignature;
}

function loadCorpus(): CorpusText[] {
  return readdirSync(CORPUS_DIR)
    .filter((file) => file.endsWith('.txt'))
    .sort()
    .map((file) => {
      const name = file.slice(0, -'.txt'.length);
      const group = name.includes('unrelated') ? name : name.split('-').slice(0, 2).join('-');
      return {
        name,
        group,
        signature: computeTextSignature(readFileSync(new URL(file, CORPUS_DIR), 'utf8')),
      };
    });
}

interface PairCounts {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  lowestSame: number;
  highestDifferent: number;
}

function countPairs(corpus: CorpusText[], include: (a: CorpusText, b: CorpusText) => boolean): PairCounts {
  const counts = {
    truePositives: 0,
    falsePositives: 0,
    falseNegatives: 0,
    lowestSame: 1,
    highestDifferent: 0,
  };
  for (let i = 0; i < corpus.length; i++) {
    for (let j = i + 1; j < corpus.length; j++) {
      const a = corpus[i]!;
      const b = corpus[j]!;
      if (!include(a, b)) continue;
      const similarity = compareTextSignatures(a.signature, b.signature);
      const same = a.group === b.group;
      const matched = similarity >= TEXT_SIMILARITY_THRESHOLD;
      if (same && matched) counts.truePositives++;
      if (!same && matched) counts.falsePositives++;
      if (same && !matched) counts.falseNegatives++;
      if (same) counts.lowestSame = Math.min(counts.lowestSame, similarity);
      else counts.highestDifferent = Math.max(counts.highestDifferent, similarity);
    }
  }
  return counts;
}

function report(label: string, counts: PairCounts): { precision: number; recall: number } {
  const precision = counts.truePositives / Math.max(1, counts.truePositives + counts.falsePositives);
  const recall = counts.truePositives / Math.max(1, counts.truePositives + counts.falseNegatives);
  console.log(
    `${label} at threshold ${TEXT_SIMILARITY_THRESHOLD}: precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)} ` +
      `(${counts.truePositives} true, ${counts.falsePositives} false matches, ${counts.falseNegatives} missed); ` +
      `same work ≥ ${counts.lowestSame.toFixed(3)}, different works ≤ ${counts.highestDifferent.toFixed(3)}`,
  );
  return { precision, recall };
}

const hasCode = (code: string) => (error: unknown) => isSealchainError(error) && error.code === code;

describe('compareTextSignatures on the rewrite corpus', () => {
  const corpus = loadCorpus();

  it('holds at least 8 originals with 3 rewrites each and 8 unrelated texts on the same topics', () => {
    const originals = corpus.filter((t) => t.name.endsWith('-original'));
    assert.ok(originals.length >= 8);
    for (const original of originals) {
      assert.ok(corpus.filter((t) => t.group === original.group).length >= 4, original.name);
    }
    assert.ok(corpus.filter((t) => t.name.includes('unrelated')).length >= 8);
  });

  it('finds the rewrites of each original and nothing else (precision ≥ 0.95, recall ≥ 0.9)', () => {
    const { precision, recall } = report(
      'original against every other text',
      countPairs(corpus, (a, b) => a.name.endsWith('-original') || b.name.endsWith('-original')),
    );
    assert.ok(precision >= 0.95, `precision ${precision}`);
    assert.ok(recall >= 0.9, `recall ${recall}`);
  });

  it('also links two rewrites of one original to each other (precision ≥ 0.95, recall ≥ 0.9)', () => {
    const { precision, recall } = report(
      'every pair',
      countPairs(corpus, () => true),
    );
    assert.ok(precision >= 0.95, `precision ${precision}`);
    assert.ok(recall >= 0.9, `recall ${recall}`);
  });

  it('scores a traditional-character version of a Chinese text as the same text', () => {
    for (const original of corpus.filter((t) => t.name.startsWith('zh-') && t.name.endsWith('-original'))) {
      const traditional = corpus.find((t) => t.name === `${original.group}-traditional`)!;
      assert.ok(compareTextSignatures(original.signature, traditional.signature) >= 0.9, original.group);
    }
  });
});

describe('computeTextSignature', () => {
  it('gives identical texts similarity 1 and is symmetric', () => {
    const a = computeTextSignature('The quick brown fox jumps over the lazy dog near the riverbank.');
    const b = computeTextSignature('A completely different sentence about tea gardens and mountains.');
    assert.equal(compareTextSignatures(a, a), 1);
    assert.equal(compareTextSignatures(a, b), compareTextSignatures(b, a));
    assert.ok(compareTextSignatures(a, b) < TEXT_SIMILARITY_THRESHOLD);
  });

  it('ignores punctuation, spacing, case, full-width forms and script', () => {
    const a = computeTextSignature('版权保护：数字时代的新挑战。COPYRIGHT in 2024!');
    const b = computeTextSignature('版權  保護——數字時代的新挑戰 ｃｏｐｙｒｉｇｈｔ ＩＮ ２０２４');
    assert.equal(compareTextSignatures(a, b), 1);
  });

  it('compares short texts whose signatures have mostly borrowed (densified) bins', () => {
    const title = computeTextSignature('外婆的腌菜坛子');
    assert.ok(title.shingleCount < 10);
    assert.equal(compareTextSignatures(title, computeTextSignature('外婆的醃菜罈子')), 1);
    assert.ok(
      compareTextSignatures(title, computeTextSignature('城市骑行绿道规划')) < TEXT_SIMILARITY_THRESHOLD,
    );
  });

  it('survives a JSON round trip', () => {
    const signature = computeTextSignature('县图书馆的地下库房里存放着三千多册线装旧书。');
    const copy = JSON.parse(JSON.stringify(signature)) as TextSignature;
    assert.deepEqual(copy, signature);
    assert.equal(compareTextSignatures(copy, signature), 1);
  });

  it('gives a text without words or characters no similarity to anything', () => {
    const empty = computeTextSignature(' ，。!?  ');
    assert.equal(empty.shingleCount, 0);
    assert.equal(compareTextSignatures(empty, empty), 0);
    assert.equal(compareTextSignatures(empty, computeTextSignature('something')), 0);
  });

  it('rejects a non-string with TEXT_INVALID', () => {
    assert.throws(() => computeTextSignature(42 as unknown as string), hasCode('TEXT_INVALID'));
  });
});

describe('estimateJaccard', () => {
  it('tracks the exact Jaccard similarity of word sets within ±0.1', () => {
    const vocabulary = Array.from(
      { length: 3000 },
      (_, i) => `w${i.toString(36)}x${((i * 7919) % 1000).toString(36)}`,
    );
    for (const overlap of [0, 0.2, 0.5, 0.8, 1]) {
      const size = 1000;
      const shared = Math.round(size * overlap);
      const a = vocabulary.slice(0, size);
      const b = [...vocabulary.slice(0, shared), ...vocabulary.slice(size, 2 * size - shared)];
      // Words of at least five letters apart, so each word's shingles are its own.
      const exact = shared / (2 * size - shared);
      const estimate = estimateJaccard(computeTextSignature(a.join(' ')), computeTextSignature(b.join(' ')));
      assert.ok(
        Math.abs(estimate - exact) <= 0.1,
        `overlap ${overlap}: estimate ${estimate}, exact ${exact}`,
      );
    }
  });

  it('rejects malformed signatures with TEXT_INVALID', () => {
    const good = computeTextSignature('hello world');
    const bad: unknown[] = [
      null,
      { ...good, version: 2 },
      { ...good, shingleCount: -1 },
      { ...good, minHash: 'not base64!' },
      { ...good, minHash: 'AAAA' },
    ];
    for (const signature of bad) {
      assert.throws(() => compareTextSignatures(good, signature as TextSignature), hasCode('TEXT_INVALID'));
    }
  });
});
