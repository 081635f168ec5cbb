import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CaptureJob } from '../capture/index.ts';
import type { Entry } from '../ledger/index.ts';
import { describeCaptureSubject, describePlainSubject } from './certificate-subjects.ts';

const DIGEST = `sha256:${'ab'.repeat(32)}`;

function makeEntry(overrides: Partial<Entry> = {}): Entry {
  return {
    v: 1,
    type: 'capture',
    digest: DIGEST,
    unit: 'platform-a',
    time: '2026-12-07T12:15:03.123Z',
    meta: { url: 'https://forged.example/' },
    ...overrides,
  };
}

function makeJob(result: Partial<NonNullable<CaptureJob['result']>> = {}): CaptureJob {
  return {
    id: '0b7c1f0e-1111-4222-8333-944455556666',
    unit: 'platform-a',
    url: 'https://site.example/page',
    options: {},
    status: 'done',
    phase: null,
    attempts: 1,
    createdAt: '2026-12-07T12:14:00.000Z',
    updatedAt: '2026-12-07T12:15:04.000Z',
    startedAt: '2026-12-07T12:14:01.000Z',
    finishedAt: '2026-12-07T12:15:04.000Z',
    anchor: { chain: 'evidence', index: 4, time: '2026-12-07T12:15:03.123Z', bundleSha256: null },
    error: null,
    result: {
      state: 'complete',
      reasons: [],
      requestedUrl: 'https://site.example/page',
      finalUrl: 'https://site.example/page',
      title: 'A page',
      targetStatus: 200,
      startedAt: '2026-12-07T12:14:02.000Z',
      endedAt: '2026-12-07T12:14:09.500Z',
      exchanges: 3,
      refusedRequests: 0,
      browser: { name: 'Chromium', version: '131.0.6778.85' },
      cleanEnvironment: { clean: true, checks: [{ id: 'fresh-profile', status: 'pass' }] },
      package: { sha256: 'cd'.repeat(32), bytes: 10, digest: DIGEST, datapackageHash: 'x', files: [] },
      ...result,
    },
  };
}

const valueOf = (subject: ReturnType<typeof describeCaptureSubject>, en: string) =>
  subject?.facts?.find((fact) => fact.label.en === en)?.value;

describe('describeCaptureSubject', () => {
  it("takes URL, times, browser and clean environment from the node's capture job, not the entry's meta", () => {
    const subject = describeCaptureSubject(makeJob(), makeEntry());
    assert.equal(subject?.kind, 'capture');
    assert.equal(valueOf(subject, 'Captured URL'), 'https://site.example/page');
    assert.equal(
      valueOf(subject, 'Capture started'),
      '2026-12-07 20:14:02 北京时间 (2026-12-07 12:14:02.000 UTC)',
    );
    assert.equal(
      valueOf(subject, 'Capture ended'),
      '2026-12-07 20:14:09 北京时间 (2026-12-07 12:14:09.500 UTC)',
    );
    assert.equal(valueOf(subject, 'Browser and version'), 'Chromium 131.0.6778.85');
    assert.match(valueOf(subject, 'Clean-environment check') ?? '', /^通过 passed/);
    assert.ok(!JSON.stringify(subject).includes('forged.example'));
  });

  it('gives no capture certificate when no job deposited the entry or its package digest differs', () => {
    assert.equal(describeCaptureSubject(null, makeEntry()), null);
    assert.equal(describeCaptureSubject(makeJob(), makeEntry({ digest: `sha256:${'ef'.repeat(32)}` })), null);
    assert.equal(describeCaptureSubject(makeJob({ package: undefined }), makeEntry()), null);
  });

  it('says what an older job did not record instead of inventing it, and names failed checks', () => {
    const subject = describeCaptureSubject(
      makeJob({
        browser: undefined,
        cleanEnvironment: { clean: false, checks: [{ id: 'proxy', status: 'fail' }] },
      }),
      makeEntry(),
    );
    assert.equal(
      valueOf(subject, 'Browser and version'),
      '本节点记录中未载明 not in this node’s capture record',
    );
    assert.match(valueOf(subject, 'Clean-environment check') ?? '', /^未通过 failed: proxy/);
  });
});

describe('describePlainSubject', () => {
  it('certifies a capture entry without a package as a digest, saying it shows no capture', () => {
    const subject = describePlainSubject(makeEntry());
    assert.equal(subject.kind, 'entry');
    assert.match(subject.facts?.[0]?.value ?? '', /no capture package is held for it/);
    assert.ok(!JSON.stringify(subject).includes('forged.example'));
  });
});
