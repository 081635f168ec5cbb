import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import {
  describeConsortium,
  initConsortium,
  locateConsortiumFile,
  readConsortiumFile,
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
import { parseCommandArgs, readIntegerOption } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';

export const CONSORTIUM_USAGE = `Usage: sealchain consortium init [--data ./data] [--name NAME] [--url MEMBER=URL]... [--quorum 2]
                                [--hash sha256|sm3] [--max-merge-delay-ms 10000]
       sealchain consortium show [--data ./data | --file FILE] [--json]
       sealchain consortium keygen (--sequencer ORIGIN | --witness KEY-NAME) --out FILE

init writes a local consortium with fresh keys: <data>/consortium.json (the trust file: chains
evidence and works, witnesses court, copyright-center and notary, quorum 2 of 3) and each private
key in <data>/keys/ (mode 0600; never printed). --url gives a member's base URL (court,
copyright-center, notary). show prints the consortium file readably. keygen creates one member's
own key for a real deployment and prints only its public key, for the consortium file.`;

const MEMBERS: readonly DefaultMemberName[] = ['court', 'copyright-center', 'notary'];

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
    quorum: readIntegerOption(values['quorum'], 'quorum', 2, 0, MEMBERS.length),
    hashAlgorithm: hash,
    maxMergeDelayMs: readIntegerOption(
      values['max-merge-delay-ms'],
      'max-merge-delay-ms',
      10_000,
      1,
      86_400_000,
    ),
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
  });
  if (positionals.length > 0) throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
  const path =
    typeof values['file'] === 'string'
      ? values['file']
      : locateConsortiumFile(typeof values['data'] === 'string' ? values['data'] : 'data');
  const trust = await readConsortiumFile(path);
  if (values['json'] === true) {
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
  } else output.out(describeConsortium(trust).trimEnd());
  return EXIT_OK;
}

async function runKeygen(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    sequencer: { type: 'string' },
    witness: { type: 'string' },
    out: { type: 'string' },
  });
  const sequencer = values['sequencer'];
  const witness = values['witness'];
  const out = values['out'];
  if (
    positionals.length > 0 ||
    typeof out !== 'string' ||
    (typeof sequencer === 'string') === (typeof witness === 'string')
  ) {
    throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
  }
  const key =
    typeof sequencer === 'string'
      ? createSignerKey(sequencer, KEY_TYPE_ED25519)
      : createSignerKey(String(witness), KEY_TYPE_COSIGNATURE_V1);
  await mkdir(dirname(out), { recursive: true, mode: 0o700 });
  await writeSignerKeyFile(out, key);
  output.out(`wrote the private key to ${out} (mode 0600); its public key, for the consortium file:`);
  output.out(formatVerifierKey(toVerifierKey(key)));
  return EXIT_OK;
}

/** `sealchain consortium init|show|keygen`. */
export async function runConsortiumCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'init') return runInit(rest, output);
  if (action === 'show') return runShow(rest, output);
  if (action === 'keygen') return runKeygen(rest, output);
  throw new CliError('USAGE_INVALID', CONSORTIUM_USAGE);
}
