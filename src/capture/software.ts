import { readFileSync } from 'node:fs';
import type { SoftwareDescription } from './provenance.ts';

/** sealchain's name and version, as the provenance record and the WARC name the capture software. */
export function describeSoftware(): SoftwareDescription {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  return { name: manifest.name, version: manifest.version };
}
