import { formatVerifierKey } from '../crypto/index.ts';
import {
  describeQuorumRule,
  type TrustedChain,
  type TrustedSigner,
  type TrustFile,
} from '../verify/index.ts';

// `sealchain consortium show`: the consortium file as a person reads it. Public keys only.

function formatDuration(ms: number): string {
  if (ms % 1000 !== 0) return `${ms} ms`;
  const seconds = ms / 1000;
  return seconds === 1 ? '1 second' : `${seconds} seconds`;
}

function formatSigner(signer: TrustedSigner, indent: string): string[] {
  const lines = [`${indent}${signer.name}`, `${indent}  key ${formatVerifierKey(signer.key)}`];
  if (signer.url !== undefined) lines.push(`${indent}  url ${signer.url}`);
  return lines;
}

function describeChain(chain: TrustedChain): string[] {
  const lines = [
    `Chain ${chain.name}`,
    `  origin           ${chain.origin}`,
    `  hash algorithm   ${chain.hashAlgorithm}`,
    `  max merge delay  ${formatDuration(chain.maxMergeDelayMs)}`,
    `  finality         ${describeQuorumRule(chain)}`,
    '  sequencer',
    ...formatSigner(chain.sequencer, '    '),
  ];
  lines.push(chain.witnesses.length === 0 ? '  witnesses        none' : '  witnesses');
  for (const witness of chain.witnesses) lines.push(...formatSigner(witness, '    '));
  return lines;
}

/** The consortium file as readable text, ending in a newline. */
export function describeConsortium(trust: TrustFile): string {
  const lines = [
    `Consortium ${trust.name} (trust file version ${trust.version})`,
    `${trust.chains.length} chain${trust.chains.length === 1 ? '' : 's'}, ${trust.members.length} member${trust.members.length === 1 ? '' : 's'}`,
    '',
  ];
  for (const chain of trust.chains) lines.push(...describeChain(chain), '');
  lines.push('Members');
  if (trust.members.length === 0) lines.push('  none');
  const width = Math.max(0, ...trust.members.map((m) => m.name.length));
  const roleWidth = Math.max(0, ...trust.members.map((m) => m.role.length));
  for (const member of trust.members) {
    const name = member.name.padEnd(width);
    const role = member.role.padEnd(roleWidth);
    lines.push(`  ${name}  ${role}  ${member.displayName ?? ''}`.trimEnd());
  }
  lines.push('', 'Authorities (service keys and the entry types they may sign)');
  if (trust.authorities.length === 0) lines.push('  none');
  for (const authority of trust.authorities) {
    lines.push(
      `  ${authority.member} on chain ${authority.chain}: ${authority.types.join(', ')}`,
      `    key ${formatVerifierKey(authority.key)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}
