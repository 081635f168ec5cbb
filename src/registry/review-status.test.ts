import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealchainError } from '../errors/index.ts';
import {
  describeRegistrationHold,
  readRegistrationStatus,
  requireCertifiable,
  toLicenseStatus,
} from './review-status.ts';
import type { StoredLicense, StoredWork } from './storage.ts';

const ENTRY = { index: 4, leafHash: 'ab'.repeat(32), time: '2026-03-01T08:00:00.000Z' };

function work(overrides: Partial<StoredWork> = {}): StoredWork {
  return {
    id: 1,
    number: 'SC-2026-W-00000002-W',
    unit: 'center',
    metadata: {
      title: '小咖啡',
      authors: ['甲'],
      workType: 'image',
      creationDate: '2026-01-01',
      rightsHolder: { name: '乙' },
    },
    fileName: 'a.jpg',
    fingerprint: {
      sha256: '00'.repeat(32),
      sizeBytes: 1,
      mediaType: 'image',
      format: 'jpeg',
      iscc: 'ISCC:x',
      instanceCode: 'ISCC:i',
      dataCode: 'ISCC:d',
    },
    similar: [
      {
        number: 'SC-2026-W-00000001-Y',
        title: '咖啡',
        time: '2026-02-01T00:00:00.000Z',
        similarity: 0.93,
        basis: 'pdq',
      },
    ],
    disclosures: {},
    entryRequest: { type: 'work', digest: `sha256:${'00'.repeat(32)}`, meta: {} },
    entry: ENTRY,
    review: 'pending-review',
    decision: null,
    ...overrides,
  };
}

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return isSealchainError(error) ? error.code : 'UNTYPED';
  }
  return undefined;
}

describe('readRegistrationStatus and requireCertifiable', () => {
  it('holds a registration under review and names the earlier one in both languages', () => {
    const held = work();
    assert.equal(readRegistrationStatus(held), 'pending-review');
    assert.equal(
      codeOf(() => requireCertifiable(held)),
      'REGISTRATION_UNDER_REVIEW',
    );
    const hold = describeRegistrationHold(held)!;
    assert.match(
      hold.en,
      /under review, similar to SC-2026-W-00000001-Y "咖啡" registered at 2026-02-01T00:00:00.000Z/,
    );
    assert.match(hold.zh, /正在审查中：与 SC-2026-W-00000001-Y《咖啡》（登记于 2026-02-01T00:00:00.000Z/);
  });

  it('certifies an approved registration and one that never needed review, not a rejected one', () => {
    const decision = {
      decision: 'reject' as const,
      reason: '抄袭',
      registrar: 'r',
      entryRequest: work().entryRequest,
      entry: { ...ENTRY, index: 9 },
    };
    assert.equal(
      codeOf(() =>
        requireCertifiable(work({ review: 'approved', decision: { ...decision, decision: 'approve' } })),
      ),
      undefined,
    );
    assert.equal(
      codeOf(() => requireCertifiable(work({ review: null, similar: [] }))),
      undefined,
    );
    const rejected = work({ review: 'rejected', decision });
    assert.equal(readRegistrationStatus(rejected), 'rejected');
    assert.equal(
      codeOf(() => requireCertifiable(rejected)),
      'REGISTRATION_REJECTED',
    );
    assert.match(
      describeRegistrationHold(rejected)!.en,
      /rejected at 2026-03-01T08:00:00.000Z \(entry 9\): 抄袭/,
    );
    assert.equal(
      codeOf(() => requireCertifiable(work({ entry: null, review: null }))),
      'REGISTRATION_PENDING',
    );
  });
});

describe('toLicenseStatus', () => {
  it('is revoked exactly when the revocation has its entry', () => {
    const license: StoredLicense = {
      id: 1,
      number: 'SC-2026-L-00000001-0',
      workNumber: 'SC-2026-W-00000001-Y',
      unit: 'center',
      licensor: '张若虚',
      terms: {
        licensee: { name: 'L' },
        scope: ['reproduce'],
        territory: ['CN'],
        term: { start: '2026-01-01' },
        exclusivity: 'sole',
        domains: [],
        appIds: [],
      },
      disclosures: {},
      entryRequest: work().entryRequest,
      entry: ENTRY,
      revocation: { reason: 'x', entryRequest: work().entryRequest, entry: null },
    };
    assert.equal(toLicenseStatus(license).status, 'granted');
    const revoked = toLicenseStatus({
      ...license,
      revocation: { ...license.revocation!, entry: { ...ENTRY, index: 7 } },
    });
    assert.deepEqual(
      [revoked.status, revoked.revocation?.entry.index, revoked.licensor],
      ['revoked', 7, '张若虚'],
    );
  });
});
