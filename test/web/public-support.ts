// Records the public pages' browser tests look at, made through the API as the roles that make
// them: a work registered and a licence granted then revoked by the court's unit; and a forged
// registration: a `work` entry a unit wrote itself, on a chain of its own consortium file (the
// API refuses such an entry: ENTRY_TYPE_RESERVED), whose bundle fails only the authority check.
import { createSignerKey, KEY_TYPE_ED25519 } from '../../src/crypto/index.ts';
import { signBoundEntry } from '../../src/note/index.ts';
import {
  addTestEntry,
  addTestEntryObject,
  bundleOf,
  createTestChain,
  trustFileOf,
} from '../../src/verify/testdata/test-chain.ts';
import { randomDigest } from '../api-node-support.ts';
import type { TestConsortium } from '../local-consortium-support.ts';

export interface PublicRecords {
  workNumber: string;
  workFile: string;
  licenseNumber: string;
}

async function postForm(consortium: TestConsortium, path: string, body: FormData) {
  const response = await fetch(`${consortium.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${consortium.apiKey}` },
    body,
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown> & { registration: { number: string } };
}

export async function createPublicRecords(consortium: TestConsortium): Promise<PublicRecords> {
  const workFile = `茶山记 ${randomDigest()}\n一座山，一壶茶。`;
  const form = new FormData();
  form.set(
    'metadata',
    JSON.stringify({
      title: '茶山记',
      authors: ['张若虚'],
      workType: 'text',
      creationDate: '2026-01-15',
      rightsHolder: { name: '张若虚', idNumber: '110101199001011234' },
      licenseStatement: '保留所有权利 All rights reserved',
    }),
  );
  form.set('file', new Blob([workFile]), 'tea.txt');
  const work = await postForm(consortium, '/v1/works', form);
  const workNumber = work.registration.number;
  const granted = await consortium.request(`/v1/works/${workNumber}/licenses`, {
    token: consortium.apiKey,
    json: {
      licensee: { name: '某出版社' },
      scope: ['reproduce'],
      territory: ['CN'],
      term: { start: '2026-03-01' },
      exclusivity: 'non-exclusive',
    },
  });
  if (granted.status !== 201) throw new Error(`licence: ${granted.status} ${granted.text}`);
  const licenseNumber: string = granted.json.license.number;
  const revoked = await consortium.request(`/v1/licenses/${licenseNumber}/revocation`, {
    token: consortium.apiKey,
    json: { reason: '合同到期' },
  });
  if (revoked.status !== 200) throw new Error(`revocation: ${revoked.status} ${revoked.text}`);
  return { workNumber, workFile, licenseNumber };
}

/** A bundle of a `work` entry signed by a unit's own key, with the consortium file it names. */
export function makeForgedWorkBundle(): { bundle: string; trust: string } {
  const works = createTestChain('works');
  addTestEntry(works, 'work', 'a real registration');
  const unitKey = createSignerKey('unit-b', KEY_TYPE_ED25519);
  const fields = {
    origin: works.origin,
    type: 'work',
    unit: 'unit-b',
    digest: randomDigest(),
    meta: { number: 'SC-2026-W-00000001-3', title: '伪造的登记' },
  };
  const index = addTestEntryObject(works, {
    v: 1,
    type: 'work',
    digest: fields.digest,
    unit: 'unit-b',
    time: '2026-11-21T08:00:00.001Z',
    meta: fields.meta,
    sig: signBoundEntry(fields, unitKey),
  });
  addTestEntry(works, 'evidence', 'after');
  return { bundle: JSON.stringify(bundleOf(works, index)), trust: JSON.stringify(trustFileOf([works])) };
}
