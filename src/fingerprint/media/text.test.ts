import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeScratchDir } from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { generateTextCode } from '../iscc/index.ts';
import { detectTextFormat, extractText } from './text.ts';

const FIXTURES = new URL('../../../test/fixtures/media/', import.meta.url);

function fixture(name: string): string {
  return new URL(name, FIXTURES).pathname;
}

function isFingerprintError(code: string) {
  return (error: unknown) => error instanceof FingerprintError && error.code === code;
}

describe('extractText', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  before(async () => {
    scratch = await makeScratchDir('text');
  });
  after(() => scratch.remove());

  it('gives an HTML page with scripts, styles and a head the text code of its plain text', async () => {
    const plain = await extractText(fixture('article.txt'));
    const html = await extractText(fixture('article.html'));
    assert.equal(html.format, 'html');
    assert.equal(html.text, plain.text.trim(), 'the visible text, paragraph for paragraph');
    assert.doesNotMatch(
      html.text,
      /Buy now|dataLayer|enable JavaScript|Template comment|Coastal Press|headline/,
    );
    assert.equal(generateTextCode(html.text).iscc, generateTextCode(plain.text).iscc);
  });

  it('gives a Markdown file the text code of its plain text', async () => {
    const plain = await extractText(fixture('article.txt'));
    const markdown = await extractText(fixture('article.md'));
    assert.equal(markdown.format, 'markdown');
    assert.doesNotMatch(markdown.text, /[#*>]|\]\(|example\.org/);
    assert.equal(generateTextCode(markdown.text).iscc, generateTextCode(plain.text).iscc);
  });

  it('reads UTF-8 with a BOM and UTF-16 with either byte order to the same text', async () => {
    const text = 'Grüße aus 北京 — ok\n';
    const variants = {
      'utf8.txt': new TextEncoder().encode(text),
      'utf8-bom.txt': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
      'utf16le.txt': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
      'utf16be.txt': Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]),
    };
    for (const [name, bytes] of Object.entries(variants)) {
      const path = join(scratch.dir, name);
      await writeFile(path, bytes);
      assert.equal((await extractText(path)).text, text, name);
    }
  });

  it('says TEXT_INVALID for binary data, invalid UTF-8, an empty page and a file past the limit', async () => {
    const cases = {
      'binary.txt': Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00),
      'latin1.txt': Buffer.from('caf\xe9 cr\xe8me', 'latin1'),
      'scripts-only.html': Buffer.from(
        '<html><head><title>x</title></head><body><script>1</script></body></html>',
      ),
      'blank.txt': Buffer.from(' \n\t\n'),
    };
    for (const [name, bytes] of Object.entries(cases)) {
      const path = join(scratch.dir, name);
      await writeFile(path, bytes);
      await assert.rejects(extractText(path), isFingerprintError('TEXT_INVALID'), name);
    }
    await assert.rejects(
      extractText(fixture('article.txt'), { textMaxBytes: 100 }),
      /more than the 100 allowed/,
    );
    await assert.rejects(
      extractText(join(scratch.dir, 'missing.txt')),
      isFingerprintError('FILE_UNREADABLE'),
    );
  });
});

describe('detectTextFormat', () => {
  it('recognises HTML and XML by their opening and Markdown by its extension', () => {
    assert.equal(detectTextFormat('a.txt', '  <!DOCTYPE html><p>x'), 'html');
    assert.equal(detectTextFormat('a', '<html lang="en">'), 'html');
    assert.equal(detectTextFormat('page.htm', 'plain words'), 'html');
    assert.equal(detectTextFormat('a.svg', '<?xml version="1.0"?><svg></svg>'), 'xml');
    assert.equal(detectTextFormat('a.xhtml', '<?xml version="1.0"?><html></html>'), 'html');
    assert.equal(detectTextFormat('README.MD', '<html>'), 'markdown');
    assert.equal(detectTextFormat('notes.txt', '# Not markdown by content'), 'plain');
  });
});
