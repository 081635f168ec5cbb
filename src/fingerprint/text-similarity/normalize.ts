import * as OpenCC from 'opencc-js';

// Chinese rewrites often switch script, so both sides are brought to Simplified Chinese first
// (OpenCC, Taiwan phrases included: 軟體 → 软件), then NFKC folds full-width forms, and case goes.
let toSimplified: ((text: string) => string) | undefined;

function convertToSimplified(text: string): string {
  if (!HAN_CHARACTER.test(text)) return text;
  const convert = (toSimplified ??= OpenCC.Converter({ from: 'twp', to: 'cn' }));
  return convert(text);
}

const HAN_CHARACTER = /\p{Script=Han}/u;
// A run of CJK characters, or a run of letters and digits of other scripts with their marks.
const RUN =
  /([\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+)|((?:(?![\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}])[\p{L}\p{N}\p{M}])+)/gu;

/** A text reduced to what its wording carries: CJK characters in one run, other words in a list. */
export interface NormalizedText {
  /** Every CJK character in order, punctuation, spaces and other scripts removed. */
  cjk: string;
  /** Every run of letters and digits outside CJK, lower-cased. */
  words: string[];
}

export function normalizeText(text: string): NormalizedText {
  const folded = convertToSimplified(text.normalize('NFKC')).normalize('NFKC').toLowerCase();
  const cjk: string[] = [];
  const words: string[] = [];
  for (const match of folded.matchAll(RUN)) {
    if (match[1] !== undefined) cjk.push(match[1]);
    else words.push(match[2]!);
  }
  return { cjk: cjk.join(''), words };
}
