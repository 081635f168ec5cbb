import {
  auditServedLog,
  readConsortiumFile,
  TlogClient,
  type ServedLogAuditReport,
} from '../consortium/index.ts';
import { rfc6962 } from '../merkle/index.ts';
import { findTrustedChain } from '../verify/index.ts';
import type { CommandOutput } from './output.ts';
import { ProgressBar } from './progress.ts';

/**
 * `sealchain audit --server URL`: audits a running node's chain through its C2SP tlog-tiles read
 * API alone, with the sequencer key of the trust file; the node keeps running.
 */
export async function auditServer(
  server: string,
  chainName: string,
  trustPath: string,
  output: CommandOutput,
): Promise<ServedLogAuditReport> {
  const chain = findTrustedChain(await readConsortiumFile(trustPath), chainName);
  let progress: ProgressBar | undefined;
  let hashed = 0;
  try {
    return await auditServedLog({
      client: new TlogClient(new URL(`/log/${chain.name}`, server).href),
      hasher: rfc6962(chain.hashAlgorithm),
      origin: chain.origin,
      logKey: chain.sequencer.key,
      onProgress: (entriesHashed, treeSize) => {
        progress ??= new ProgressBar(output, `auditing ${chain.name}`, treeSize);
        progress.advance(entriesHashed - hashed);
        hashed = entriesHashed;
      },
    });
  } finally {
    progress?.finish();
  }
}
