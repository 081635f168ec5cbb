// The module dependency direction of ../shared/DESIGN.md, checked over import specifiers.
// `crypto ← merkle ← note ← verify`; `note ← ledger ← {consortium, registry, capture, monitor, cases}`;
// `store` implements ledger's and the services' interfaces; `api` and `cli` wire everything.

export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  accounts: ['errors'],
  crypto: ['errors'],
  merkle: ['errors', 'crypto'],
  note: ['errors', 'crypto', 'merkle'],
  verify: ['errors', 'crypto', 'merkle', 'note'],
  fingerprint: ['errors', 'crypto'],
  ledger: ['errors', 'crypto', 'merkle', 'note', 'verify'],
  consortium: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger'],
  capture: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger'],
  cases: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger'],
  certificate: ['errors', 'crypto', 'merkle', 'note', 'verify'],
  registry: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger', 'fingerprint', 'certificate'],
  monitor: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger', 'fingerprint', 'capture', 'registry'],
  services: ['errors', 'accounts'],
  store: [
    'errors',
    'accounts',
    'crypto',
    'merkle',
    'note',
    'ledger',
    'consortium',
    'capture',
    'registry',
    'monitor',
    'cases',
  ],
  api: ['*'],
  cli: ['*'],
};

/** Modules the browser verifier loads: no Node built-ins, no packages but the listed ones. */
export const BROWSER_SAFE_MODULES = new Set(['errors', 'crypto', 'merkle', 'note', 'verify']);
const BROWSER_SAFE_PACKAGES = [/^@noble\/(hashes|curves)(\/|$)/, /^#crypto-backend$/];
const NODE_ONLY_FILES = new Set(['src/crypto/backend-node.ts']);

export interface SourceFile {
  path: string; // repository-relative, forward slashes, e.g. src/merkle/inclusion.ts
  source: string;
}

export interface ImportViolation {
  path: string;
  specifier: string;
  reason: string;
}

const IMPORT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+\s+from\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

export function listImportSpecifiers(source: string): string[] {
  const specifiers: string[] = [];
  for (const match of source.matchAll(IMPORT_PATTERN)) specifiers.push((match[1] ?? match[2])!);
  return specifiers;
}

function moduleOf(path: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(path);
  return match?.[1];
}

function resolveRelative(fromPath: string, specifier: string): string {
  const parts = fromPath.split('/').slice(0, -1);
  for (const segment of specifier.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

export function findImportViolations(files: readonly SourceFile[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const file of files) {
    const fromModule = moduleOf(file.path);
    if (fromModule === undefined) continue;
    const isTest = file.path.endsWith('.test.ts');
    const allowed = ALLOWED_IMPORTS[fromModule];
    for (const specifier of listImportSpecifiers(file.source)) {
      const add = (reason: string) => violations.push({ path: file.path, specifier, reason });
      if (allowed === undefined) {
        add(`module ${fromModule} is not in the dependency table of DESIGN.md`);
        continue;
      }
      if (specifier.startsWith('.')) {
        const target = resolveRelative(file.path, specifier);
        const toModule = moduleOf(target);
        if (toModule === undefined || toModule === fromModule) continue;
        if (!allowed.includes('*') && !allowed.includes(toModule)) {
          add(`${fromModule} must not import ${toModule}`);
        } else if (target !== `src/${toModule}/index.ts`) {
          add(`import ${toModule} through src/${toModule}/index.ts, not an inner file`);
        }
        continue;
      }
      if (!BROWSER_SAFE_MODULES.has(fromModule) || isTest || NODE_ONLY_FILES.has(file.path)) continue;
      if (!BROWSER_SAFE_PACKAGES.some((pattern) => pattern.test(specifier))) {
        add(`${fromModule} runs in the browser and must not import ${specifier}`);
      }
    }
  }
  return violations;
}
