import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  decideAccess,
  findAccess,
  formatRouteKey,
  PERMISSIONS,
  replacePermissionTable,
  ROLES,
  type Caller,
  type Role,
} from '../src/accounts/index.ts';
import { createApp, ROUTE_MODULES } from '../src/api/index.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// The permission table against the real app of the court's evidence node in a started local
// consortium: every registered route has an entry, and every route answers every caller (anonymous,
// the admin token, a principal of each role of the court, a judge of another member) with 401/403
// exactly when the table denies it.

const SAMPLE_PARAMS: Readonly<Record<string, string>> = {
  chain: 'evidence',
  index: '0',
  anchored: 'works',
  number: 'SC-2026-0000001',
  id: '0123456789abcdef',
  asset: 'none.js',
  member: 'court',
};

function samplePath(path: string): string {
  return path.replace(/:([a-z]+)/gi, (_, name: string) => SAMPLE_PARAMS[name] ?? 'x').replace('*', '0/000');
}

interface WalkCaller {
  label: string;
  caller: Caller;
  token: string | undefined;
}

describe('the permission table', () => {
  let consortium: TestConsortium;
  let routes: { method: string; path: string }[];
  const callers: WalkCaller[] = [];

  before(async () => {
    consortium = await startTestConsortium();
    const evidence = consortium.running.sequencers.get('evidence')!;
    routes = evidence.app.routes
      .filter((route) => route.method !== 'ALL')
      .map((route) => ({ method: route.method, path: route.path }))
      .filter(
        (route, i, all) => all.findIndex((r) => r.method === route.method && r.path === route.path) === i,
      );
    const adminToken = consortium.running.adminToken!;
    callers.push({ label: 'anonymous', caller: { kind: 'anonymous' }, token: undefined });
    callers.push({ label: 'admin token', caller: { kind: 'admin' }, token: adminToken });
    const create = async (name: string, organisation: string, roles: Role[]) => {
      const answer = await consortium.request('/v1/principals', {
        token: adminToken,
        json: { name, organisation, roles },
      });
      assert.equal(answer.status, 201, answer.text);
      return answer.json.apiKey as string;
    };
    for (const role of ROLES) {
      callers.push({
        label: `${role} of the court`,
        caller: { kind: 'principal', roles: [role], memberRole: 'court' },
        token: await create(`walk-${role}`, 'court', [role]),
      });
    }
    callers.push({
      label: 'judge of the notary',
      caller: { kind: 'principal', roles: ['judge'], memberRole: 'notary' },
      token: await create('walk-notary-judge', 'notary', ['judge']),
    });
  });

  after(() => consortium.close());

  it('has an entry for every route the app registers, and the app refuses to build with one missing', () => {
    assert.ok(routes.length > 40, `only ${routes.length} routes`);
    const missing = routes
      .filter((r) => findAccess(r.method, r.path) === undefined)
      .map((r) => formatRouteKey(r.method, r.path));
    assert.deepEqual(missing, []);
    const context = consortium.running.sequencers.get('evidence')!.context;
    assert.throws(
      () =>
        createApp(context, 'test', [
          ...ROUTE_MODULES,
          (app) => {
            app.get('/v1/unlisted', (c) => c.text('open'));
          },
        ]),
      /permission table.*GET \/v1\/unlisted/,
    );
  });

  it('answers every route × every caller with 401/403 exactly when the table denies it', async () => {
    const mismatches: string[] = [];
    for (const route of routes) {
      const access = findAccess(route.method, route.path)!;
      for (const { label, caller, token } of callers) {
        const answer = await consortium.requestNode('evidence', samplePath(route.path), {
          method: route.method,
          ...(token === undefined ? {} : { token }),
          ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { json: {} }),
        });
        const denied = answer.status === 401 || answer.status === 403;
        const expectDenied = decideAccess(access, caller) !== 'allow';
        if (denied !== expectDenied) {
          mismatches.push(
            `${formatRouteKey(route.method, route.path)} as ${label}: ${answer.status} ${answer.text.slice(0, 160)}`,
          );
        }
        if (expectDenied && caller.kind === 'anonymous')
          assert.equal(answer.status, 401, `${route.path} ${answer.text}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('declares a bearer credential in /openapi.json exactly on the routes that need one', async () => {
    const document = (await consortium.requestNode('evidence', '/openapi.json')).json;
    let checked = 0;
    for (const [path, operations] of Object.entries(
      document.paths as Record<string, Record<string, { security?: unknown[] }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        const access = findAccess(method, path.replace(/\{([^}]+)\}/g, ':$1'));
        if (access === undefined) continue;
        checked += 1;
        assert.equal((operation.security?.length ?? 0) > 0, access.kind !== 'public', `${method} ${path}`);
      }
    }
    assert.ok(checked > 40, `${checked} operations checked`);
  });

  it('is printed, current, in docs/permissions.md', () => {
    const document = readFileSync(new URL('../docs/permissions.md', import.meta.url), 'utf8');
    assert.equal(
      document,
      replacePermissionTable(document),
      'run: node --import tsx scripts/write-permissions-doc.ts',
    );
    for (const route of Object.keys(PERMISSIONS)) assert.ok(document.includes(`\`${route}\``), route);
  });
});
