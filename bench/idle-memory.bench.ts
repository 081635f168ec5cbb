// Idle memory of the local consortium (issue 22): the resident set (RSS) of `sealchain start` as a
// child process, ready and then idle for SEALCHAIN_BENCH_IDLE_SECONDS (60 by default), at its
// first start on an empty data directory and again after a restart on it; beside the RSS of a
// bare Node.js process measured in the same run. Goal: under 500 MB idle.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printRow } from './harness.ts';

const SEALCHAIN = fileURLToPath(new URL('../bin/sealchain.js', import.meta.url));
const IDLE_SECONDS = Number(process.env['SEALCHAIN_BENCH_IDLE_SECONDS'] ?? 60);
const GOAL_MB = 500;

function readRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1]);
  return kb / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGINT');
  });
}

/** Starts `sealchain start` on dataDir, waits until /readyz answers, then IDLE_SECONDS; returns RSS figures. */
async function measureStart(dataDir: string): Promise<{ readyMb: number; idleMb: number; nodes: number }> {
  const child = spawn(process.execPath, [SEALCHAIN, 'start', '--port', '0', '--data', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr!.resume();
    let url: string | undefined;
    for (let i = 0; i < 1_200 && url === undefined; i += 1) {
      url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      await sleep(100);
    }
    if (url === undefined) throw new Error(`sealchain start printed no URL: ${output}`);
    while ((await fetch(`${url}/readyz`).catch(() => undefined))?.status !== 200) await sleep(100);
    const readyMb = readRssMb(child.pid!);
    await sleep(IDLE_SECONDS * 1000);
    const idleMb = readRssMb(child.pid!);
    const trust = JSON.parse(readFileSync(join(dataDir, 'consortium.json'), 'utf8')) as {
      chains: { witnesses: unknown[] }[];
      members: unknown[];
    };
    const witnesses = new Set(trust.chains.flatMap((chain) => chain.witnesses.map((w) => JSON.stringify(w))));
    return { readyMb, idleMb, nodes: trust.chains.length + witnesses.size };
  } finally {
    await stop(child);
  }
}

async function measureBareNode(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await sleep(1_000);
  const rss = readRssMb(child.pid!);
  await stop(child);
  return rss;
}

export async function runBench(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-idle-'));
  try {
    const bare = await measureBareNode();
    for (const phase of ['first start', 'restart'] as const) {
      const figures = await measureStart(dataDir);
      printRow({
        name: `sealchain start (${phase}, ${figures.nodes} nodes): RSS when /readyz is ready`,
        value: figures.readyMb,
        unit: 'MB',
        baselineName: 'bare node process',
        baselineValue: bare,
      });
      printRow({
        name: `sealchain start (${phase}, ${figures.nodes} nodes): RSS after ${IDLE_SECONDS} s idle`,
        value: figures.idleMb,
        unit: 'MB',
        baselineName: 'bare node process',
        baselineValue: bare,
        goal: `< ${GOAL_MB} MB`,
        met: figures.idleMb < GOAL_MB,
      });
      printRow({
        name: `sealchain start (${phase}): RSS per node above a bare node process`,
        value: (figures.idleMb - bare) / figures.nodes,
        unit: 'MB',
        baselineName: 'bare node process',
        baselineValue: bare,
      });
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
