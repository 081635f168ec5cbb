import { parseTaggedDigest } from '../crypto/index.ts';
import {
  CheckpointChecker,
  checkBundle,
  findTrustedChain,
  parseBundle,
  parseTrustFile,
} from '../verify/index.ts';
import { parseCommandArgs } from './args.ts';
import { CliError } from './errors.ts';
import { digestFile } from './file-digest.ts';
import { EXIT_FAILED, EXIT_OK, type CommandOutput } from './output.ts';
import { formatReport, readSmallFile } from './verify-report.ts';

export const VERIFY_USAGE = `Usage: sealchain verify BUNDLE [FILE] [--trust data/consortium.json] [--json]

Checks a proof bundle offline against the consortium trust file: the entry, its leaf hash, the
inclusion proof, the sequencer's signature on the checkpoint, witness cosignatures, the receipt
(signed by the sequencer's key, for this entry's origin, index, leaf hash and time), and, given
FILE, that the file's digest is the one deposited. Exit status 0 only if every check
passed. --json prints the full report for scripts. A saved "not final yet" (202) answer of the
bundle endpoint is no bundle and is refused as such (BUNDLE_PENDING).

sealchain verify CERTIFICATE.pdf checks the proof bundle embedded in a certificate PDF and that the
certificate's stated number and digest are the bundle's.`;

/** `sealchain verify`: offline verification through src/verify. */
export async function runVerifyCommand(args: readonly string[], output: CommandOutput): Promise<number> {
  if (args.some((arg) => arg.endsWith('.wacz')))
    return (await import('./capture.ts')).runVerifyCaptureCommand(args, output);
  if (args.some((arg) => arg.toLowerCase().endsWith('.pdf')))
    return (await import('./verify-certificate.ts')).runVerifyCertificateCommand(args, output);
  const registration = await import('./register.ts');
  if (registration.isRegistrationVerify(args)) return registration.runVerifyRegistrationCommand(args, output);
  const { values, positionals } = parseCommandArgs(args, {
    trust: { type: 'string' },
    json: { type: 'boolean' },
  });
  const [bundlePath, filePath, ...rest] = positionals;
  if (bundlePath === undefined || rest.length > 0) throw new CliError('USAGE_INVALID', VERIFY_USAGE);
  const trustPath = typeof values['trust'] === 'string' ? values['trust'] : 'data/consortium.json';
  const trust = parseTrustFile(await readSmallFile(trustPath, 'trust file'));
  const bundle = parseBundle(await readSmallFile(bundlePath, 'bundle'));
  const options =
    filePath === undefined
      ? {}
      : {
          fileDigest: parseTaggedDigest(
            (await digestFile(filePath, findTrustedChain(trust, bundle.chain).hashAlgorithm)).digest,
          ),
        };
  // A checker of its own: the shared one caches outcomes by origin and note text, not by the keys
  // trusted, so in a long-lived process another trust file could be answered from its cache.
  const report = checkBundle(bundle, trust, options, new CheckpointChecker());
  if (values['json'] === true) output.out(JSON.stringify(report, null, 2));
  else for (const line of formatReport(report, bundlePath)) output.out(line);
  return report.ok ? EXIT_OK : EXIT_FAILED;
}
