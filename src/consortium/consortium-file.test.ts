import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseTrustFile } from '../verify/index.ts';
import { formatConsortiumFile, relocateMembers, writeConsortiumFile } from './consortium-file.ts';
import { initConsortium } from './consortium-init.ts';

describe('consortium file', () => {
  it('moves every member to a new base URL and writes a file that parses back to the same trust', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sealchain-consortium-file-'));
    try {
      const { trust } = await initConsortium({
        dataDir: dir,
        memberUrls: { court: 'http://127.0.0.1:8080' },
      });
      const moved = relocateMembers(trust, (member) =>
        member === 'notary' ? undefined : 'https://example.test/',
      );
      const evidence = moved.chains[0]!;
      assert.equal(evidence.sequencer.url, 'https://example.test/log/evidence');
      assert.deepEqual(
        evidence.witnesses.map((w) => w.url),
        [
          'https://example.test/witness/court',
          'https://example.test/witness/copyright-center',
          undefined,
          'https://example.test/witness/forensics',
        ],
      );
      assert.equal(moved.chains[1]!.sequencer.url, 'https://example.test/log/works');
      const path = join(dir, 'moved.json');
      await writeConsortiumFile(path, moved);
      assert.equal(statSync(path).mode & 0o777, 0o644);
      assert.deepEqual(parseTrustFile(readFileSync(path, 'utf8')), moved);
      assert.equal(formatConsortiumFile(moved), readFileSync(path, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
