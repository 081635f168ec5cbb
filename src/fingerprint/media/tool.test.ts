import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { haveTools } from '../../../test/fixtures/media/media-tools.ts';
import { FingerprintError } from '../errors.ts';
import { resolveMediaOptions } from './options.ts';
import { isToolAvailable, runTool, summariseToolError } from './tool.ts';

describe('runTool', () => {
  it('names the Debian package in one line when the program is missing', async () => {
    const options = resolveMediaOptions({ toolPaths: { fpcalc: '/nonexistent/fpcalc' } });
    await assert.rejects(runTool('fpcalc', ['-version'], options), (error: unknown) => {
      assert.ok(error instanceof FingerprintError);
      assert.equal(error.code, 'TOOL_MISSING');
      assert.equal(error.message, 'fpcalc not found: install the Debian package libchromaprint-tools');
      return true;
    });
    assert.equal(await isToolAvailable('ffprobe', { toolPaths: { ffprobe: '/nonexistent/ffprobe' } }), false);
  });

  it('kills a tool that runs past the time limit', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    const options = resolveMediaOptions({ toolTimeoutMs: 300 });
    const args = ['-nostdin', '-re', '-f', 'lavfi', '-i', 'testsrc2=d=60', '-f', 'null', '-'];
    const started = performance.now();
    await assert.rejects(runTool('ffmpeg', args, options), (error: unknown) => {
      assert.ok(error instanceof FingerprintError);
      assert.equal(error.code, 'TOOL_FAILED');
      assert.match(error.message, /ran longer than 300 ms and was stopped/);
      return true;
    });
    assert.ok(performance.now() - started < 10_000, 'the child was killed, not waited for');
  });

  it('kills a tool that writes more than the output limit', async (t) => {
    if (!(await haveTools(t, ['ffmpeg']))) return;
    const options = resolveMediaOptions({ toolMaxOutputBytes: 10_000 });
    const args = ['-nostdin', '-f', 'lavfi', '-i', 'testsrc2=d=60', '-f', 'rawvideo', 'pipe:1'];
    await assert.rejects(runTool('ffmpeg', args, options), /wrote more than 10000 bytes and was stopped/);
  });

  it('passes arguments through without a shell', async (t) => {
    if (!(await haveTools(t, ['ffprobe']))) return;
    const run = await runTool(
      'ffprobe',
      ['-v', 'error', '-i', 'file:/nonexistent/$(touch pwned);x'],
      resolveMediaOptions(),
    );
    assert.notEqual(run.exitCode, 0);
    assert.match(run.stderr, /\$\(touch pwned\);x/);
  });
});

describe('summariseToolError', () => {
  it('keeps the last non-empty line, shortened', () => {
    assert.equal(summariseToolError('first\nERROR: second\n\n'), 'ERROR: second');
    assert.equal(summariseToolError(''), 'no message');
    assert.equal(summariseToolError('x'.repeat(300)).length, 201);
  });
});
