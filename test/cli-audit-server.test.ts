import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startEvidenceNode, type RunningNode } from '../src/node/index.ts';
import { bytesToUtf8, utf8ToBytes } from '../src/crypto/index.ts';
import { openDatabase } from '../src/store/index.ts';
import { randomDigest, sendRequest, startTestNode, type TestNode } from './api-node-support.ts';
import { runCaptured as run } from './cli-support.ts';

// `sealchain audit --server`: the audit of a node that keeps running, through its C2SP tlog-tiles
// read API on 127.0.0.1 alone; the command runs in this process, its output captured.

/** A proxy to `target` that answers `rewrite(path)` instead when it returns something. */
async function startProxy(
  target: string,
  rewrite: (path: string) => Uint8Array | string | undefined,
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const replaced = rewrite(path);
    if (replaced !== undefined) {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.end(replaced);
      return;
    }
    void fetch(`${target}${path}`).then(async (answer) => {
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? '' });
      response.end(new Uint8Array(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('sealchain audit --server', () => {
  let node: TestNode;
  let running: RunningNode;
  let apiKey: string;
  const deposit = async (count: number, url = running.url) => {
    const answer = await sendRequest(url, '/v1/chains/evidence/entries/batch', {
      token: apiKey,
      json: { entries: Array.from({ length: count }, () => ({ digest: randomDigest() })) },
    });
    assert.equal(answer.status, 201, answer.text);
  };
  const integrate = () => running.node.chain.ledger.integrate();

  before(async () => {
    node = await startTestNode({ ledger: { integrationIntervalMs: 50 } });
    running = node.running;
    apiKey = (await node.createUnit('audited-platform')).apiKey;
    await deposit(300);
    await integrate();
  });

  after(async () => {
    await running.close();
    rmSync(node.dataDir, { recursive: true, force: true });
  });

  it('audits a running node clean while it keeps taking deposits, and it still answers after', async () => {
    let depositing = true;
    let deposited = 0;
    const load = (async () => {
      while (depositing) {
        await deposit(40);
        deposited += 40;
      }
    })();
    const audited = await run('audit', '--server', node.url, '--trust', node.trustPath);
    depositing = false;
    await load;
    assert.equal(audited.status, 0, [...audited.out, ...audited.err].join('\n'));
    assert.match(
      audited.out[0]!,
      /^court\.sealchain\.local\/evidence at http:\/\/127\.0\.0\.1:\d+\/log\/evidence: consistent$/,
    );
    const size = Number(/checkpoint of size (\d+)/.exec(audited.out[1]!)![1]);
    assert.ok(size >= 300, audited.out[1]);
    assert.match(audited.out[1]!, new RegExp(`${size} entries in ${Math.ceil(size / 256)} entry bundles`));
    assert.ok(deposited > 0, 'deposits went on during the audit');

    await integrate();
    const again = await run(
      'audit',
      '--server',
      node.url,
      '--trust',
      node.trustPath,
      '--chain',
      'evidence',
      '--json',
    );
    assert.equal(again.status, 0, again.err.join('\n'));
    const report = JSON.parse(again.out.join('\n'));
    assert.equal(report.ok, true);
    assert.equal(report.treeSize, 300 + deposited);
    assert.equal(report.entriesChecked, 300 + deposited);
    assert.equal(report.divergence, null);
  });

  it('fails with a clear error on a malformed tile, and reports a checkpoint it cannot verify', async () => {
    const shortTile = await startProxy(node.url, (path) =>
      path === '/log/evidence/tile/0/000' ? new Uint8Array(17) : undefined,
    );
    try {
      const answer = await run('audit', '--server', shortTile.url, '--trust', node.trustPath);
      assert.equal(answer.status, 1);
      assert.deepEqual(answer.out, []);
      assert.match(answer.err.join('\n'), /tile 0\/0 has 17 bytes, not 8192 \(TLOG_FETCH_FAILED\)/);
    } finally {
      await shortTile.close();
    }
    const forged = await startProxy(node.url, (path) =>
      path === '/log/evidence/checkpoint'
        ? 'court.sealchain.local/evidence\n1\nAAAA\n\n— forged\n'
        : undefined,
    );
    try {
      const answer = await run('audit', '--server', forged.url, '--trust', node.trustPath);
      assert.equal(answer.status, 1);
      assert.match(
        answer.out.join('\n'),
        /DIVERGENCE FOUND\n.*\n {2}first divergence \(checkpoint-signature\)/,
      );
    } finally {
      await forged.close();
    }
  });

  it('refuses bad arguments with exit status 2, and an unknown chain, trust file or server with 1', async () => {
    for (const args of [
      ['--server'],
      ['--server', 'ftp://127.0.0.1/'],
      ['--server', node.url, '--data', node.dataDir],
      ['--server', node.url, '--config', 'node.json'],
      ['--trust', node.trustPath],
      ['--server', node.url, 'extra'],
      ['--server', node.url, '--bogus'],
    ]) {
      const answer = await run('audit', ...args);
      assert.equal(answer.status, 2, `${args.join(' ')}: ${answer.err.join('\n')}`);
      assert.match(answer.err.join('\n'), /USAGE_INVALID/);
    }
    const chain = await run('audit', '--server', node.url, '--trust', node.trustPath, '--chain', 'nope');
    assert.equal(chain.status, 1);
    assert.match(chain.err.join('\n'), /CHAIN_UNKNOWN/);
    const trust = await run('audit', '--server', node.url, '--trust', join(node.dataDir, 'missing.json'));
    assert.equal(trust.status, 1);
    assert.match(trust.err.join('\n'), /CONSORTIUM_FILE_INVALID/);
    const closed = await startProxy(node.url, () => undefined);
    await closed.close();
    const unreachable = await run('audit', '--server', closed.url, '--trust', node.trustPath);
    assert.equal(unreachable.status, 1);
    assert.match(
      unreachable.err.join('\n'),
      /could not fetch .*\/log\/evidence\/checkpoint \(TLOG_FETCH_FAILED\)/,
    );
  });

  it('names the index of an entry row changed in the database, once the node runs again', async () => {
    await deposit(300);
    await integrate();
    await running.close();
    const client = await openDatabase({ pgliteDir: join(node.dataDir, 'pglite') });
    try {
      const [row] = await client.query<{ entry: Uint8Array }>(
        'SELECT entry FROM ledger_entries WHERE leaf_index = 257',
      );
      const forged = bytesToUtf8(row!.entry).replace(
        /"digest":"sha256:./,
        (m) => `${m.slice(0, -1)}${m.endsWith('0') ? '1' : '0'}`,
      );
      await client.query('UPDATE ledger_entries SET entry = $1 WHERE leaf_index = 257', [
        utf8ToBytes(forged),
      ]);
    } finally {
      await client.close();
    }
    running = await startEvidenceNode({ dataDir: node.dataDir, port: 0 });
    const answer = await run('audit', '--server', running.url, '--trust', node.trustPath);
    assert.equal(answer.status, 1, answer.err.join('\n'));
    const text = answer.out.join('\n');
    assert.match(text, /: DIVERGENCE FOUND/);
    assert.match(
      text,
      /first divergence \(tile\): entry 257 \(in entry bundle 1\) does not hash to hash 1 of the served tile 0\/1/,
    );
    assert.match(text, /leafIndex: 257/);
    assert.match(text, /tile: \{"level":0,"index":1,"width":256,"hash":1\}/);
    assert.match(text, /expected: [0-9a-f]{64}\n {4}served: [0-9a-f]{64}/);
    const json = JSON.parse(
      (await run('audit', '--server', running.url, '--trust', node.trustPath, '--json')).out.join('\n'),
    );
    assert.equal(json.divergence.leafIndex, 257);
    assert.notEqual(json.divergence.expected, json.divergence.served);
  });
});
