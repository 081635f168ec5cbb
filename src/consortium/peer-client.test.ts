import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import { PeerClient } from './peer-client.ts';
import { serveFetch, type RunningFetchServer } from './test-support/fetch-server.ts';

// A chain's node as another node reads its cases over HTTP on 127.0.0.1: a good page, and every
// answer that is not one, refused as PEER_UNAVAILABLE.

describe('PeerClient.readCases', () => {
  let server: RunningFetchServer;
  let answer: () => Response = () => Response.json({ cases: [] });
  const requested: string[] = [];

  before(async () => {
    server = await serveFetch((request) => {
      const url = new URL(request.url);
      requested.push(`${url.pathname} ${[...url.searchParams].map(([k, v]) => `${k}=${v}`).join(' ')}`);
      return answer();
    });
  });

  after(() => server.close());

  it('asks for a page after a case number and returns its cases', async () => {
    const cases = [
      { caseNumber: '(2026)京0491民初1号', verifications: 3, crossChainVerifications: 1 },
      { caseNumber: 'case-b', verifications: 1, crossChainVerifications: 0 },
    ];
    answer = () => Response.json({ cases: cases.map((c) => ({ ...c, extra: true })) });
    const client = new PeerClient(server.url);
    assert.deepEqual(await client.readCases('works', '(2026)京0491民初0号', 2), cases);
    assert.deepEqual(await client.readCases('works', null, 1000), cases);
    assert.deepEqual(requested, [
      '/v1/chains/works/cases limit=2 after=(2026)京0491民初0号',
      '/v1/chains/works/cases limit=1000',
    ]);
  });

  it('refuses answers that are not a page of cases', async () => {
    const client = new PeerClient(server.url);
    const good = { caseNumber: 'a', verifications: 1, crossChainVerifications: 0 };
    const refused: (() => Response)[] = [
      () => Response.json({ cases: [good, { ...good, caseNumber: 'b' }, { ...good, caseNumber: 'c' }] }),
      () => Response.json({ cases: [{ ...good, caseNumber: '' }] }),
      () => Response.json({ cases: [{ ...good, verifications: '1' }] }),
      () => Response.json({ cases: [{ ...good, crossChainVerifications: 2 }] }),
      () => Response.json({ cases: [{ ...good, crossChainVerifications: -1 }] }),
      () => Response.json({ cases: [null] }),
      () => Response.json({ cases: 'a' }),
      () => Response.json(null),
      () => new Response('not json', { status: 200 }),
      () => Response.json({ cases: [good] }, { status: 404 }),
    ];
    for (const [i, make] of refused.entries()) {
      answer = make;
      await assert.rejects(
        client.readCases('works', null, 2),
        (error: unknown) => isSealchainError(error) && error.code === 'PEER_UNAVAILABLE',
        `answer ${i}`,
      );
    }
  });
});

describe('PeerClient.readEntryKind', () => {
  let server: RunningFetchServer;
  let answer: () => Response = () => Response.json({});
  const requested: string[] = [];

  before(async () => {
    server = await serveFetch((request) => {
      requested.push(new URL(request.url).pathname);
      return answer();
    });
  });

  after(() => server.close());

  const anchorEntry =
    '{"digest":"sha256:00","meta":{},"time":"2026-12-07T18:00:00.000Z","type":"anchor","unit":"consortium:anchor","v":1}';

  it('reads the type and unit of the entry the node serves', async () => {
    const client = new PeerClient(server.url);
    answer = () => Response.json({ index: 7, entry: anchorEntry });
    assert.deepEqual(await client.readEntryKind('works', 7), { type: 'anchor', unit: 'consortium:anchor' });
    assert.deepEqual(requested, ['/v1/chains/works/entries/7']);
    answer = () => Response.json({ index: 7, entry: '{"not":"an entry"}' });
    assert.equal(await client.readEntryKind('works', 7), null);
  });

  it('refuses an answer without an entry', async () => {
    const client = new PeerClient(server.url);
    for (const make of [
      () => Response.json({ entry: anchorEntry }, { status: 404 }),
      () => Response.json({ entry: 3 }),
      () => Response.json(null),
    ]) {
      answer = make;
      await assert.rejects(
        client.readEntryKind('works', 7),
        (error: unknown) => isSealchainError(error) && error.code === 'PEER_UNAVAILABLE',
      );
    }
  });
});
