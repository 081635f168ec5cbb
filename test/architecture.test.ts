import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import {
  findImportCycles,
  findImportViolations,
  listImportSpecifiers,
  type SourceFile,
} from './import-rules.ts';

const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'coverage']);

function readSources(dir: string): SourceFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED_DIRS.has(entry.name) ? [] : readSources(path);
    return /\.tsx?$/.test(entry.name)
      ? [{ path: path.split('\\').join('/'), source: readFileSync(path, 'utf8') }]
      : [];
  });
}

function check(path: string, source: string) {
  return findImportViolations([{ path, source }]);
}

describe('module dependency direction (DESIGN.md)', () => {
  it('holds for every file under src/ and web/', () => {
    const sources = readSources('src');
    assert.ok(sources.length > 10, 'expected to read the source tree');
    assert.deepEqual(findImportViolations([...sources, ...readSources('web')]), []);
  });

  it('finds no import cycle under src/', () => {
    assert.deepEqual(findImportCycles(readSources('src')), []);
  });

  it('reports a cycle closed by a type-only import', () => {
    const cycles = findImportCycles([
      { path: 'src/api/context.ts', source: "import type { WorksService } from './routes/works.ts';" },
      { path: 'src/api/routes/works.ts', source: "import type { ApiContext } from '../context.ts';" },
      { path: 'src/api/app.ts', source: "import './context.ts';" },
    ]);
    assert.deepEqual(cycles, [['src/api/context.ts', 'src/api/routes/works.ts']]);
  });

  it('keeps the HTTP layer off storage and the composition roots', () => {
    assert.match(
      check('src/api/context.ts', "import type { BlobStore } from '../store/index.ts';")[0]!.reason,
      /api must not import store/,
    );
    assert.match(
      check('src/api/routes/x.ts', "import { openNode } from '../../node/index.ts';")[0]!.reason,
      /api must not import node/,
    );
    assert.deepEqual(
      check('src/api/routes/x.ts', "import { readProofBundle } from '../../services/index.ts';"),
      [],
    );
  });

  it('keeps the HTTP layer off database drivers and storage ports, whichever module exports them', () => {
    assert.match(
      check('src/api/routes/x.ts', "import type { UnitStorage } from '../../ledger/index.ts';")[0]!.reason,
      /api must not import the storage port UnitStorage/,
    );
    assert.match(
      check('src/api/routes/x.ts', "import { type SqlClient, x } from '../../services/index.ts';")[0]!.reason,
      /storage port SqlClient/,
    );
    assert.match(check('src/api/app.ts', "import pg from 'pg';")[0]!.reason, /database driver pg/);
    assert.match(
      check('src/api/app.ts', "import { PGlite } from '@electric-sql/pglite';")[0]!.reason,
      /database driver/,
    );
    assert.deepEqual(
      check('src/api/routes/x.ts', "import { LedgerError } from '../../ledger/index.ts';"),
      [],
    );
    assert.deepEqual(
      check('src/services/unit-registry.ts', "import type { UnitStorage } from '../ledger/index.ts';"),
      [],
    );
  });

  it('lets the API contract import only zod and other contract files', () => {
    assert.deepEqual(
      check(
        'src/api/contract/works.ts',
        "import { z } from '@hono/zod-openapi';\nimport { CertificateQuerySchema } from './certificates.ts';",
      ),
      [],
    );
    assert.deepEqual(check('src/api/contract/x.ts', "import { z } from 'zod';"), []);
    for (const source of [
      "import type { ApiContext } from '../context.ts';",
      "import { WORK_TYPES } from '../../registry/index.ts';",
      "import type { Job } from '../../jobs/index.ts';",
      "import { Hono } from 'hono';",
      "import { readFile } from 'node:fs/promises';",
    ]) {
      const violations = check('src/api/contract/x.ts', source);
      assert.ok(
        violations.some((v) => /contract may import only zod/.test(v.reason)),
        `expected ${source} to be refused`,
      );
    }
  });

  it('keeps services off HTTP, and domain modules off services', () => {
    assert.match(
      check('src/services/works.ts', "import type { ApiContext } from '../api/index.ts';")[0]!.reason,
      /services must not import api/,
    );
    assert.match(
      check('src/services/works.ts', "import { openNode } from '../node/index.ts';")[0]!.reason,
      /services must not import node/,
    );
    assert.match(
      check('src/registry/work-registry.ts', "import { x } from '../services/index.ts';")[0]!.reason,
      /registry must not import services/,
    );
    assert.match(
      check('src/ledger/ledger.ts', "import { x } from '../services/index.ts';")[0]!.reason,
      /ledger must not import services/,
    );
  });

  it('lets web/ import only the API contract and the verifier', () => {
    assert.deepEqual(
      check(
        'web/src/pages/verify/VerifyPage.tsx',
        "import { checkBundle } from '../../../../src/verify/index.ts';",
      ),
      [],
    );
    assert.deepEqual(
      check('web/src/api/client.ts', "import type { Bundle } from '../../../src/api/contract/bundles.ts';"),
      [],
    );
    assert.equal(
      check('web/src/api/client.ts', "import { createApp } from '../../../src/api/index.ts';").length,
      1,
    );
    assert.equal(
      check('web/src/api/client.ts', "import { x } from '../../../src/store/index.ts';").length,
      1,
    );
    assert.equal(
      check('web/src/api/client.ts', "import { x } from '../../../src/verify/bundle.ts';").length,
      1,
    );
    assert.deepEqual(check('web/src/main.tsx', "import { App } from './App.tsx';\nimport 'antd';"), []);
  });

  it('lets web/ take the API contract only as types, so no schema (nor zod) reaches the bundle', () => {
    const contract = "'../../../../src/api/contract/index.ts'";
    assert.deepEqual(check('web/src/pages/a/A.tsx', `import type { WorkView } from ${contract};`), []);
    assert.deepEqual(
      check('web/src/api/x.ts', "export type { WorkView } from '../../../src/api/contract/index.ts';"),
      [],
    );
    for (const source of [
      `import { WORK_TYPES } from ${contract};`,
      `import { type WorkView } from ${contract};`,
      `export { WorkSchema } from ${contract};`,
      `import ${contract};`,
      `const contract = await import(${contract});`,
    ]) {
      const violations = check('web/src/pages/a/A.tsx', source);
      assert.equal(violations.length, 1, source);
      assert.match(violations[0]!.reason, /only with `import type`/);
    }
    assert.deepEqual(
      check('web/src/pages/verify/V.tsx', "import { checkBundle } from '../../../../src/verify/index.ts';"),
      [],
    );
  });

  it('reports verify importing ledger', () => {
    const violations = findImportViolations([
      { path: 'src/verify/bundle.ts', source: "import { append } from '../ledger/index.ts';" },
    ]);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.reason, /verify must not import ledger/);
  });

  it("reports an import of another module's inner file", () => {
    const violations = findImportViolations([
      { path: 'src/note/checkpoint.ts', source: "import { sha256 } from '../crypto/digest.ts';" },
    ]);
    assert.equal(violations.length, 1);
    assert.match(violations[0]!.reason, /through src\/crypto\/index\.ts/);
  });

  it('reports a Node built-in in a browser-safe module but not in its tests', () => {
    const violations = findImportViolations([
      { path: 'src/merkle/tiles.ts', source: "import { readFile } from 'node:fs/promises';" },
      { path: 'src/merkle/tiles.test.ts', source: "import { test } from 'node:test';" },
    ]);
    assert.deepEqual(
      violations.map((v) => v.path),
      ['src/merkle/tiles.ts'],
    );
  });

  it('accepts imports along the direction, through index.ts', () => {
    const violations = findImportViolations([
      {
        path: 'src/ledger/append.ts',
        source: "import { signNote } from '../note/index.ts';\nimport './local.ts';",
      },
      { path: 'src/api/app.ts', source: "import { x } from '../services/index.ts';" },
      { path: 'src/node/node.ts', source: "import { x } from '../store/index.ts';" },
    ]);
    assert.deepEqual(violations, []);
  });

  it('finds static, type-only, re-export and dynamic imports', () => {
    const source = [
      "import a from './a.ts';",
      "import type { B } from './b.ts';",
      "export { c } from './c.ts';",
      "const d = await import('./d.ts');",
      "import './e.ts';",
    ].join('\n');
    assert.deepEqual(listImportSpecifiers(source), ['./a.ts', './b.ts', './c.ts', './d.ts', './e.ts']);
  });
});
