import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

// `sealchain … | head`: the reader closes the pipe before the command has written everything; the
// command ends quietly instead of crashing with an EPIPE stack trace (issue 22, point 8).

const SEALCHAIN = fileURLToPath(new URL('../bin/sealchain.js', import.meta.url));

describe('sealchain with its output piped into a reader that stops early', () => {
  it('ends with status 0 and no EPIPE error when standard output is closed', async () => {
    const child = spawn(process.execPath, [SEALCHAIN, 'help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    const status = await new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    assert.doesNotMatch(stderr, /EPIPE|Error/, stderr);
    assert.equal(status, 0);
  });
});
