import { bytesToHex, formatVerifierKey, isHashAlgorithm, type HashAlgorithm } from '../crypto/index.ts';
import {
  listIndependentWitnesses,
  parseTrustFile,
  TRUST_FILE_VERSION,
  VerifyError,
  type TrustFile,
} from '../verify/index.ts';
import { ConsortiumError } from './errors.ts';
import { serviceTypesOfRole, type MemberFile } from './member-file.ts';

// `sealchain consortium assemble`: the consortium file from the members' own member files. Every
// witness witnesses every chain. Members, witnesses and (unless listed) chains are sorted by name,
// so any member assembling the same member files gets the same file and the same digest.

export interface ConsortiumAssemblyOptions {
  /** The consortium's name in the file. */
  name: string;
  /** The chains, in this order; each needs a sequencer among the members. Default: those sequenced, by name. */
  chains: readonly string[] | undefined;
  /**
   * Independent witnesses (of organisations other than a chain's sequencer's) whose cosignatures
   * make a checkpoint final; default a majority of the fewest any chain has.
   */
  quorum: number | undefined;
  hashAlgorithm: HashAlgorithm;
  /** The chains' promise: a receipted entry is in a checkpoint within this many milliseconds. */
  maxMergeDelayMs: number;
}

export const DEFAULT_CONSORTIUM_ASSEMBLY_OPTIONS: Readonly<ConsortiumAssemblyOptions> = Object.freeze({
  name: 'sealchain',
  chains: undefined,
  quorum: undefined,
  hashAlgorithm: 'sha256',
  maxMergeDelayMs: 10_000,
});

/** A member file as read, with the name it came under (for messages). */
export interface MemberSource {
  file: string;
  member: MemberFile;
}

function optionsInvalid(message: string, key: string): ConsortiumError {
  return new ConsortiumError('CONSORTIUM_OPTIONS_INVALID', message, { details: { key } });
}

function resolveOptions(options: Partial<ConsortiumAssemblyOptions>): ConsortiumAssemblyOptions {
  for (const key of Object.keys(options)) {
    if (!Object.hasOwn(DEFAULT_CONSORTIUM_ASSEMBLY_OPTIONS, key)) {
      throw optionsInvalid(`unknown assembly option "${key}"`, key);
    }
  }
  const resolved = { ...DEFAULT_CONSORTIUM_ASSEMBLY_OPTIONS, ...options };
  if (typeof resolved.name !== 'string' || resolved.name === '' || resolved.name.length > 255) {
    throw optionsInvalid('the consortium name must be 1 to 255 characters', 'name');
  }
  if (!isHashAlgorithm(resolved.hashAlgorithm)) {
    throw optionsInvalid('hashAlgorithm must be sha256 or sm3', 'hashAlgorithm');
  }
  if (
    !Number.isSafeInteger(resolved.maxMergeDelayMs) ||
    resolved.maxMergeDelayMs < 1 ||
    resolved.maxMergeDelayMs > 86_400_000
  ) {
    throw optionsInvalid('maxMergeDelayMs must be a whole number from 1 to 86400000', 'maxMergeDelayMs');
  }
  if (resolved.quorum !== undefined && (!Number.isSafeInteger(resolved.quorum) || resolved.quorum < 1)) {
    throw optionsInvalid('the quorum must be a whole number of at least 1', 'quorum');
  }
  return resolved;
}

function duplicate(kind: string, value: string, files: readonly string[]): ConsortiumError {
  const what = kind === 'name' ? 'the member name' : `the ${kind}`;
  return new ConsortiumError('MEMBER_DUPLICATE', `${files[0]} and ${files[1]} both hold ${what} ${value}`, {
    details: { kind, value, files },
  });
}

/** Throws MEMBER_DUPLICATE when two member files share a name, a public key, a chain or an origin. */
function checkDistinct(sources: readonly MemberSource[]): void {
  const seen = new Map<string, string>();
  const claim = (kind: string, identity: string, shown: string, file: string) => {
    const earlier = seen.get(`${kind}\n${identity}`);
    if (earlier !== undefined) throw duplicate(kind, shown, [earlier, file]);
    seen.set(`${kind}\n${identity}`, file);
  };
  for (const { file, member } of sources) {
    claim('name', member.name, member.name, file);
    const keys = [
      ...member.sequencers.map((s) => s.key),
      ...(member.witness ? [member.witness.key] : []),
      ...(member.service ? [member.service.key] : []),
    ];
    for (const key of keys) {
      // One key pair under two names is still one key: compare the key material.
      claim('key', bytesToHex(key.publicKey), formatVerifierKey(key), file);
    }
    for (const sequencer of member.sequencers) {
      claim('chain', sequencer.chain, sequencer.chain, file);
      claim('origin', sequencer.origin, sequencer.origin, file);
    }
  }
}

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * The consortium file of the given member files. Throws MEMBER_DUPLICATE, CHAIN_SEQUENCER_MISSING,
 * QUORUM_UNREACHABLE or CONSORTIUM_OPTIONS_INVALID, each naming the member file or chain at fault.
 */
export function assembleConsortium(
  sources: readonly MemberSource[],
  options: Partial<ConsortiumAssemblyOptions> = {},
): TrustFile {
  const resolved = resolveOptions(options);
  if (sources.length === 0) throw optionsInvalid('give at least one member file', 'members');
  checkDistinct(sources);
  const members = sources.map((s) => s.member).sort(byName);
  const sequenced = new Map(
    sources.flatMap(({ file, member }) =>
      member.sequencers.map((s) => [s.chain, { file, member, s }] as const),
    ),
  );
  const chainNames = resolved.chains ?? [...sequenced.keys()].sort();
  if (chainNames.length === 0)
    throw new ConsortiumError('CHAIN_SEQUENCER_MISSING', 'no member file sequences a chain', {
      details: { chain: null },
    });
  if (new Set(chainNames).size !== chainNames.length)
    throw optionsInvalid('a chain is listed twice', 'chains');
  for (const chain of chainNames) {
    if (!sequenced.has(chain)) {
      throw new ConsortiumError(
        'CHAIN_SEQUENCER_MISSING',
        `no member file sequences the chain ${JSON.stringify(chain)}`,
        { details: { chain } },
      );
    }
  }
  for (const [chain, { file }] of sequenced) {
    if (!chainNames.includes(chain)) {
      throw optionsInvalid(
        `${file} sequences the chain ${JSON.stringify(chain)}, which is not among the consortium's chains (${chainNames.join(', ')})`,
        'chains',
      );
    }
  }
  const witnesses = members.flatMap((m) =>
    m.witness === undefined
      ? []
      : [
          {
            name: m.name,
            key: m.witness.key,
            ...(m.witness.url === undefined ? {} : { url: m.witness.url }),
          },
        ],
  );
  // The quorum counts witnesses of organisations other than a chain's sequencer's
  // (src/verify/independent-quorum.ts); the default is a majority of the fewest any chain has,
  // so that any two quorums share a witness.
  const independent = chainNames.map((chain) => {
    const sequencer = sequenced.get(chain)!.member.name;
    return {
      chain,
      sequencer,
      witnesses: listIndependentWitnesses({ sequencer: { name: sequencer }, witnesses }),
    };
  });
  const fewest = Math.min(...independent.map((c) => c.witnesses.length));
  const quorum = resolved.quorum ?? Math.floor(fewest / 2) + 1;
  for (const chain of independent) {
    if (quorum <= chain.witnesses.length) continue;
    const listed = chain.witnesses.length === 0 ? '' : ` (${chain.witnesses.join(', ')})`;
    throw new ConsortiumError(
      'QUORUM_UNREACHABLE',
      `a quorum of ${quorum} needs ${quorum} independent witnesses on chain ${chain.chain}, but the member files bring ${chain.witnesses.length} besides its sequencer's own (${chain.sequencer})${listed}`,
      { details: { quorum, witnesses: chain.witnesses.length, chain: chain.chain } },
    );
  }
  const document = {
    version: TRUST_FILE_VERSION,
    name: resolved.name,
    chains: chainNames.map((chain) => {
      const { member, s } = sequenced.get(chain)!;
      return {
        name: chain,
        origin: s.origin,
        hashAlgorithm: resolved.hashAlgorithm,
        sequencer: {
          name: member.name,
          key: formatVerifierKey(s.key),
          ...(s.url === undefined ? {} : { url: s.url }),
        },
        witnesses: witnesses.map((w) => ({ ...w, key: formatVerifierKey(w.key) })),
        quorum,
        maxMergeDelayMs: resolved.maxMergeDelayMs,
      };
    }),
    members: members.map((m) => ({
      name: m.name,
      role: m.role,
      ...(m.displayName === undefined ? {} : { displayName: m.displayName }),
    })),
    // A member's service key signs, on the first chain it sequences, the types of its role.
    authorities: members.flatMap((m) =>
      m.service === undefined || m.sequencers.length === 0
        ? []
        : [
            {
              member: m.name,
              chain: m.sequencers[0]!.chain,
              key: formatVerifierKey(m.service.key),
              types: serviceTypesOfRole(m.role),
            },
          ],
    ),
  };
  try {
    return parseTrustFile(document);
  } catch (cause) {
    if (!(cause instanceof VerifyError)) throw cause;
    throw new ConsortiumError(
      'CONSORTIUM_FILE_INVALID',
      `the assembled file would not be valid: ${cause.message}`,
      {
        cause,
        details: { ...cause.details },
      },
    );
  }
}
