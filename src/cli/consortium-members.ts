import {
  assembleConsortium,
  createConsortiumFile,
  describeConsortium,
  digestConsortiumFile,
  initMember,
  readMemberFile,
} from '../consortium/index.ts';
import { formatVerifierKey, isHashAlgorithm } from '../crypto/index.ts';
import { MEMBER_ROLES, type MemberRole } from '../verify/index.ts';
import { parseCommandArgs, readIntegerOption, readMaxMergeDelayOption } from './args.ts';
import { CliError } from './errors.ts';
import { EXIT_OK, type CommandOutput } from './output.ts';

// A consortium of organisations that each keep their own keys: every member writes its public
// member file, one member (or each) assembles the consortium file from all of them, and every
// member compares the file's digest out of band before anyone starts a node.

export const MEMBER_INIT_USAGE = `Usage: sealchain consortium member init --name NAME --role ROLE [--display-name TEXT]
                                      [--sequencer CHAIN[=ORIGIN]]... [--witness] [--witness-key-name NAME]
                                      --url BASE [--witness-url BASE] --keys DIR --out FILE

Creates this member's private keys in DIR (a 0700 folder, each key a 0600 file, never over an
existing one) and writes FILE, its public member file, for the other members: its name, its role
(${MEMBER_ROLES.join(', ')}), the chains it
sequences (origin defaults to <host of BASE>/<chain>), its witness key (named
<host of BASE>/witness unless --witness-key-name) and URLs: BASE/log/<chain> for a sequencer,
BASE/witness/<name> for the witness (--witness-url when the witness has a base of its own).
Prints the public keys; never a private one.`;

export const ASSEMBLE_USAGE = `Usage: sealchain consortium assemble MEMBER-FILE... --name NAME --out FILE [--chains evidence,works]
                                  [--quorum N] [--hash sha256|sm3] [--max-merge-delay-ms 10000]

Builds the consortium file from the members' member files: every witness witnesses every chain,
and cosignatures of N independent witnesses (of organisations other than the chain's sequencer's;
default a majority of them) make a checkpoint final. Refuses member files that clash (one name,
key, chain or origin twice), a chain of --chains that no member sequences, and a quorum larger than
a chain's independent witnesses; writes nothing then. Prints the file's digest (SHA-256 of its RFC 8785
canonical form): every member compares it with \`sealchain consortium show --file FILE --digest\`.`;

function readSequencerOptions(values: unknown): { chain: string; origin?: string }[] {
  return (Array.isArray(values) ? values : []).map((item) => {
    const [chain = '', ...rest] = String(item).split('=');
    const origin = rest.join('=');
    if (chain === '' || (rest.length > 0 && origin === '')) {
      throw new CliError('USAGE_INVALID', '--sequencer takes CHAIN or CHAIN=ORIGIN');
    }
    return rest.length === 0 ? { chain } : { chain, origin };
  });
}

function readText(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value === '') throw new CliError('USAGE_INVALID', `--${name} is required`);
  return value;
}

async function runMemberInit(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    name: { type: 'string' },
    role: { type: 'string' },
    'display-name': { type: 'string' },
    sequencer: { type: 'string', multiple: true },
    witness: { type: 'boolean' },
    'witness-key-name': { type: 'string' },
    url: { type: 'string' },
    'witness-url': { type: 'string' },
    keys: { type: 'string' },
    out: { type: 'string' },
  });
  if (positionals.length > 0) throw new CliError('USAGE_INVALID', MEMBER_INIT_USAGE);
  const role = readText(values, 'role');
  if (!MEMBER_ROLES.includes(role as MemberRole)) {
    throw new CliError('USAGE_INVALID', `--role must be one of ${MEMBER_ROLES.join(', ')}`);
  }
  const optional = (name: string) =>
    typeof values[name] === 'string' ? (values[name] as string) : undefined;
  const displayName = optional('display-name');
  const witnessUrl = optional('witness-url');
  const witnessKeyName = optional('witness-key-name');
  const witness = values['witness'] === true;
  if (!witness && (witnessUrl !== undefined || witnessKeyName !== undefined)) {
    throw new CliError('USAGE_INVALID', '--witness-url and --witness-key-name need --witness');
  }
  const created = await initMember({
    name: readText(values, 'name'),
    role: role as MemberRole,
    ...(displayName === undefined ? {} : { displayName }),
    sequencers: readSequencerOptions(values['sequencer']),
    witness,
    url: readText(values, 'url'),
    ...(witnessUrl === undefined ? {} : { witnessUrl }),
    ...(witnessKeyName === undefined ? {} : { witnessKeyName }),
    keyDir: readText(values, 'keys'),
    memberFile: readText(values, 'out'),
  });
  const { member } = created;
  output.out(
    `wrote ${created.keyFiles.length} private key${created.keyFiles.length === 1 ? '' : 's'} (mode 0600): ${created.keyFiles.join(', ')}`,
  );
  output.out(`wrote the member file ${created.memberFile}; send it to the other members. Its public keys:`);
  for (const s of member.sequencers) output.out(`  sequencer of ${s.chain}  ${formatVerifierKey(s.key)}`);
  if (member.witness !== undefined)
    output.out(`  witness ${member.name}  ${formatVerifierKey(member.witness.key)}`);
  if (member.service !== undefined)
    output.out(`  service key of ${member.name}  ${formatVerifierKey(member.service.key)}`);
  return EXIT_OK;
}

/** `sealchain consortium member init`. */
export async function runMemberCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  const [action, ...rest] = args;
  if (action === 'init') return runMemberInit(rest, output);
  throw new CliError('USAGE_INVALID', MEMBER_INIT_USAGE);
}

/** `sealchain consortium assemble MEMBER-FILE... --name NAME --out FILE`. */
export async function runAssembleCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {
    name: { type: 'string' },
    out: { type: 'string' },
    chains: { type: 'string' },
    quorum: { type: 'string' },
    hash: { type: 'string' },
    'max-merge-delay-ms': { type: 'string' },
  });
  if (positionals.length === 0) throw new CliError('USAGE_INVALID', ASSEMBLE_USAGE);
  const name = readText(values, 'name');
  const out = readText(values, 'out');
  const hash = values['hash'] ?? 'sha256';
  if (!isHashAlgorithm(hash)) throw new CliError('USAGE_INVALID', '--hash must be sha256 or sm3');
  const chains =
    typeof values['chains'] === 'string' ? values['chains'].split(',').map((c) => c.trim()) : undefined;
  const sources = [];
  for (const file of positionals) sources.push({ file, member: await readMemberFile(file) });
  const trust = assembleConsortium(sources, {
    name,
    chains,
    quorum:
      values['quorum'] === undefined ? undefined : readIntegerOption(values['quorum'], 'quorum', 1, 1, 64),
    hashAlgorithm: hash,
    maxMergeDelayMs: readMaxMergeDelayOption(values['max-merge-delay-ms']),
  });
  const text = await createConsortiumFile(out, trust);
  output.out(`wrote ${out}`);
  output.out('');
  output.out(describeConsortium(trust).trimEnd());
  output.out('');
  output.out(`digest ${digestConsortiumFile(text)}`);
  output.out(
    `Every member runs \`sealchain consortium show --file ${out} --digest\` on the file it received and`,
  );
  output.out('compares the digest with this one, by phone or in person, before starting a node.');
  return EXIT_OK;
}
