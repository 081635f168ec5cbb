// Rewrites the permission table in docs/permissions.md from src/accounts/permissions.ts:
//   node --import tsx scripts/write-permissions-doc.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { replacePermissionTable } from '../src/accounts/index.ts';

const path = new URL('../docs/permissions.md', import.meta.url);
writeFileSync(path, replacePermissionTable(readFileSync(path, 'utf8')));
