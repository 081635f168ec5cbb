import assert from 'node:assert/strict';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SERVICE_ENTRY_TYPES } from '../src/accounts/index.ts';
import { locateLocalNode } from '../src/node/index.ts';
import { randomDigest, type Answer } from './api-node-support.ts';
import { startTestConsortium, type TestConsortium } from './local-consortium-support.ts';

// Issue 22, hostile input: an attacker holding a valid unit key of a platform organisation, against
// the local consortium. Each attempt answers 403/422 with a stable code, leaves no entry and no
// stored file, and is written to the security audit log of the node that refused it.

const CHAINS = ['evidence', 'works'];

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
}

function assertRefused(answer: Answer, status: number, code: string): void {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.json.code, code, answer.text);
  assert.match(answer.headers.get('content-type') ?? '', /^application\/problem\+json/);
}

describe('a unit key attacking roles and entry types', () => {
  let consortium: TestConsortium;
  let adminToken: string;
  let attacker: { id: string; name: string; apiKey: string };

  /** The audit lines of each node, by node. */
  const auditLinesByNode = () =>
    CHAINS.map((node) => {
      const path = join(locateLocalNode(consortium.dataDir, node).dataDir, 'security-audit.jsonl');
      return existsSync(path)
        ? readFileSync(path, 'utf8')
            .split('\n')
            .filter((line) => line !== '')
            .map((line) => JSON.parse(line))
        : [];
    });
  const auditLines = () => auditLinesByNode().flat();
  const blobFiles = () =>
    CHAINS.reduce(
      (sum, node) => sum + countFiles(join(locateLocalNode(consortium.dataDir, node).dataDir, 'blobs')),
      0,
    );
  /** Entries of each chain other than anchors (the chains anchor each other all along). */
  const sizes = async () =>
    Promise.all(
      CHAINS.map(async (chain) => {
        const stats = (await consortium.request(`/v1/chains/${chain}/stats`)).json;
        return stats.entries - (stats.types.anchor ?? 0);
      }),
    );

  /** Runs `attack`, then checks no chain grew, no file was stored and the audit log gained `codes`. */
  async function expectRefusedAndAudited(codes: string[], attack: () => Promise<void>): Promise<void> {
    const sizesBefore = await sizes();
    const filesBefore = blobFiles();
    const auditBefore = auditLinesByNode().map((lines) => lines.length);
    await attack();
    assert.deepEqual(await sizes(), sizesBefore, 'no entry is written');
    assert.equal(blobFiles(), filesBefore, 'no file is stored');
    const added = auditLinesByNode()
      .flatMap((lines, i) => lines.slice(auditBefore[i]))
      .sort((a, b) => a.time.localeCompare(b.time));
    assert.deepEqual(
      added.map((line: { code: string }) => line.code),
      codes,
    );
    for (const line of added) {
      assert.equal(line.principal, attacker.name);
      assert.equal(line.organisation, 'video-platform');
      assert.match(line.time, /^\d{4}-\d\d-\d\dT/);
    }
  }

  before(async () => {
    consortium = await startTestConsortium();
    adminToken = consortium.running.adminToken!;
    const org = await consortium.request('/v1/organisations', {
      token: adminToken,
      json: { name: 'video-platform' },
    });
    assert.equal(org.status, 201, org.text);
    const created = await consortium.request('/v1/principals', {
      token: adminToken,
      json: { name: 'video-uploader', organisation: 'video-platform', roles: ['unit'] },
    });
    assert.equal(created.status, 201, created.text);
    attacker = created.json;
  });

  after(() => consortium.close());

  it('cannot write any reserved or unknown type through single, batch or upload deposits, on either chain', async () => {
    const types = [...Object.keys(SERVICE_ENTRY_TYPES), 'checkpoint', 'admin', 'Work', 'registration'];
    const attempts = types.length * CHAINS.length * 3;
    await expectRefusedAndAudited(Array(attempts).fill('ENTRY_TYPE_RESERVED'), async () => {
      for (const chain of CHAINS) {
        for (const type of types) {
          const single = await consortium.request(`/v1/chains/${chain}/entries`, {
            token: attacker.apiKey,
            json: { digest: randomDigest(), type, meta: { number: 'SC-2026-0000001' } },
          });
          assertRefused(single, 403, 'ENTRY_TYPE_RESERVED');
          const batch = await consortium.request(`/v1/chains/${chain}/entries/batch`, {
            token: attacker.apiKey,
            json: { entries: [{ digest: randomDigest() }, { digest: randomDigest(), type }] },
          });
          assertRefused(batch, 403, 'ENTRY_TYPE_RESERVED');
          assert.equal(batch.json.details.field, 'entries[1].type');
          const upload = await consortium.request(
            `/v1/chains/${chain}/uploads?type=${encodeURIComponent(type)}`,
            {
              token: attacker.apiKey,
              body: `a file claiming to be a ${type}`,
              headers: { 'content-type': 'application/octet-stream' },
            },
          );
          assertRefused(upload, 403, 'ENTRY_TYPE_RESERVED');
        }
      }
    });
  });

  it('cannot write in another organisation’s namespace, but may in its own', async () => {
    await expectRefusedAndAudited(['ENTRY_TYPE_FOREIGN', 'ENTRY_TYPE_FOREIGN'], async () => {
      for (const type of ['x-court/ruling', 'x-copyright-center/work']) {
        assertRefused(
          await consortium.request('/v1/chains/evidence/entries', {
            token: attacker.apiKey,
            json: { digest: randomDigest(), type },
          }),
          403,
          'ENTRY_TYPE_FOREIGN',
        );
      }
    });
    const own = await consortium.request('/v1/chains/evidence/entries', {
      token: attacker.apiKey,
      json: { digest: randomDigest(), type: 'x-video-platform/screenshot' },
    });
    assert.equal(own.status, 201, own.text);
    assert.equal(JSON.parse(own.json.entry).type, 'x-video-platform/screenshot');
  });

  it('cannot record a court verification, nor can a judge of another organisation', async () => {
    const final = await consortium.depositFinal('evidence');
    const statsBefore = (await consortium.request('/v1/stats')).json.totals.verifications;
    await expectRefusedAndAudited(['ROLE_REQUIRED'], async () => {
      assertRefused(
        await consortium.request('/v1/verifications', {
          token: attacker.apiKey,
          json: { chain: 'evidence', index: final.index, caseNumber: '(2026)京0491民初9号' },
        }),
        403,
        'ROLE_REQUIRED',
      );
    });
    const foreignJudge = await consortium.request('/v1/principals', {
      token: adminToken,
      json: { name: 'platform-judge', organisation: 'video-platform', roles: ['judge'] },
    });
    const refused = await consortium.request('/v1/verifications', {
      token: foreignJudge.json.apiKey,
      json: { chain: 'evidence', index: final.index, caseNumber: '(2026)京0491民初9号' },
    });
    assertRefused(refused, 403, 'ORGANISATION_REQUIRED');
    assert.equal((await consortium.request('/v1/stats')).json.totals.verifications, statsBefore);
    const clerk = await consortium.request('/v1/verifications', {
      token: consortium.apiKey,
      json: { chain: 'evidence', index: final.index, caseNumber: '(2026)京0491民初9号' },
    });
    assert.equal(clerk.status, 201, clerk.text);
    assert.equal((await consortium.request('/v1/stats')).json.totals.verifications, statsBefore + 1);
  });

  it('cannot make principals, rename itself into a role, or rotate keys', async () => {
    const codes = ['FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN', 'FORBIDDEN'];
    await expectRefusedAndAudited(codes, async () => {
      const asAttacker = (path: string, json: unknown) =>
        consortium.request(path, { token: attacker.apiKey, json });
      assertRefused(
        await asAttacker('/v1/principals', { name: 'video-judge', organisation: 'court', roles: ['judge'] }),
        403,
        'FORBIDDEN',
      );
      assertRefused(await asAttacker('/v1/units', { name: 'court' }), 403, 'FORBIDDEN');
      assertRefused(await asAttacker(`/v1/principals/${attacker.id}/key`, {}), 403, 'FORBIDDEN');
      assertRefused(await asAttacker('/v1/organisations', { name: 'court-2' }), 403, 'FORBIDDEN');
    });
    const principals = (await consortium.request('/v1/principals', { token: adminToken })).json.units;
    assert.deepEqual(
      principals.filter((p: { name: string }) => p.name === 'video-judge' || p.name === 'court'),
      [],
    );
  });

  it('refuses, even to the admin, principal names that are or look like roles, members or others', async () => {
    const before = (await consortium.request('/v1/principals', { token: adminToken })).json.units.length;
    for (const name of [
      'court',
      'Court',
      'c0urt',
      'ｃｏｕｒｔ',
      'сourt',
      'judge',
      'CLERK',
      'Video-Uploader',
      'vide0-uploader',
    ]) {
      const answer = await consortium.request('/v1/units', { token: adminToken, json: { name } });
      assert.ok(answer.status === 422 || answer.status === 409, `${name}: ${answer.text}`);
      assert.ok(['NAME_RESERVED', 'UNIT_NAME_TAKEN'].includes(answer.json.code), `${name}: ${answer.text}`);
    }
    assert.equal(
      (await consortium.request('/v1/principals', { token: adminToken })).json.units.length,
      before,
    );
    const reserved = auditLines().filter((line: { code: string }) => line.code === 'NAME_RESERVED');
    assert.ok(reserved.length >= 7, JSON.stringify(reserved));
  });

  it('rotates a key: the new key works at once on both chains, the old one stops at once on the home node', async () => {
    const victim = await consortium.request('/v1/principals', {
      token: adminToken,
      json: { name: 'rotating-platform', organisation: 'video-platform', roles: ['unit'] },
    });
    const oldKey: string = victim.json.apiKey;
    for (const chain of CHAINS) {
      const used = await consortium.request(`/v1/chains/${chain}/entries`, {
        token: oldKey,
        json: { digest: randomDigest() },
      });
      assert.equal(used.status, 201, used.text);
    }
    const rotated = await consortium.request(`/v1/principals/${victim.json.id}/key`, {
      token: adminToken,
      json: {},
    });
    assert.equal(rotated.status, 200, rotated.text);
    assert.notEqual(rotated.json.apiKey, oldKey);
    const deposit = (chain: string, token: string) =>
      consortium.request(`/v1/chains/${chain}/entries`, { token, json: { digest: randomDigest() } });
    assertRefused(await deposit('evidence', oldKey), 401, 'UNAUTHENTICATED');
    for (const chain of CHAINS) assert.equal((await deposit(chain, rotated.json.apiKey)).status, 201);
    // The works chain's node caches a principal for unitCacheMs (5 s): the old key ends there by then.
    await new Promise((resolve) => setTimeout(resolve, 5_100));
    assertRefused(await deposit('works', oldKey), 401, 'UNAUTHENTICATED');
  });

  it('shows anonymous callers totals without unit names in /v1/stats and /metrics', async () => {
    const anonymous = await consortium.request('/v1/stats');
    assert.equal(anonymous.status, 200);
    assert.doesNotMatch(anonymous.text, /video-uploader|court-clerk/);
    for (const chain of anonymous.json.chains) assert.equal(chain.units, undefined);
    assert.doesNotMatch((await consortium.request('/metrics')).text, /video-uploader|court-clerk/);
    assert.doesNotMatch(
      (await consortium.request('/v1/chains/evidence/stats', { token: attacker.apiKey })).text,
      /video-uploader|court-clerk/,
    );
    const operator = await consortium.request('/v1/principals', {
      token: adminToken,
      json: { name: 'night-operator', organisation: 'court', roles: ['operator'] },
    });
    const detailed = await consortium.request('/v1/chains/evidence/stats', { token: operator.json.apiKey });
    assert.ok(
      detailed.json.units.some((u: { unit: string }) => u.unit === 'video-uploader'),
      detailed.text,
    );
  });
});
