import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../src/cli/index.ts';
import { checkBundle, parseTrustFile } from '../src/verify/index.ts';
import { startTestNode } from './api-node-support.ts';

// The whole path a platform and a court take on a single node (no witnesses): a unit is created, a
// file is deposited, its bundle is fetched once integrated and verified offline, with src/verify
// and with `sealchain verify`. The local consortium of `sealchain start` is in e2e-consortium-local.

describe('evidence node end to end', () => {
  it('in process: unit, deposit, bundle when integrated, offline verification both ways', async () => {
    const node = await startTestNode();
    try {
      const unit = await node.createUnit('beijing-internet-court');
      const file = join(node.dataDir, 'screenshot.png');
      writeFileSync(file, 'pretend these are the bytes of a screenshot');
      const digest = `sha256:${createHash('sha256').update(readFileSync(file)).digest('hex')}`;
      const deposit = await node.request('/v1/chains/evidence/entries', {
        token: unit.apiKey,
        json: { digest },
      });
      assert.equal(deposit.status, 201);
      const bundle = await node.request(
        `/v1/chains/evidence/entries/${deposit.json.index}/bundle?wait=integrated&timeoutMs=15000`,
      );
      assert.equal(bundle.status, 200, bundle.text);
      const trust = parseTrustFile(readFileSync(node.trustPath, 'utf8'));
      const report = checkBundle(bundle.text, trust, { fileBytes: readFileSync(file) });
      assert.equal(report.ok, true, JSON.stringify(report.checks));
      assert.deepEqual(
        report.checks.map((check) => check.id),
        ['entry', 'leaf-hash', 'checkpoint-signature', 'cosignatures', 'inclusion', 'receipt', 'file-digest'],
      );
      const bundlePath = `${file}.sealchain.json`;
      writeFileSync(bundlePath, bundle.text);
      const lines: string[] = [];
      const status = await runCli(['verify', bundlePath, file, '--trust', node.trustPath], {
        out: (line) => lines.push(line),
        err: (line) => lines.push(line),
      });
      assert.equal(status, 0, lines.join('\n'));
      assert.match(lines[0]!, /VERIFIED$/);
      assert.deepEqual(node.loggedErrors, []);
    } finally {
      await node.close();
    }
  });
});
