import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createNodeLog, readLogFormat } from './node-log.ts';

describe('createNodeLog', () => {
  it('writes one readable line, the message alone, in the text format', () => {
    const lines: string[] = [];
    const log = createNodeLog({ format: 'text', out: (line) => lines.push(line) });
    log.write('warn', 'chain evidence: witness notary is failing', {
      witness: 'notary',
      reason: 'connect refused',
    });
    log.error('storing a cosignature failed', new Error('disk full'));
    assert.equal(lines[0], 'sealchain: chain evidence: witness notary is failing\n');
    assert.match(lines[1]!, /^sealchain: storing a cosignature failed: Error: disk full\n {4}at /);
  });

  it('writes one JSON object a line with level, time, message, fields and the error', () => {
    const lines: string[] = [];
    const log = createNodeLog({ format: 'json', out: (line) => lines.push(line) });
    log.write('warn', 'finality stalled', { chain: 'evidence', pendingForMs: 12_000 });
    log.error('storing a cosignature failed', new Error('disk full'), { chain: 'works' });
    assert.equal(lines.length, 2);
    const first = JSON.parse(lines[0]!);
    assert.equal(first.level, 'warn');
    assert.equal(first.msg, 'finality stalled');
    assert.equal(first.chain, 'evidence');
    assert.equal(first.pendingForMs, 12_000);
    assert.ok(!Number.isNaN(Date.parse(first.time)), 'an ISO time');
    const second = JSON.parse(lines[1]!);
    assert.equal(second.level, 'error');
    assert.equal(second.chain, 'works');
    assert.equal(second.err.message, 'disk full');
    assert.match(second.err.stack, /Error: disk full/);
  });

  it('takes its format from SEALCHAIN_LOG_FORMAT, text unless it says json', () => {
    assert.equal(readLogFormat({ SEALCHAIN_LOG_FORMAT: 'json' }), 'json');
    assert.equal(readLogFormat({}), 'text');
    assert.equal(readLogFormat({ SEALCHAIN_LOG_FORMAT: 'xml' }), 'text');
  });
});
