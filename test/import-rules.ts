// The module dependency direction of ../shared/DESIGN.md, checked over import specifiers.
// Layers, top to bottom: `cli → node → api → services → store → domain modules → ledger → core`
// (`crypto ← merkle ← note ← verify`; `note ← ledger ← {consortium, registry, capture, monitor, cases}`).
// `store` implements the ports the domain modules declare; `node` is the only place that constructs
// storage; `api` speaks HTTP and calls `services`; `web/` sees only `src/api/contract` and `src/verify`.

export const ALLOWED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  errors: [],
  accounts: ['errors'],
  crypto: ['errors'],
  merkle: ['errors', 'crypto'],
  note: ['errors', 'crypto', 'merkle'],
  verify: ['errors', 'crypto', 'merkle', 'note'],
  fingerprint: ['errors', 'crypto'],
  jobs: ['errors'],
  ledger: ['errors', 'crypto', 'merkle', 'note', 'verify'],
  consortium: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger'],
  capture: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger', 'jobs'],
  cases: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger'],
  certificate: ['errors', 'crypto', 'merkle', 'note', 'verify'],
  registry: ['errors', 'crypto', 'merkle', 'note', 'verify', 'ledger', 'fingerprint', 'certificate'],
  monitor: [
    'errors',
    'crypto',
    'merkle',
    'note',
    'verify',
    'ledger',
    'fingerprint',
    'capture',
    'registry',
    'jobs',
  ],
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
    'jobs',
  ],
  services: [
    'errors',
    'crypto',
    'merkle',
    'note',
    'verify',
    'timestamp',
    'fingerprint',
    'ledger',
    'consortium',
    'capture',
    'cases',
    'certificate',
    'registry',
    'monitor',
    'notices',
    'jobs',
    'accounts',
    'store',
  ],
  api: ['*'],
  node: ['*'],
  cli: ['*'],
};

/**
 * Modules a `*` module still must not import: the HTTP layer never reaches storage or the
 * composition roots (api ↛ store, api ↛ node), and nothing below the CLI imports it.
 */
export const DENIED_IMPORTS: Readonly<Record<string, readonly string[]>> = {
  api: ['store', 'node', 'cli'],
  node: ['cli'],
};

/** What the web portal (web/) may import from src/: the API contract and the verifier. */
export const WEB_ALLOWED_TARGETS: readonly RegExp[] = [
  /^src\/api\/contract(\/|$)/,
  /^src\/verify\/index\.tsx?$/,
];
/** Targets the portal may import only as types (`import type`), so no server code reaches its bundle. */
const WEB_TYPE_ONLY_TARGETS: readonly RegExp[] = [/^src\/api\/contract(\/|$)/];

/** The API contract (src/api/contract) is compiled by the portal too: zod and itself, nothing else. */
const CONTRACT_DIR = 'src/api/contract/';
const CONTRACT_PACKAGES: readonly RegExp[] = [/^zod$/, /^@hono\/zod-openapi$/];

/** The HTTP layer reaches storage through services only: no database driver, no storage port. */
const API_DENIED_PACKAGES: readonly RegExp[] = [/^pg$/, /^@electric-sql\/pglite(\/|$)/];
const STORAGE_PORT_NAME = /^(?:[A-Z]\w*Storage|SqlClient)$/;

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

const IMPORT_STATEMENT_PATTERN =
  /(?:^|[\s;])(?:import|export)\s+(type\s+)?([\w*{}\s,$]+?)\s+from\s+['"]([^'"]+)['"]|(?:^|[\s;])import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** One import or re-export: its specifier, whether the whole statement is `type`, and the names it binds. */
export interface ImportStatement {
  specifier: string;
  typeOnly: boolean;
  names: string[];
}

export function listImportStatements(source: string): ImportStatement[] {
  const statements: ImportStatement[] = [];
  for (const match of source.matchAll(IMPORT_STATEMENT_PATTERN)) {
    const specifier = (match[3] ?? match[4] ?? match[5])!;
    const names = [...(match[2] ?? '').matchAll(/(?:type\s+)?([\w$]+)(?:\s+as\s+[\w$]+)?/g)]
      .map((name) => name[1]!)
      .filter((name) => name !== 'type');
    statements.push({ specifier, typeOnly: match[1] !== undefined, names });
  }
  return statements;
}

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

function findWebViolations(file: SourceFile): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const { specifier, typeOnly } of listImportStatements(file.source)) {
    if (!specifier.startsWith('.')) continue;
    const target = resolveRelative(file.path, specifier);
    if (!target.startsWith('src/')) continue;
    if (!WEB_ALLOWED_TARGETS.some((pattern) => pattern.test(target))) {
      violations.push({
        path: file.path,
        specifier,
        reason: 'web may import only src/api/contract and src/verify/index.ts',
      });
    } else if (!typeOnly && WEB_TYPE_ONLY_TARGETS.some((pattern) => pattern.test(target))) {
      violations.push({
        path: file.path,
        specifier,
        reason: 'web may import src/api/contract only with `import type` (its schemas would bundle zod)',
      });
    }
  }
  return violations;
}

function findContractViolations(file: SourceFile): ImportViolation[] {
  return listImportSpecifiers(file.source)
    .filter((specifier) =>
      specifier.startsWith('.')
        ? !resolveRelative(file.path, specifier).startsWith(CONTRACT_DIR)
        : !CONTRACT_PACKAGES.some((pattern) => pattern.test(specifier)),
    )
    .map((specifier) => ({
      path: file.path,
      specifier,
      reason: 'the API contract may import only zod and other contract files',
    }));
}

function findApiStorageViolations(file: SourceFile): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const { specifier, names } of listImportStatements(file.source)) {
    const add = (reason: string) => violations.push({ path: file.path, specifier, reason });
    if (API_DENIED_PACKAGES.some((pattern) => pattern.test(specifier))) {
      add(`api must not import the database driver ${specifier}`);
    }
    for (const name of names.filter((n) => STORAGE_PORT_NAME.test(n))) {
      add(`api must not import the storage port ${name}: call a service`);
    }
  }
  return violations;
}

export function findImportViolations(files: readonly SourceFile[]): ImportViolation[] {
  const violations: ImportViolation[] = [];
  for (const file of files) {
    if (file.path.startsWith('web/')) {
      violations.push(...findWebViolations(file));
      continue;
    }
    if (file.path.startsWith(CONTRACT_DIR)) violations.push(...findContractViolations(file));
    const fromModule = moduleOf(file.path);
    if (fromModule === undefined) continue;
    if (fromModule === 'api') violations.push(...findApiStorageViolations(file));
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
        const denied = DENIED_IMPORTS[fromModule]?.includes(toModule) ?? false;
        if (denied || (!allowed.includes('*') && !allowed.includes(toModule))) {
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

/**
 * The import cycles among `files` (type-only imports count: a cycle of types still ties the files
 * together), each as the files of one strongly connected component, sorted. Tarjan's algorithm.
 */
export function findImportCycles(files: readonly SourceFile[]): string[][] {
  const paths = new Set(files.map((file) => file.path));
  const edges = new Map<string, string[]>();
  for (const file of files) {
    const targets = listImportSpecifiers(file.source)
      .filter((specifier) => specifier.startsWith('.'))
      .map((specifier) => resolveRelative(file.path, specifier))
      .filter((target) => paths.has(target));
    edges.set(file.path, [...new Set(targets)]);
  }
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (path: string): void => {
    order.set(path, order.size);
    low.set(path, order.get(path)!);
    stack.push(path);
    onStack.add(path);
    for (const target of edges.get(path) ?? []) {
      if (!order.has(target)) {
        visit(target);
        low.set(path, Math.min(low.get(path)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(path, Math.min(low.get(path)!, order.get(target)!));
      }
    }
    if (low.get(path) !== order.get(path)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== path);
    if (component.length > 1 || (edges.get(path) ?? []).includes(path)) cycles.push(component.sort());
  };
  for (const path of [...paths].sort()) if (!order.has(path)) visit(path);
  return cycles.sort((a, b) => a[0]!.localeCompare(b[0]!));
}
