import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import {
  DEFAULT_INDEPENDENT_WITNESSES,
  DEFAULT_MEMBER_NAMES,
  describeConsortium,
  initConsortium,
  locateConsortiumFile,
  readConsortiumFileDigest,
  writeSignerKeyFile,
  type DefaultMemberName,
} from '../consortium/index.ts';
import {
  createSignerKey,
  formatVerifierKey,
  isHashAlgorithm,
  KEY_TYPE_COSIGNATURE_V1,
  KEY_TYPE_ED25519,
  toVerifierKey,
} from '../crypto/index.ts';
import { parseCommandArgs, readIntegerOption, readMaxMergeDelayOption } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';
import {
  ASSEMBLE_USAGE,
  MEMBER_INIT_USAGE,
  runAssembleCommand,
  runMemberCommand,
} from './consortium-members.ts';

export const CONSORTIUM_USAGE = `Usage: sealchain consortium member init --name NAME --role ROLE [--sequencer CHAIN[=ORIGIN]]... [--witness]
                                      --url BASE [--witness-url BASE] --keys DIR --out FILE
       sealchain consortium assemble MEMBER-FILE... --name NAME --out FILE [--chains A,B] [--quorum N]
       sealchain consortium show [--data ./data | --file FILE] [--json | --digest]
       sealchain consortium init [--data ./data] [--name NAME] [--url MEMBER=URL]... [--quorum 2]
                                [--hash sha256|sm3] [--max-merge-delay-ms 10000]
       sealchain consortium keygen (--sequencer ORIGIN | --witness KEY-NAME | --service KEY-NAME) --out FILE

A real consortium: each organisation runs member init on its own machine (its private keys stay
there) and sends the member file; assemble builds the consortium file from all member files and
prints its digest; every member checks the file it received with show --digest (SHA-256 of the
file's RFC 8785 canonical form) and compares the digests out of band.

init writes a local consortium with fresh keys, for development and tests: <data>/consortium.json
(chains evidence and works, witnesses court, copyright-center, notary and forensics; each chain
final at 2 of its 3 independent witnesses, the sequencer's own witness not counting) and each
private key in <data>/keys/ (mode 0600; never printed); --url gives a member's base URL (court,
copyright-center, notary, forensics). show prints the consortium file readably with its digest (and the
authorities: which service key may sign which entry types on which chain). keygen
creates one key and prints only its public key.

${MEMBER_INIT_USAGE}

${ASSEMBLE_USAGE}`;

const MEMBERS = DEFAULT_MEMBER_NAMES;

function readMemberUrls(values: unknown): Partial<Record<DefaultMemberName, string>> {
  const urls: Partial<Record<DefaultMemberName, string>> = {};
  for (const item of Array.isArray(values) ? values : []) {
    const match = /^([a-z-]+)=(\S+)$/.exec(String(item));
    const member = match?.[1] as DefaultMemberName | undefined;
    if (match === null || member === undefined || !MEMBERS.includes(member)) {
      throw new CliError('USAGE_INVALID', `--url takes MEMBER=URL with MEMBER one of ${MEMBERS.join(', ')}`);
    }
    urls[member] = match[2]!;
  }
  return urls;
}

async function runInit(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    name: { type: 'string' },
    url: { type: 'string', multiple: true },
    quorum: { type: 'string' },
    hash: { type: 'string' },
    'max-merge-delay-ms': { type: 'string' },
  });
  if (positionals.length > 0) throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
  const hash = values['hash'] ?? 'sha256';
  if (!isHashAlgorithm(hash)) throw new CliError('USAGE_INVALID', '--hash must be sha256 or sm3');
  const dataDir = typeof values['data'] === 'string' ? values['data'] : 'data';
  const created = await initConsortium({
    dataDir,
    ...(typeof values['name'] === 'string' ? { name: values['name'] } : {}),
    memberUrls: readMemberUrls(values['url']),
    quorum: readIntegerOption(values['quorum'], 'quorum', 2, 0, DEFAULT_INDEPENDENT_WITNESSES),
    hashAlgorithm: hash,
    maxMergeDelayMs: readMaxMergeDelayOption(values['max-merge-delay-ms']),
  });
  output.out(
    `created ${created.consortiumFile} and ${created.keyFiles.length} private keys under ${dataDir}/keys (mode 0600)`,
  );
  output.out('');
  output.out(describeConsortium(created.trust).trimEnd());
  return EXIT_OK;
}

async function runShow(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    data: { type: 'string' },
    file: { type: 'string' },
    json: { type: 'boolean' },
    digest: { type: 'boolean' },
  });
  if (positionals.length > 0 || (values['json'] === true && values['digest'] === true)) {
    throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
  }
  const path =
    typeof values['file'] === 'string'
      ? values['file']
      : locateConsortiumFile(typeof values['data'] === 'string' ? values['data'] : 'data');
  const { trust, digest } = await readConsortiumFileDigest(path);
  if (values['digest'] === true) output.out(digest);
  else if (values['json'] === true) {
    output.out(
      JSON.stringify(
        trust,
        (key, value: unknown) =>
          key === 'key' && typeof value === 'object' && value !== null && 'keyId' in value
            ? formatVerifierKey(value as Parameters<typeof formatVerifierKey>[0])
            : value,
        2,
      ),
    );
  } else {
    output.out(describeConsortium(trust).trimEnd());
    output.out('');
    output.out(`digest ${digest}`);
  }
  return EXIT_OK;
}

async function runKeygen(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    sequencer: { type: 'string' },
    witness: { type: 'string' },
    service: { type: 'string' },
    out: { type: 'string' },
  });
  const sequencer = values['sequencer'];
  const witness = values['witness'];
  const service = values['service'];
  const out = values['out'];
  const kinds = [sequencer, witness, service].filter((value) => typeof value === 'string');
  if (positionals.length > 0 || typeof out !== 'string' || kinds.length !== 1) {
    throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
  }
  // A service key (entry signing, listed under the consortium file's authorities) is Ed25519 too.
  const key =
    typeof witness === 'string'
      ? createSignerKey(witness, KEY_TYPE_COSIGNATURE_V1)
      : createSignerKey(String(sequencer ?? service), KEY_TYPE_ED25519);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  await writeSignerKeyFile(out, key);
  output.out(`wrote the private key to ${out} (mode 0600); its public key, for the consortium file:`);
  output.out(formatVerifierKey(toVerifierKey(key)));
  return EXIT_OK;
}

/** `sealchain consortium member|assemble|show|init|keygen`. */
export async function runConsortiumCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'member') return runMemberCommand(rest, output);
  if (action === 'assemble') return runAssembleCommand(rest, output);
  if (action === 'init') return runInit(rest, output);
  if (action === 'show') return runShow(rest, output);
  if (action === 'keygen') return runKeygen(rest, output);
  throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
}
