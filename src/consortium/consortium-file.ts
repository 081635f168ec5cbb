import { open, rename } from 'node:fs/promises';
import { formatVerifierKey } from '../crypto/index.ts';
import { parseTrustFile, type TrustedSigner, type TrustFile } from '../verify/index.ts';
import { writeNewFile } from './new-file.ts';

// Writing the consortium file back (a local consortium whose members moved to another port), in
// the form `consortium init` writes: JSON with C2SP verifier keys, checked by src/verify's parser.

function signerToJson(signer: TrustedSigner) {
  return {
    name: signer.name,
    key: formatVerifierKey(signer.key),
    ...(signer.url === undefined ? {} : { url: signer.url }),
  };
}

/** The consortium file as JSON, in the form parseTrustFile reads back to the same file. */
export function consortiumFileToJson(trust: TrustFile): Record<string, unknown> {
  return {
    version: trust.version,
    name: trust.name,
    chains: trust.chains.map((chain) => ({
      name: chain.name,
      origin: chain.origin,
      hashAlgorithm: chain.hashAlgorithm,
      sequencer: signerToJson(chain.sequencer),
      witnesses: chain.witnesses.map(signerToJson),
      quorum: chain.quorum,
      maxMergeDelayMs: chain.maxMergeDelayMs,
    })),
    members: trust.members.map((m) => ({ ...m })),
    authorities: trust.authorities.map((a) => ({
      member: a.member,
      chain: a.chain,
      key: formatVerifierKey(a.key),
      types: [...a.types],
    })),
  };
}

/** The consortium file's text; throws VerifyError('TRUST_FILE_INVALID') if it would not parse back. */
export function formatConsortiumFile(trust: TrustFile): string {
  const text = `${JSON.stringify(consortiumFileToJson(trust), null, 2)}\n`;
  parseTrustFile(text);
  return text;
}

/** Writes the consortium file durably and atomically (mode 0644: it holds public keys only). */
export async function writeConsortiumFile(path: string, trust: TrustFile): Promise<void> {
  const temporary = `${path}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o644);
  try {
    await handle.writeFile(formatConsortiumFile(trust));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, path);
}

/**
 * Writes a new consortium file (mode 0644) and returns its text; never replaces a file already
 * there (CONSORTIUM_EXISTS), so an assembled file that members compared stays as it was.
 */
export async function createConsortiumFile(path: string, trust: TrustFile): Promise<string> {
  const text = formatConsortiumFile(trust);
  await writeNewFile(path, text, 0o644);
  return text;
}

/**
 * The consortium with each member's URLs under the base URL `baseUrlOf(member)` gives: a chain's
 * sequencer at `<base>/log/<chain>`, a witness at `<base>/witness/<member>`. Members for which
 * it gives undefined keep their URLs.
 */
export function relocateMembers(
  trust: TrustFile,
  baseUrlOf: (member: string) => string | undefined,
): TrustFile {
  const at = (signer: TrustedSigner, path: string): TrustedSigner => {
    const base = baseUrlOf(signer.name)?.replace(/\/+$/, '');
    return base === undefined ? signer : { ...signer, url: `${base}${path}` };
  };
  return {
    ...trust,
    chains: trust.chains.map((chain) => ({
      ...chain,
      sequencer: at(chain.sequencer, `/log/${chain.name}`),
      witnesses: chain.witnesses.map((w) => at(w, `/witness/${w.name}`)),
    })),
  };
}
