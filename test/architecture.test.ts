import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { findImportViolations, listImportSpecifiers, type SourceFile } from './import-rules.ts';

function readSources(dir: string): SourceFile[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return readSources(path);
    return entry.name.endsWith('.ts')
      ? [{ path: path.split('\\').join('/'), source: readFileSync(path, 'utf8') }]
      : [];
  });
}

describe('module dependency direction (DESIGN.md)', () => {
  it('holds for every file under src/', () => {
    const sources = readSources('src');
    assert.ok(sources.length > 10, 'expected to read the source tree');
    assert.deepEqual(findImportViolations(sources), []);
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
      { path: 'src/api/app.ts', source: "import { x } from '../store/index.ts';" },
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
