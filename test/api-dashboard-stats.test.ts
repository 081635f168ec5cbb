import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listWindowDays } from '../src/services/index.ts';
import { randomDigest, startTestNode, type TestNode } from './api-node-support.ts';
import { createUser, loginAs } from './user-support.ts';

// GET /v1/stats/dashboard and GET /v1/chains/:chain/stats/daily: entries per Beijing day by type,
// from the index's per-day counters; unit names only for operators.

describe('the dashboard statistics', () => {
  let node: TestNode;
  let unit: { name: string; apiKey: string };
  let operator: { apiKey: string };

  before(async () => {
    node = await startTestNode();
    unit = await node.createUnit();
    operator = await node.createPrincipal(['operator'], 'consortium-ops');
    for (let i = 0; i < 3; i++) {
      const single = await node.request('/v1/chains/evidence/entries', {
        token: unit.apiKey,
        json: { digest: randomDigest() },
      });
      assert.equal(single.status, 201, single.text);
    }
    const batch = await node.request('/v1/chains/evidence/entries/batch', {
      token: unit.apiKey,
      json: { entries: [{ digest: randomDigest() }, { digest: randomDigest() }] },
    });
    assert.equal(batch.status, 201, batch.text);
  });
  after(async () => node?.close());

  it("counts today's deposits for anyone, without unit names", async () => {
    const answer = await node.request('/v1/stats/dashboard?days=7');
    assert.equal(answer.status, 200, answer.text);
    assert.deepEqual(answer.json.days, listWindowDays(7));
    const evidence = answer.json.chains.find((c: { chain: string }) => c.chain === 'evidence');
    const today = answer.json.days.at(-1);
    const deposits = evidence.daily
      .filter((row: { day: string; type: string }) => row.day === today && row.type === 'evidence')
      .reduce((total: number, row: { entries: number }) => total + row.entries, 0);
    assert.equal(deposits, 5);
    assert.equal(evidence.types.evidence, 5);
    assert.equal(evidence.units, undefined);
    assert.doesNotMatch(answer.text, new RegExp(unit.name));
  });

  it('adds the per-unit series for an operator', async () => {
    const answer = await node.request('/v1/stats/dashboard', { token: operator.apiKey });
    assert.equal(answer.status, 200, answer.text);
    assert.equal(answer.json.days.length, 30);
    const evidence = answer.json.chains.find((c: { chain: string }) => c.chain === 'evidence');
    const mine = evidence.units.filter((row: { unit: string }) => row.unit === unit.name);
    assert.equal(
      mine.reduce((total: number, row: { entries: number }) => total + row.entries, 0),
      5,
    );
  });

  it('adds the per-unit series for a logged-in operator, not for a logged-in unit user', async () => {
    const password = 'a long enough test password';
    await createUser(node.url, node.adminToken, {
      name: 'ops',
      password,
      roles: ['operator'],
      organisation: 'court',
    });
    await createUser(node.url, node.adminToken, {
      name: 'plain',
      password,
      roles: ['unit'],
      organisation: 'court',
    });
    const operatorLogin = await loginAs(node.url, 'ops', password);
    const seen = await node.request('/v1/stats/dashboard', { headers: { cookie: operatorLogin.cookie } });
    assert.ok(Array.isArray(seen.json.chains[0].units), seen.text);
    const unitLogin = await loginAs(node.url, 'plain', password);
    const hidden = await node.request('/v1/stats/dashboard', { headers: { cookie: unitLogin.cookie } });
    assert.equal(hidden.json.chains[0].units, undefined);
  });

  it('answers one chain alone and refuses a window it cannot serve', async () => {
    const daily = await node.request('/v1/chains/evidence/stats/daily?days=1');
    assert.equal(daily.status, 200, daily.text);
    assert.equal(daily.json.chain, 'evidence');
    for (const days of ['0', '367', 'abc', '-1', '1e2', '9'.repeat(400)]) {
      const refused = await node.request(`/v1/stats/dashboard?days=${days}`);
      assert.equal(refused.status, 400, days);
      assert.equal(refused.json.code, 'REQUEST_INVALID', days);
    }
    assert.equal((await node.request('/v1/chains/nowhere/stats/daily')).status, 404);
    assert.deepEqual(node.loggedErrors, []);
  });
});

describe('listWindowDays', () => {
  it('ends on the Beijing day of now, oldest first', () => {
    assert.deepEqual(listWindowDays(3, Date.parse('2026-12-07T16:30:00.000Z')), [
      '2026-12-06',
      '2026-12-07',
      '2026-12-08',
    ]);
  });
});
