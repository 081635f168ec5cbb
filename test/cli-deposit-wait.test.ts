import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../src/cli/index.ts';
import { randomDigest } from './api-node-support.ts';
import { runCaptured as run } from './cli-support.ts';
import { BIN } from './e2e-consortium-support.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// `sealchain deposit --wait` against the local consortium in this process: the normal path writes
// bundles that verify; with the copyright centre's and the notary's witnesses stopped, the evidence
// chain has one independent witness left (forensics; the court's own does not count), no
// checkpoint can reach the quorum of 2, and the wait says so, then stops at --timeout, at Ctrl-C, or when the server goes away,
// each with its own exit status, writing no bundle. Every wait is synchronised on the lines the
// command prints, never on a sleep.

const EXIT_NOT_FINAL = 3;
const EXIT_SERVER_UNAVAILABLE = 4;
const EXIT_INTERRUPTED = 130;
const PENDING_MESSAGE =
  'this is a pending answer, not a proof bundle: the entry is not final yet; fetch the bundle again with ?wait=final';
const NAME = '(?:copyright-center|notary|forensics)';
const FAILING = `failing: ${NAME} \\(unreachable: [^)]+\\)(?:; ${NAME} \\(unreachable: [^)]+\\))*`;
const SILENT = `no cosignature yet from ${NAME}(?:, ${NAME})*`;
const OWN_NOT_COUNTED = "the sequencer's own witness \\(court\\) does not count";
/** The progress line once the forensics centre, the one independent witness up, has cosigned. */
const MISSING_WITNESSES = new RegExp(
  `^waiting for finality of (\\d+) (?:entry|entries): the checkpoint of tree size \\d+ is cosigned by 1 of 3 independent witnesses \\(forensics\\), but the quorum is 2; ${OWN_NOT_COUNTED}; (?:${FAILING}(?:; ${SILENT})?|${SILENT})$`,
);
/** Any explanation the chain view can give while the quorum cannot be met. */
const HELD_BACK = new RegExp(
  `^(?:no checkpoint covers entry \\d+ yet \\(.+\\)|the checkpoint of tree size \\d+ is cosigned by [01] of 3 independent witnesses(?: \\(forensics\\))?, but the quorum is 2; ${OWN_NOT_COUNTED}(?:; ${FAILING})?(?:; ${SILENT})?)$`,
);

/** A TCP relay to `port` that can be taken away, as a server that stops answering. */
async function startRelay(port: number): Promise<{ url: string; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the relay has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

describe('sealchain deposit --wait', () => {
  let consortium: TestConsortium;
  let work: string;
  let server: string[];
  let counter = 0;

  const newFile = (text = `file ${counter}\n`) => {
    const path = join(work, `file-${counter++}.txt`);
    writeFileSync(path, text);
    return path;
  };

  before(async () => {
    consortium = await startTestConsortium();
    work = mkdtempSync(join(tmpdir(), 'sealchain-cli-wait-'));
    server = ['--server', consortium.url, '--key', consortium.apiKey];
  });

  after(async () => {
    await consortium?.close();
    rmSync(work, { recursive: true, force: true });
  });

  it('writes the bundles once every entry is final, and they verify with their files', async () => {
    const files = [newFile('first\n'), newFile('second\n')];
    const answer = await run('deposit', ...files, ...server, '--wait');
    assert.equal(answer.status, 0, answer.err.join('\n'));
    for (const [i, file] of files.entries()) {
      assert.match(answer.out[i]!, new RegExp(`  -> ${file.replaceAll('.', '\\.')}\\.sealchain\\.json$`));
      const verified = await run('verify', `${file}.sealchain.json`, file, '--trust', consortium.trustPath);
      assert.equal(verified.status, 0, verified.out.join('\n'));
      assert.match(verified.out[0]!, /: VERIFIED$/);
      assert.match(verified.out.join('\n'), /ok {4}file-digest/);
    }
  });

  it('refuses a FILE whose proof file exists, before depositing it, and leaves the proof as it was', async () => {
    const file = newFile();
    const proof = `${file}.sealchain.json`;
    writeFileSync(proof, 'an earlier proof\n');
    const answer = await run('deposit', file, ...server, '--wait', '--json');
    assert.equal(answer.status, 1);
    const [outcome] = JSON.parse(answer.out[0]!);
    assert.equal(outcome.index, undefined, 'nothing deposited');
    assert.equal(
      outcome.error,
      `${proof} exists already and is never overwritten (it may be the proof of an earlier deposit); move it aside to deposit again (PROOF_FILE_EXISTS)`,
    );
    assert.equal(readFileSync(proof, 'utf8'), 'an earlier proof\n');
  });

  it('refuses --timeout without --wait, and a --timeout that is not a whole number of seconds', async () => {
    const file = newFile();
    const alone = await run('deposit', file, ...server, '--timeout', '5');
    assert.equal(alone.status, 2);
    assert.match(alone.err.join('\n'), /--timeout limits --wait/);
    const fraction = await run('deposit', file, ...server, '--wait', '--timeout', '0.5');
    assert.equal(fraction.status, 2);
    assert.match(fraction.err.join('\n'), /--timeout must be a whole number/);
  });

  describe('with two of the three independent witnesses of the evidence chain stopped', () => {
    before(async () => {
      await consortium.running.witnesses.get('copyright-center')!.close();
      await consortium.running.witnesses.get('notary')!.close();
    });

    it('sealchain verify names a saved "not final yet" answer of the bundle endpoint', async () => {
      const deposit = await consortium.request('/v1/chains/evidence/entries', {
        token: consortium.apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(deposit.status, 201, deposit.text);
      const answer = await consortium.request(
        `/v1/chains/evidence/entries/${deposit.json.index}/bundle?wait=final&timeoutMs=100`,
      );
      assert.equal(answer.status, 202, answer.text);
      const saved = join(work, 'pending.sealchain.json');
      writeFileSync(saved, answer.text);
      const verified = await run('verify', saved, '--trust', consortium.trustPath);
      assert.equal(verified.status, 1);
      assert.deepEqual(verified.err, [`sealchain verify: ${PENDING_MESSAGE} (BUNDLE_PENDING)`]);
      assert.deepEqual(verified.out, []);
    });

    it('says what finality waits for and stops at --timeout with exit status 3, writing no bundle', async () => {
      const files = [newFile(), newFile()];
      const answer = await run('deposit', ...files, ...server, '--wait', '--timeout', '1');
      assert.equal(answer.status, EXIT_NOT_FINAL, answer.err.join('\n'));
      const [progress, stop, ...rest] = answer.err;
      assert.deepEqual(rest, []);
      const waiting = /^waiting for finality of 2 entries: (.+)$/.exec(progress ?? '');
      assert.ok(waiting, progress);
      assert.match(waiting[1]!, HELD_BACK);
      const stopped =
        /^sealchain deposit: stopped waiting after --timeout 1 s: 2 of 2 entries deposited but not final, their bundles not written; (.+)$/.exec(
          stop ?? '',
        );
      assert.ok(stopped, stop);
      assert.match(stopped[1]!, HELD_BACK);
      for (const [i, file] of files.entries()) {
        assert.match(
          answer.out[i]!,
          /\(not final yet; bundle at http:\/\/127\.0\.0\.1:\d+\/v1\/chains\/evidence\/entries\/\d+\/bundle\?wait=final\)$/,
        );
        assert.equal(existsSync(`${file}.sealchain.json`), false);
      }
    });

    it(
      'names the missing cosignatures while it waits, and stops at Ctrl-C with exit status 130',
      { timeout: 120_000 },
      async () => {
        const file = newFile();
        const child = spawn(process.execPath, [BIN, 'deposit', file, ...server, '--wait'], {
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
        const stderr: string[] = [];
        const stdout: string[] = [];
        createInterface({ input: child.stdout! }).on('line', (line) => stdout.push(line));
        createInterface({ input: child.stderr! }).on('line', (line) => {
          stderr.push(line);
          if (MISSING_WITNESSES.test(line)) child.kill('SIGINT');
        });
        const status = await exited;
        assert.equal(status, EXIT_INTERRUPTED, stderr.join('\n'));
        const named = stderr.filter((line) => MISSING_WITNESSES.test(line));
        assert.equal(named.length, 1, stderr.join('\n'));
        assert.equal(MISSING_WITNESSES.exec(named[0]!)![1], '1');
        assert.equal(
          stderr.at(-1),
          'sealchain deposit: stopped waiting: interrupted (Ctrl-C); 1 of 1 entry deposited but not final, their bundles not written',
        );
        assert.match(stdout.join('\n'), /\(not final yet; bundle at /);
        assert.equal(existsSync(`${file}.sealchain.json`), false);
      },
    );

    it(
      'stops with exit status 4 when the server goes away while it waits',
      { timeout: 120_000 },
      async () => {
        const relay = await startRelay(Number(new URL(consortium.url).port));
        const file = newFile();
        const out: string[] = [];
        const err: string[] = [];
        let closing: Promise<void> | undefined;
        const status = await runCli(
          ['deposit', file, '--server', relay.url, '--key', consortium.apiKey, '--wait'],
          {
            out: (line) => out.push(line),
            err: (line) => {
              err.push(line);
              if (line.startsWith('waiting for finality')) closing ??= relay.close();
            },
          },
        );
        await closing;
        assert.equal(status, EXIT_SERVER_UNAVAILABLE, err.join('\n'));
        assert.match(
          err.at(-1)!,
          new RegExp(
            `^sealchain deposit: stopped waiting: cannot reach ${relay.url.replaceAll('.', '\\.')}: .+ \\(SERVER_UNREACHABLE\\); 1 of 1 entry deposited but not final, their bundles not written$`,
          ),
        );
        assert.equal(existsSync(`${file}.sealchain.json`), false);
      },
    );
  });
});
