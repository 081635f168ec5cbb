// Builds the web portal (web/ → web/dist) when its inputs changed since the last build: `npm start`
// and the test runner call it, so a fresh clone serves the portal without an extra step and a
// second start does not rebuild. The inputs are web/ (but dist), src/ (the portal runs src/verify)
// and the lock file; their paths, sizes and modification times make the fingerprint.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stampPath = join(root, 'web', 'dist', '.inputs');

function listFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'dist' || entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? listFiles(path) : [path];
  });
}

function fingerprintInputs() {
  const hash = createHash('sha256');
  const files = [
    ...listFiles(join(root, 'web')),
    ...listFiles(join(root, 'src')),
    join(root, 'package-lock.json'),
  ];
  for (const file of files.sort()) {
    const stat = statSync(file);
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const fingerprint = fingerprintInputs();
const built = existsSync(stampPath) ? readFileSync(stampPath, 'utf8') : '';
if (built === fingerprint && existsSync(join(root, 'web', 'dist', 'index.html'))) {
  process.exit(0);
}
console.log('building the web portal (web/ → web/dist)…');
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const result = spawnSync(
  process.execPath,
  [vite, 'build', '--config', join(root, 'web', 'vite.config.ts'), '--logLevel', 'warn'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (result.status !== 0) {
  console.error('the web portal did not build; see the messages above');
  process.exit(result.status ?? 1);
}
writeFileSync(stampPath, fingerprint);
