import assert from 'node:assert/strict';
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { BrowserPool } from './browser-pool.ts';
import { resolveBrowserUser } from './browser-user.ts';
import { findChromiumSkipReason, TEST_CHROMIUM } from './test-support/chromium.ts';

// The capture browser renders hostile pages: run by a root service it must not be root, must keep
// its sandbox, and must not be able to read the service's signing keys.

interface ProcessInfo {
  pid: number;
  ppid: number;
  uid: number;
  cmdline: string;
}

function listProcesses(): ProcessInfo[] {
  const found: ProcessInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const status = readFileSync(`/proc/${name}/status`, 'utf8');
      found.push({
        pid: Number(name),
        ppid: Number(/^PPid:\s+(\d+)/m.exec(status)![1]),
        uid: Number(/^Uid:\s+(\d+)/m.exec(status)![1]),
        cmdline: readFileSync(`/proc/${name}/cmdline`, 'utf8').replaceAll('\0', ' '),
      });
    } catch {
      // the process ended while being read
    }
  }
  return found;
}

/** Every process descended from this one: the pool's browsers and their children. */
function findBrowserProcesses(): ProcessInfo[] {
  const all = listProcesses();
  const parents = new Map(all.map((p) => [p.pid, p.ppid]));
  const descends = (pid: number): boolean => {
    for (let at = parents.get(pid); at !== undefined && at > 1; at = parents.get(at)) {
      if (at === process.pid) return true;
    }
    return false;
  };
  return all.filter((p) => descends(p.pid) && p.cmdline.includes('chromium'));
}

const skip =
  findChromiumSkipReason() ??
  (process.getuid?.() === 0 ? undefined : 'the service runs as root only in this test');

describe('the capture browser of a root service', { skip }, () => {
  let dir: string;
  let keyPath: string;
  let publicPath: string;
  let pool: BrowserPool;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sealchain-browser-user-'));
    // As a node lays out its data directory: keys 0600 in a 0700 folder.
    mkdirSync(join(dir, 'data', 'keys'), { recursive: true, mode: 0o700 });
    chmodSync(join(dir, 'data'), 0o700);
    keyPath = join(dir, 'data', 'keys', 'evidence.sequencer.key');
    writeFileSync(keyPath, 'PRIVATE+KEY+evidence.example+00000000+secret-key-text\n', { mode: 0o600 });
    // A control any user may read, to show file:// itself works.
    chmodSync(dir, 0o755);
    publicPath = join(dir, 'public.txt');
    writeFileSync(publicPath, 'anyone may read this', { mode: 0o644 });
    pool = new BrowserPool({ size: 1, executablePath: TEST_CHROMIUM });
  });

  after(async () => {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every browser process as an unprivileged user, sandboxed, unable to read the keys', async () => {
    const expected = resolveBrowserUser('auto')!;
    assert.notEqual(expected.uid, 0);
    const lease = await pool.acquire();
    try {
      assert.ok(!lease.launchArgs.includes('--no-sandbox'));
      const processes = findBrowserProcesses();
      assert.ok(processes.length >= 2, `browser processes: ${processes.length}`);
      for (const found of processes) assert.equal(found.uid, expected.uid, found.cmdline.slice(0, 120));
      const page = await lease.browser.newPage();
      await page.goto(`file://${publicPath}`);
      assert.match(await page.content(), /anyone may read this/);
      // Chromium's sandbox: renderers in a user namespace of their own, under a seccomp filter.
      const renderers = findBrowserProcesses().filter((p) => p.cmdline.includes('--type=renderer'));
      assert.ok(renderers.length >= 1);
      for (const renderer of renderers) {
        assert.notEqual(readlinkSync(`/proc/${renderer.pid}/ns/user`), readlinkSync('/proc/self/ns/user'));
        assert.match(readFileSync(`/proc/${renderer.pid}/status`, 'utf8'), /^Seccomp:\s+2$/m);
      }
      const denied = await page.goto(`file://${keyPath}`).then(
        async () => page.content(),
        (error: unknown) => String(error),
      );
      assert.doesNotMatch(denied, /secret-key-text/);
      assert.match(denied, /ERR_ACCESS_DENIED|ERR_FILE_NOT_FOUND/);
      await page.close();
    } finally {
      lease.release();
    }
  });
});
