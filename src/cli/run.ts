import { readFileSync } from 'node:fs';
import { isSealchainError } from '../errors/index.ts';
import {
  CONSOLE_OUTPUT,
  describeCliError,
  EXIT_FAILED,
  EXIT_OK,
  EXIT_USAGE,
  type CommandOutput,
} from './output.ts';

const HELP = `sealchain — consortium evidence chain and copyright protection

Usage: sealchain <command> [options]

Commands:
  start          run the local consortium: both chains and three witnesses (start [--port 8080] [--data ./data])
  node           run one role of one member for a real deployment (node --config FILE)
  worker         run job handlers (web captures) in a process of their own, on the node's PostgreSQL (worker --config FILE [--queues capture] [--concurrency N])
  consortium     a member's keys and member file, the consortium file and its digest (consortium member init | assemble | show | init | keygen)
  unit           manage a node's application units, or make its admin token (unit add NAME [--org ORG] | list | revoke ID | admin-token)
  principal      manage principals of any role and organisations (principal add NAME --org ORG --role judge | list | rotate-key NAME | org-add ORG)
  user           manage web portal accounts (user add NAME --org ORG --role judge | list | disable NAME | reset-password NAME)
  deposit        hash files and deposit their digests (deposit FILE... [--chain evidence] [--wait [--timeout S]])
  register       register a work on the works chain (register FILE --title T --type image --author A --holder H)
  review         a registrar's review of registrations held as similar to earlier ones (review list | approve NUMBER | reject NUMBER --reason TEXT)
  verify         check a proof bundle or certificate PDF offline, or a registration or licence by its number (verify BUNDLE [FILE] | CERTIFICATE.pdf | NUMBER --server URL)
  verification   have the node verify and record a bundle or an entry (verification record BUNDLE | --chain works --index N [--case CASE])
  capture        capture a web page as evidence in a clean browser (capture URL [--out DIR])
  audit          recompute a chain from its entries and check it, as stored (node stopped) or served (audit [--chain evidence] [--server URL])
  fingerprint    ISCC codes and perceptual hashes of files (fingerprint FILE... [--json])
  help           show this help ("sealchain help COMMAND" for one command)
  version        print the version`;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

async function showCommandHelp(command: string | undefined, output: CommandOutput): Promise<number> {
  const usages: Record<string, () => Promise<string>> = {
    start: async () => (await import('./start.ts')).START_USAGE,
    node: async () => (await import('./node.ts')).NODE_USAGE,
    worker: async () => (await import('./worker.ts')).WORKER_USAGE,
    consortium: async () => (await import('./consortium.ts')).CONSORTIUM_USAGE,
    unit: async () => (await import('./unit.ts')).UNIT_USAGE,
    principal: async () => (await import('./principal.ts')).PRINCIPAL_USAGE,
    user: async () => (await import('./user.ts')).USER_USAGE,
    deposit: async () => (await import('./deposit.ts')).DEPOSIT_USAGE,
    register: async () => (await import('./register.ts')).REGISTER_USAGE,
    review: async () => (await import('./review.ts')).REVIEW_USAGE,
    verify: async () => (await import('./verify.ts')).VERIFY_USAGE,
    verification: async () => (await import('./verification.ts')).VERIFICATION_USAGE,
    capture: async () => (await import('./capture.ts')).CAPTURE_USAGE,
    audit: async () => (await import('./audit.ts')).AUDIT_USAGE,
    fingerprint: async () => (await import('./fingerprint.ts')).FINGERPRINT_USAGE,
  };
  const usage = command === undefined ? undefined : usages[command];
  output.out(usage === undefined ? HELP : await usage());
  return EXIT_OK;
}

async function dispatch(command: string, args: readonly string[], output: CommandOutput): Promise<number> {
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      return showCommandHelp(args[0], output);
    case 'version':
    case '--version':
      output.out(readVersion());
      return EXIT_OK;
    case 'start':
      return (await import('./start.ts')).runStartCommand(args, output);
    case 'node':
      return (await import('./node.ts')).runNodeCommand(args, output);
    case 'worker':
      return (await import('./worker.ts')).runWorkerCommand(args, output);
    case 'consortium':
      return (await import('./consortium.ts')).runConsortiumCommand(args, output);
    case 'unit':
      return (await import('./unit.ts')).runUnitCommand(args, output);
    case 'principal':
      return (await import('./principal.ts')).runPrincipalCommand(args, output);
    case 'user':
      return (await import('./user.ts')).runUserCommand(args, output);
    case 'deposit':
      return (await import('./deposit.ts')).runDepositCommand(args, output);
    case 'register':
      return (await import('./register.ts')).runRegisterCommand(args, output);
    case 'review':
      return (await import('./review.ts')).runReviewCommand(args, output);
    case 'verify':
      return (await import('./verify.ts')).runVerifyCommand(args, output);
    case 'verification':
      return (await import('./verification.ts')).runVerificationCommand(args, output);
    case 'capture':
      return (await import('./capture.ts')).runCaptureCommand(args, output);
    case 'audit':
      return (await import('./audit.ts')).runAuditCommand(args, output);
    case 'fingerprint': {
      const { runFingerprintCommand } = await import('./fingerprint.ts');
      return runFingerprintCommand(args);
    }
    default:
      output.err(`sealchain: unknown command "${command}". Run "sealchain help".`);
      return EXIT_USAGE;
  }
}

/** Runs the command line; returns the process exit status (0 success, 1 failure, 2 usage, others in a command's help). */
export async function runCli(
  argv: readonly string[],
  output: CommandOutput = CONSOLE_OUTPUT,
): Promise<number> {
  const [command = 'help', ...args] = argv;
  try {
    return await dispatch(command, args, output);
  } catch (error) {
    output.err(`sealchain ${command}: ${describeCliError(error)}`);
    return isSealchainError(error) && error.code === 'USAGE_INVALID' ? EXIT_USAGE : EXIT_FAILED;
  }
}
