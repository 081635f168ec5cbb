// The local consortium of `sealchain start` in this process, for tests: both chains and the four
// witnesses on 127.0.0.1 behind one free port, each node's PGlite directory copied from the
// template (initdb takes seconds), fast timings, and one application unit that works on both chains.
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  locateLocalNode,
  startLocalConsortium,
  type LocalConsortiumOptions,
  type RunningConsortium,
} from '../src/node/index.ts';
import { createPgliteDir } from '../src/store/test-support/databases.ts';
import { randomDigest, sendRequest, type Answer, type RequestInit2 } from './api-node-support.ts';
import { FAST_SEQUENCER } from './e2e-consortium-support.ts';

const LOCAL_NODES = [
  'witness-court',
  'witness-copyright-center',
  'witness-notary',
  'witness-forensics',
  'evidence',
  'works',
];

export interface TestConsortium {
  running: RunningConsortium;
  url: string;
  dataDir: string;
  trustPath: string;
  apiKey: string;
  /** Errors the nodes logged; a test expecting none asserts it is empty. */
  loggedErrors: string[];
  request(path: string, init?: RequestInit2): Promise<Answer>;
  /** A request answered by the node of `chain` itself, not through the gateway's routing. */
  requestNode(chain: string, path: string, init?: RequestInit2): Promise<Answer>;
  /** Deposits one random digest on `chain` and resolves its index once the entry is final. */
  depositFinal(chain: string): Promise<{ index: number; bundle: Answer }>;
  close(): Promise<void>;
}

export async function startTestConsortium(
  options: Partial<LocalConsortiumOptions> = {},
): Promise<TestConsortium> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sealchain-local-'));
  for (const node of LOCAL_NODES) {
    const located = locateLocalNode(dataDir, node);
    mkdirSync(located.dataDir, { recursive: true });
    renameSync(await createPgliteDir(), join(located.dataDir, 'pglite'));
  }
  const loggedErrors: string[] = [];
  const running = await startLocalConsortium(
    {
      dataDir,
      port: 0,
      shutdownGraceMs: 1_000,
      ledger: FAST_SEQUENCER.ledger,
      consortium: FAST_SEQUENCER.consortiumOptions,
      ...options,
    },
    (message, error) =>
      loggedErrors.push(`${message}: ${error instanceof Error ? error.message : String(error)}`),
    () => undefined,
  );
  const request = (path: string, init?: RequestInit2) => sendRequest(running.url, path, init);
  // A court clerk who also deposits: the court's unit key in the tests that record verifications.
  const unit = await request('/v1/principals', {
    token: running.adminToken!,
    json: { name: 'court-clerk', organisation: 'court', roles: ['unit', 'clerk'] },
  });
  if (unit.status !== 201) throw new Error(`unit creation answered ${unit.status}: ${unit.text}`);
  const apiKey: string = unit.json.apiKey;
  const consortium: TestConsortium = {
    running,
    url: running.url,
    dataDir,
    trustPath: running.consortiumFile,
    apiKey,
    loggedErrors,
    request,
    async requestNode(chain, path, init = {}) {
      const node = running.sequencers.get(chain);
      if (node === undefined) throw new Error(`no node of chain ${chain}`);
      return sendRequest(running.url, path, init, (url, requestInit) =>
        Promise.resolve(node.app.fetch(new Request(url, requestInit))),
      );
    },
    async depositFinal(chain) {
      const deposit = await request(`/v1/chains/${chain}/entries`, {
        token: apiKey,
        json: { digest: randomDigest() },
      });
      if (deposit.status !== 201) throw new Error(`deposit answered ${deposit.status}: ${deposit.text}`);
      const index: number = deposit.json.index;
      const bundle = await request(`/v1/chains/${chain}/entries/${index}/bundle?wait=final&timeoutMs=20000`);
      if (bundle.status !== 200 || bundle.headers.get('sealchain-finality') !== 'final') {
        throw new Error(`the bundle of ${chain}:${index} is not final: ${bundle.status} ${bundle.text}`);
      }
      return { index, bundle };
    },
    async close() {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return consortium;
}
