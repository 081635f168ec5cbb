import { readFileSync } from 'node:fs';

const HELP = `sealchain — consortium evidence chain and copyright protection

Usage: sealchain <command> [options]

Commands:
  help           show this help
  version        print the version
  fingerprint    ISCC codes and perceptual hashes of files (fingerprint FILE... [--json])

Run "sealchain help" for this text. More commands arrive with the node (see README.md).`;

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Runs the command line; returns the process exit status. */
export async function runCli(argv: readonly string[]): Promise<number> {
  const [command = 'help'] = argv;
  switch (command) {
    case 'help':
    case '--help':
    case '-h':
      console.log(HELP);
      return 0;
    case 'version':
    case '--version':
      console.log(readVersion());
      return 0;
    case 'fingerprint': {
      const { runFingerprintCommand } = await import('./fingerprint.ts');
      return runFingerprintCommand(argv.slice(1));
    }
    default:
      console.error(`sealchain: unknown command "${command}". Run "sealchain help".`);
      return 2;
  }
}
