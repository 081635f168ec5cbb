import { dirname } from 'node:path';
import {
  locateKeyFilesIn,
  readConsortiumFile,
  readServiceKeyFile,
  readSignerKeyFile,
} from '../consortium/index.ts';
import { findTrustedChain } from '../verify/index.ts';
import { holdDataDir } from './data-lock.ts';
import { ApiError } from '../api/index.ts';
import { listenFetch } from './http-listen.ts';
import type { NodeConfig } from './node-config.ts';
import { logToStderr, openSequencerNode, type SequencerNode } from './node.ts';
import { openWitnessNode, type WitnessNode } from './witness-node.ts';

// `sealchain node --config FILE`: one role of one member in this process, listening on its own
// port, talking to the other members' nodes at the URLs of the consortium file. A sequencer serves
// the API and the web portal: its user accounts live in its database (its `databaseSchema`), and
// at the first start on an empty one it creates the first operator account of its member.

/** What a configured node takes from its environment rather than from its file. */
export interface ConfiguredNodeSecrets {
  /** The first operator's password (SEALCHAIN_OPERATOR_PASSWORD); a one-time one is made when absent. */
  operatorPassword?: string;
}

export interface RunningConfiguredNode {
  config: NodeConfig;
  url: string;
  /** What this process runs, e.g. `sequencer evidence` or `witness notary`. */
  description: string;
  sequencer?: SequencerNode;
  witness?: WitnessNode;
  /** The admin token of a sequencer at its first start. */
  adminToken: string | null;
  /** The first operator's one-time password, only at the start that created the account (and not from the environment). */
  operatorPassword: string | null;
  /** Resolves when the node stopped by itself (a sequencer that lost its lock); the process should exit non-zero. */
  halted: Promise<Error>;
  close: () => Promise<void>;
}

function asMap(record: Record<string, string> | undefined): ReadonlyMap<string, string> | undefined {
  return record === undefined ? undefined : new Map(Object.entries(record));
}

async function openConfigured(
  config: NodeConfig,
  logError: (message: string, error: unknown) => void,
  secrets: ConfiguredNodeSecrets,
) {
  const trust = await readConsortiumFile(config.consortium);
  const location = {
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    databaseSchema: config.databaseSchema,
  };
  if (config.role === 'sequencer') {
    const chain = findTrustedChain(trust, config.chain!);
    return holdDataDir(config.dataDir, async () => {
      const signer = await readSignerKeyFile(config.key, chain.sequencer.key);
      // The member's service key, when it has one, sits beside its sequencer key.
      const member = chain.sequencer.name;
      const serviceKey = await readServiceKeyFile(
        locateKeyFilesIn(dirname(config.key)).serviceKey(member),
        trust,
        member,
      );
      return openSequencerNode({
        ...location,
        trust,
        chainName: chain.name,
        signer,
        serviceKeys: new Map(serviceKey === undefined ? [] : [[member, serviceKey]]),
        ...(config.peers === undefined ? {} : { peerUrls: asMap(config.peers)! }),
        ...(config.adminTokenHash === undefined ? {} : { adminTokenHash: config.adminTokenHash }),
        ...(config.publicBaseUrl === undefined ? {} : { publicBaseUrl: config.publicBaseUrl }),
        firstOperator: {
          organisation: member,
          ...(secrets.operatorPassword === undefined ? {} : { password: secrets.operatorPassword }),
        },
        ledger: config.ledger ?? {},
        api: config.api ?? {},
        consortium: config.consortiumOptions ?? {},
        capture: { jobs: config.captureJobs },
        logError,
      });
    });
  }
  const listed = trust.chains.flatMap((chain) => chain.witnesses).find((w) => w.name === config.member);
  if (listed === undefined) {
    throw new ApiError(
      'NODE_OPTIONS_INVALID',
      `the consortium file has no witness ${JSON.stringify(config.member)}`,
      {
        details: { field: 'member' },
      },
    );
  }
  return holdDataDir(config.dataDir, async () => {
    const signer = await readSignerKeyFile(config.key, listed.key);
    return openWitnessNode({
      ...location,
      trust,
      member: listed.name,
      signer,
      audit: config.audit,
      ...(config.logUrls === undefined ? {} : { logUrls: asMap(config.logUrls)! }),
      options: config.witness ?? {},
      logError,
    });
  });
}

export async function startConfiguredNode(
  config: NodeConfig,
  logError: (message: string, error: unknown) => void = logToStderr,
  secrets: ConfiguredNodeSecrets = {},
): Promise<RunningConfiguredNode> {
  const node = await openConfigured(config, logError, secrets);
  let listening;
  try {
    listening = await listenFetch(node.app.fetch, config.port, config.host);
  } catch (error) {
    await node.close();
    throw error;
  }
  const sequencer = 'chain' in node ? node : undefined;
  if (
    sequencer !== undefined &&
    config.publicBaseUrl === undefined &&
    sequencer.chain.trusted.sequencer.url === undefined
  ) {
    sequencer.context.publicBaseUrl = listening.url;
  }
  node.setReady(true);
  const witness = 'member' in node ? node : undefined;
  let closing: Promise<void> | undefined;
  return {
    config,
    url: listening.url,
    description: sequencer !== undefined ? `sequencer ${sequencer.chain.name}` : `witness ${witness!.member}`,
    ...(sequencer === undefined ? {} : { sequencer }),
    ...(witness === undefined ? {} : { witness }),
    adminToken: sequencer?.adminToken ?? null,
    operatorPassword: sequencer?.operatorPassword ?? null,
    halted: sequencer?.halted ?? new Promise<Error>(() => undefined),
    close: () => {
      closing ??= (async () => {
        node.setReady(false);
        sequencer?.chain.watcher.close();
        await listening.stop(config.shutdownGraceMs);
        await node.close();
      })();
      return closing;
    },
  };
}
