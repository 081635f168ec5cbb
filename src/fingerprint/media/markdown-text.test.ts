import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { markdownToText } from './markdown-text.ts';

describe('markdownToText', () => {
  it('removes heading, quote, list and task markers', () => {
    const markdown =
      '# Title #\n## C# ##\nSetext\n------\n> quoted\n> - nested item\n\n1. first\n2) second\n- [x] done\n* star';
    assert.equal(
      markdownToText(markdown),
      'Title\nC#\nSetext\n\nquoted\nnested item\n\nfirst\nsecond\ndone\nstar',
    );
  });

  it('keeps the text of links, images, code spans and emphasis', () => {
    const markdown =
      'See [the docs](https://x.test "t") and ![a cat](cat.png), run `npm test`, *really* **must** ~~not~~ _now_.';
    assert.equal(markdownToText(markdown), 'See the docs and a cat, run npm test, really must not now.');
  });

  it('leaves underscores inside words alone', () => {
    assert.equal(markdownToText('snake_case_name and __init__'), 'snake_case_name and init');
  });

  it('keeps the content of fenced code blocks and drops the fences', () => {
    assert.equal(
      markdownToText('before\n```js\nconst x = *1*;\n```\nafter'),
      'before\nconst x = *1*;\nafter',
    );
    assert.equal(markdownToText('~~~\nunclosed fence\n# kept as is'), 'unclosed fence\n# kept as is');
  });

  it('turns tables into tab-separated rows and drops their delimiter row', () => {
    assert.equal(markdownToText('| a | b |\n|---|:-:|\n| 1 | 2 |'), 'a\tb\n\n1\t2');
  });

  it('drops thematic breaks and link reference definitions', () => {
    assert.equal(markdownToText('one\n\n***\n\ntwo\n[ref]: https://x.test "Title"'), 'one\n\ntwo');
  });

  it('strips inline HTML and decodes its entities', () => {
    assert.equal(markdownToText('A <span class="x">styled</span> word &amp; more'), 'A styled word & more');
  });

  it('finishes in linear time on hostile input', { timeout: 20_000 }, () => {
    const hostile = [
      '*a '.repeat(100_000),
      '_a '.repeat(100_000),
      '['.repeat(200_000),
      '`'.repeat(200_000) + 'a',
      '# ' + ' '.repeat(300_000) + 'x',
      '|' + ' '.repeat(300_000) + 'x',
      '-' + ' '.repeat(300_000) + 'x',
      '[a]: b' + ' '.repeat(300_000) + 'x',
      '1. '.repeat(100_000),
    ];
    for (const input of hostile) assert.equal(typeof markdownToText(input), 'string');
  });
});
