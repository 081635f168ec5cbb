import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { makeScratchDir } from '../../test/fixtures/media/media-tools.ts';
import { runFingerprintCommand, type CommandOutput } from './fingerprint.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const PHOTO = join(ROOT, 'test/fixtures/photos/coins.jpg');
const ARTICLE = join(ROOT, 'test/fixtures/media/article.txt');
const run = promisify(execFile);

function captureOutput(): CommandOutput & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return { stdout, stderr, out: (line) => stdout.push(line), err: (line) => stderr.push(line) };
}

describe('sealchain fingerprint', () => {
  let scratch: Awaited<ReturnType<typeof makeScratchDir>>;
  before(async () => {
    scratch = await makeScratchDir('cli');
  });
  after(() => scratch.remove());

  it('prints instance, data, content, ISCC-CODE and PDQ of an image', async () => {
    const output = captureOutput();
    assert.equal(await runFingerprintCommand([PHOTO], output), 0);
    assert.deepEqual(output.stderr, []);
    const text = output.stdout.join('\n');
    assert.match(text, /^ {2}media type {2}image \(jpeg\), 21587 bytes$/m);
    assert.match(
      text,
      /^ {2}instance {4}ISCC:IA[A-Z2-7]+ {2}sha256:000bca68ca1b847b144f1fdd70bb87635e4fbd9895986bc6e1afe6fd1f1148e1$/m,
    );
    assert.match(text, /^ {2}data {8}ISCC:GA[A-Z2-7]+$/m);
    assert.match(text, /^ {2}content {5}ISCC:EE[A-Z2-7]+ \(image\)$/m);
    assert.match(text, /^ {2}iscc {8}ISCC:KE[A-Z2-7]+$/m);
    assert.match(text, /^ {2}pdq {9}[0-9a-f]{64} {2}quality \d+$/m);
  });

  it('reports an unreadable file in one line, exits 1, and still does the other files', async () => {
    const output = captureOutput();
    const missing = join(scratch.dir, 'missing.jpg');
    assert.equal(await runFingerprintCommand([missing, ARTICLE], output), 1);
    assert.deepEqual(output.stderr, [
      `sealchain fingerprint: ${missing}: cannot read "${missing}": no such file`,
    ]);
    assert.match(output.stdout.join('\n'), /content {5}ISCC:EA[A-Z2-7]+ \(text\)/);
  });

  it('prints one JSON array with the results and the errors under --json', async () => {
    const output = captureOutput();
    const missing = join(scratch.dir, 'missing.txt');
    assert.equal(await runFingerprintCommand(['--json', ARTICLE, missing], output), 1);
    const reports = JSON.parse(output.stdout.join('\n')) as Record<string, unknown>[];
    assert.equal(reports.length, 2);
    assert.equal(reports[0]!['file'], ARTICLE);
    assert.equal(reports[0]!['mediaType'], 'text');
    assert.deepEqual(reports[1], {
      file: missing,
      error: { code: 'FILE_UNREADABLE', message: `cannot read "${missing}": no such file` },
    });
    assert.equal(output.stderr.length, 1);
  });

  it('takes a file name that starts with a dash after --, and refuses unknown options', async () => {
    const dashed = join(scratch.dir, '-n.txt');
    await copyFile(ARTICLE, dashed);
    const relative = captureOutput();
    const previous = process.cwd();
    process.chdir(scratch.dir);
    try {
      assert.equal(await runFingerprintCommand(['--', '-n.txt'], relative), 0);
    } finally {
      process.chdir(previous);
    }
    assert.match(relative.stdout[0]!, /^-n\.txt\n/);
    const refused = captureOutput();
    assert.equal(await runFingerprintCommand(['-n.txt'], refused), 2);
    assert.match(
      refused.stderr[0]!,
      /unknown option -n\.txt \(put -- before a file name that starts with -\)/,
    );
    const none = captureOutput();
    assert.equal(await runFingerprintCommand(['--json'], none), 2);
    assert.match(none.stderr[0]!, /name at least one file/);
  });

  it('runs as `node bin/sealchain.js fingerprint`, with exit status 1 when a file fails', async () => {
    const missing = join(scratch.dir, 'gone.png');
    const failed = await run(process.execPath, ['bin/sealchain.js', 'fingerprint', PHOTO, missing], {
      cwd: ROOT,
    }).then(
      () => assert.fail('expected a non-zero exit'),
      (error: { code: number; stdout: string; stderr: string }) => error,
    );
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /pdq {9}[0-9a-f]{64}/);
    assert.equal(
      failed.stderr,
      `sealchain fingerprint: ${missing}: cannot read "${missing}": no such file\n`,
    );
    const json = await run(process.execPath, ['bin/sealchain.js', 'fingerprint', '--json', ARTICLE], {
      cwd: ROOT,
    });
    assert.equal((JSON.parse(json.stdout) as { content: { kind: string } }[])[0]!.content.kind, 'text');
  });
});
